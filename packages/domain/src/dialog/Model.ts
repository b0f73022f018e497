import { Schema } from "effect"
import type { ProductView } from "../catalog/Catalog.ts"
import type { SearchResult } from "../catalog/Search.ts"
import { Language, type Owner } from "../conversation/Model.ts"
import { InboundImage } from "../inbound/InboundEvent.ts"
import type { Offer } from "../offer/Model.ts"
import { FieldName } from "../order/Fields.ts"
import { LineSpec, type Order } from "../order/Model.ts"
import { NluExpectedField } from "../ports/Nlu.ts"
import { OfferId, ProductId, Sku, type Timestamp } from "../shared/Ids.ts"
import { Money } from "../shared/Money.ts"
import type { ShopSettings } from "../shared/ShopSettings.ts"

/** Where the sale stands (SPEC §3.8): browsing → collecting fields → confirming → awaiting payment → done. */
export const Stage = Schema.Literals(["idle", "browsing", "collecting", "confirming", "awaiting_payment", "done"])
export type Stage = typeof Stage.Type

/** One item of the last list the bot showed, so "the second one" can be resolved. */
export const Shown = Schema.Struct({ kind: Schema.Literals(["product", "offer"]), id: Schema.String })
export type Shown = typeof Shown.Type

/** The dialog's memory between turns; stored next to the conversation. */
export const DialogState = Schema.Struct({
  stage: Stage,
  shown: Schema.Array(Shown),
  /** The product being talked about ("do you have it in 39?"). */
  focus: Schema.NullOr(ProductId),
  /** Products on the current draft, so `plan` can ask for their availability. */
  draftProducts: Schema.Array(ProductId),
  /** The size/colour the customer asked about for the focus ("39?"), used when they then take it. */
  picked: Schema.optionalKey(
    Schema.Struct({ size: Schema.optionalKey(Schema.String), color: Schema.optionalKey(Schema.String) })
  ),
  /** What the bot just asked for: passed to the NLU so a bare "38" reads as a size. */
  expecting: Schema.NullOr(NluExpectedField),
  /** `unknown` turns in a row; the second hands off (SPEC §3.7). */
  misses: Schema.Int
})
export type DialogState = typeof DialogState.Type

export const initialDialogState: DialogState = {
  stage: "idle",
  shown: [],
  focus: null,
  draftProducts: [],
  expecting: null,
  misses: 0
}

/** A template parameter: text, a count, or Money (rendered with Money.format, so never NaN). */
export const Param = Schema.Union([Schema.String, Schema.Number, Money])
export type Param = typeof Param.Type
export type Params = Readonly<Record<string, Param>>

/**
 * What `decide` wants done, as data. Replies name a template (Templates.ts) and its parameters;
 * the worker renders, optionally lets the ReplyWriter reword, and sends. The rest are commands for
 * the Orders / Offers services and the conversation.
 */
export const DialogAction = Schema.TaggedUnion({
  Reply: { key: Schema.String, params: Schema.Record(Schema.String, Param), language: Language },
  Photos: { urls: Schema.Array(Schema.String) },
  QuickReplies: { options: Schema.Array(Schema.String) },
  /** Add to the conversation's draft; with no draft (or a non-draft order attached) draft a new one in the line's currency. */
  AddLineToDraft: { line: LineSpec },
  SetOrderField: {
    field: FieldName,
    value: Schema.String,
    line: Schema.optionalKey(Schema.Int),
    sku: Schema.optionalKey(Sku)
  },
  PlaceOrder: {},
  CancelOrder: { reason: Schema.String },
  /** Read each image with the PaymentEvidenceReader and submit it for the attached order. */
  SubmitPaymentEvidence: { images: Schema.Array(InboundImage) },
  ClaimOffer: { offerId: OfferId, qty: Schema.Int },
  Handoff: { by: Schema.Literals(["customer", "nlu"]) },
  OptOut: {}
})
export type DialogAction = typeof DialogAction.Type
export type ReplyAction = Extract<DialogAction, { readonly _tag: "Reply" }>

/** What one turn decided: the next state and the actions, in order. */
export interface Decision {
  readonly state: DialogState
  readonly actions: ReadonlyArray<DialogAction>
}

/** Phase 1 (`plan`): the data `decide` needs this turn. */
export interface DialogNeeds {
  /** Run `Catalog.search` with this text, or nothing. */
  readonly search: string | null
  /** `Catalog.view` each of these (availability of the focus, the shown list and the draft's products). */
  readonly products: ReadonlyArray<ProductId>
}

/** Phase 2 input: everything `decide` may quote. Prices and stock come only from here. */
export interface DialogContext {
  readonly now: Timestamp
  readonly owner: Owner
  readonly settings: ShopSettings
  readonly search: ReadonlyArray<SearchResult>
  readonly products: ReadonlyArray<ProductView>
  /** The conversation's attached order, if any. */
  readonly order: Order | null
  /** The shop's active offers. */
  readonly offers: ReadonlyArray<Offer>
  /** Images that came with this turn (payment screenshots): links, or platform media ids. */
  readonly attachments: ReadonlyArray<InboundImage>
  /** How to pay, as the shop wrote it ("Kaspi +7 701 000 00 00, Aigerim"); empty when not configured. */
  readonly paymentDetails: string
  /** The shop's name for the greeting. */
  readonly shopName?: string
  /** What the channel told us about the customer: a new draft is prefilled with it (so it isn't asked). */
  readonly customer?: { readonly phone?: string; readonly name?: string }
}

/** What happened when the worker ran an action; `onOutcome` turns it into replies. */
export type Outcome =
  | { readonly _tag: "OrderPlaced"; readonly order: Order }
  | { readonly _tag: "PlaceFailed"; readonly order: Order }
  | { readonly _tag: "PaymentDecided"; readonly order: Order }
  | { readonly _tag: "OrderCancelled"; readonly order: Order }
  | { readonly _tag: "CancelRefused"; readonly order: Order }
  | { readonly _tag: "OfferClaimed"; readonly offer: Offer; readonly qty: number }
  | { readonly _tag: "ClaimFailed"; readonly reason: string }
  | { readonly _tag: "FieldRejected"; readonly field: FieldName }
