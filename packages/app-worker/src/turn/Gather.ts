import {
  Catalog,
  type Conversation,
  defaultShopSettings,
  Dialog,
  Nlu,
  type NluResult,
  Offer,
  Order,
  type ShopSettings,
  Tenant,
  type Timestamp,
  timestamp
} from "@chatshop/domain"
import { Clock, Effect, Result, Schema } from "effect"
import type { PendingMessage } from "../TurnStore.ts"

const decodeState = Schema.decodeUnknownResult(Dialog.DialogState)

/** The stored dialog state; a missing or unreadable one starts over. */
export const dialogStateOf = (stored: unknown): Dialog.DialogState => {
  if (stored === null || stored === undefined) return Dialog.initialDialogState
  const decoded = decodeState(stored)
  return Result.isSuccess(decoded) ? decoded.success : Dialog.initialDialogState
}

/** The shop's settings and name; a tenant without a row (tests, embedding apps) gets the defaults. */
export const shopOf = (tenantId: Conversation.Conversation["tenantId"]) =>
  Effect.gen(function* () {
    const tenants = yield* Tenant.TenantRepository
    return yield* tenants.get(tenantId).pipe(
      Effect.map((t) => ({ settings: t.settings as ShopSettings, name: t.name })),
      Effect.orElseSucceed(() => ({ settings: defaultShopSettings, name: "" }))
    )
  })

/** What the channel already told us: a WhatsApp id is the customer's phone number. */
export const customerFacts = (c: Conversation.Conversation, name: string | undefined) => {
  const phone =
    (c.channel === "whatsapp" || c.channel === "greenapi") && /^\d{6,15}$/.test(c.customerId)
      ? `+${c.customerId}`
      : undefined
  return { ...(phone === undefined ? {} : { phone }), ...(name === undefined ? {} : { name }) }
}

const textOf = (turn: ReadonlyArray<PendingMessage>): string =>
  turn
    .map((m) => m.text.trim())
    .filter((t) => t !== "")
    .join("\n")

/** Everything a turn reads before it decides: the NLU's reading and what the dialog's plan asks for. */
export interface Gathered {
  readonly conversation: Conversation.Conversation
  readonly state: Dialog.DialogState
  readonly nlu: NluResult
  readonly now: Timestamp
  readonly shop: { readonly settings: ShopSettings; readonly name: string }
  readonly customerName: string | undefined
  /** The dialog context for `decide`/`onOutcome`, with the attached order as it stands now. */
  readonly context: (order: Order.Order | null) => Dialog.DialogContext
  /** The conversation's attached order before the turn, if any. */
  readonly order: Order.Order | null
}

/** The gather step: conversation, shop, dialog state, the NLU's reading, then the catalog and order reads. */
export const gather = (
  conversation: Conversation.Conversation,
  stored: unknown,
  turn: ReadonlyArray<PendingMessage>,
  customerName: string | undefined
) =>
  Effect.gen(function* () {
    const classifier = yield* Nlu
    const catalog = yield* Catalog.Catalog
    const orderRepo = yield* Order.OrderRepository
    const offerRepo = yield* Offer.OfferRepository
    const tenantId = conversation.tenantId
    const now = timestamp(yield* Clock.currentTimeMillis)
    const shop = yield* shopOf(tenantId)
    const state = dialogStateOf(stored)
    const nlu: NluResult = yield* classifier
      .classify(tenantId, {
        text: textOf(turn),
        language: conversation.language,
        ...(state.expecting === null ? {} : { expecting: state.expecting })
      })
      .pipe(
        Effect.orElseSucceed(
          (): NluResult => ({ intent: "unknown", language: conversation.language, entities: {}, confidence: 0 })
        )
      )
    const needs = Dialog.plan(state, nlu)
    const search = needs.search === null ? [] : yield* catalog.search(tenantId, needs.search)
    const products = yield* Effect.forEach(needs.products, (id) => Effect.option(catalog.view(tenantId, id)))
    const order =
      conversation.orderId === null
        ? null
        : yield* orderRepo.get(tenantId, conversation.orderId).pipe(Effect.orElseSucceed(() => null))
    const offers = yield* offerRepo.list(tenantId, { status: "active" })
    const context = (current: Order.Order | null): Dialog.DialogContext => ({
      now,
      owner: conversation.owner,
      settings: shop.settings,
      search,
      products: products.flatMap((p) => (p._tag === "Some" ? [p.value] : [])),
      order: current,
      offers,
      attachments: turn.flatMap((m) => m.images),
      paymentDetails: shop.settings.paymentDetails ?? "",
      shopName: shop.name,
      customer: customerFacts(conversation, customerName)
    })
    return { conversation, state, nlu, now, shop, customerName, context, order } satisfies Gathered
  })
