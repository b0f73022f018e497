import { Catalog, Money } from "@chatshop/domain"
import { Schema } from "effect"

/**
 * Request bodies of the admin API (SPEC §5). The same Schemas decode requests and generate the
 * OpenAPI document, so the two cannot drift.
 */
const Text = Schema.String.check(Schema.isTrimmed(), Schema.isMinLength(1))
const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const Positive = Schema.Int.check(Schema.isGreaterThan(0))
export const MoneyBody = Money.MoneyJson.annotate({
  description: 'A decimal string and an ISO 4217 currency: {"amount": "59.90", "currency": "USD"}'
})

export const CreateTenant = Schema.Struct({
  name: Text,
  timezone: Schema.optionalKey(Text),
  currency: Schema.optionalKey(Money.Currency)
}).annotate({ identifier: "CreateTenant" })

const Managers = { managers: Schema.optionalKey(Schema.Array(Text)) }
export const CreateChannel = Schema.Union([
  Schema.Struct({
    type: Schema.Literal("whatsapp"),
    phoneNumberId: Text,
    accessToken: Text,
    appSecret: Text,
    verifyToken: Text,
    ...Managers
  }),
  Schema.Struct({
    type: Schema.Literals(["messenger", "instagram"]),
    pageId: Text,
    instagramAccountId: Schema.optionalKey(Text),
    accessToken: Text,
    appSecret: Text,
    verifyToken: Text,
    ...Managers
  }),
  Schema.Struct({ type: Schema.Literal("telegram"), botToken: Text, secretToken: Text, ...Managers }),
  Schema.Struct({
    type: Schema.Literal("tiktok"),
    businessId: Text,
    accessToken: Text,
    clientSecret: Text,
    ...Managers
  }),
  Schema.Struct({
    type: Schema.Literal("greenapi"),
    idInstance: Text,
    apiTokenInstance: Text,
    webhookToken: Text,
    ...Managers
  }),
  Schema.Struct({ type: Schema.Literal("webchat"), ...Managers })
]).annotate({ identifier: "CreateChannel" })
export type CreateChannel = typeof CreateChannel.Type

/** A variant's options; `colour` is the British spelling of `color` (give either, or both the same). */
export const VariantOptionsBody = Schema.Struct({
  size: Schema.optionalKey(Text),
  color: Schema.optionalKey(Text),
  colour: Schema.optionalKey(Text.annotate({ description: "British spelling of color" }))
})
  .annotate({ description: "size and color (or colour); any other key is refused with 422 rather than dropped" })
  .check(
    Schema.makeFilter(
      (o) => o.color === undefined || o.colour === undefined || o.color === o.colour || "color and colour differ"
    )
  )
  .annotate({ identifier: "VariantOptions" })
export type VariantOptionsBody = typeof VariantOptionsBody.Type

/** Decoded strictly (`strictBody`): a key this schema doesn't know is a 422 naming it, never dropped. */
export const CreateProduct = Schema.Struct({
  title: Text,
  brand: Schema.optionalKey(Text),
  category: Catalog.Category,
  description: Schema.optionalKey(Schema.String),
  price: MoneyBody,
  photos: Schema.optionalKey(Schema.Array(Schema.String)),
  variants: Schema.NonEmptyArray(
    Schema.Struct({
      sku: Text,
      options: Schema.optionalKey(VariantOptionsBody),
      stock: Count,
      price: Schema.optionalKey(MoneyBody),
      measurements: Schema.optionalKey(Schema.Record(Schema.String, Schema.Number)),
      oneOfAKind: Schema.optionalKey(Schema.Boolean)
    })
  )
}).annotate({ identifier: "CreateProduct" })
export type CreateProduct = typeof CreateProduct.Type

/** Parse options for a body whose unknown keys are refused (422 naming them) rather than dropped. */
export const strictBody = { onExcessProperty: "error" } as const

export const Restock = Schema.Struct({ qty: Positive }).annotate({ identifier: "Restock" })
export const Adjust = Schema.Struct({ onHand: Count }).annotate({ identifier: "Adjust" })

export const CreateOrder = Schema.Struct({
  customer: Schema.Struct({
    id: Schema.optionalKey(Text),
    name: Schema.optionalKey(Text),
    phone: Schema.optionalKey(Text)
  }),
  lines: Schema.NonEmptyArray(
    Schema.Struct({
      sku: Text,
      qty: Positive,
      size: Schema.optionalKey(Text),
      color: Schema.optionalKey(Text)
    })
  ),
  delivery: Schema.optionalKey(Schema.Literals(["delivery", "pickup"])),
  fields: Schema.optionalKey(Schema.Struct({ city: Schema.optionalKey(Text), address: Schema.optionalKey(Text) }))
}).annotate({ identifier: "CreateOrder" })
export type CreateOrder = typeof CreateOrder.Type

export const CancelOrder = Schema.Struct({ reason: Schema.optionalKey(Schema.String) }).annotate({
  identifier: "CancelOrder"
})

export const PaymentBody = Schema.Struct({
  amount: Schema.optionalKey(MoneyBody),
  payer: Schema.optionalKey(Schema.String),
  recipient: Schema.optionalKey(Schema.String),
  reference: Schema.optionalKey(Schema.String),
  /** ISO 8601 date or date-time of the payment. */
  date: Schema.optionalKey(Schema.String)
}).annotate({ identifier: "PaymentEvidence" })
export type PaymentBody = typeof PaymentBody.Type

const IsoTime = Schema.String.annotate({ description: "ISO 8601 date-time" })

export const CreateBusiness = Schema.Struct({ name: Text }).annotate({ identifier: "CreateBusiness" })

export const CreateOffer = Schema.Struct({
  businessId: Text,
  title: Text,
  description: Schema.optionalKey(Schema.String),
  price: MoneyBody,
  originalPrice: Schema.optionalKey(MoneyBody),
  quantity: Positive,
  window: Schema.Struct({ startsAt: IsoTime, endsAt: IsoTime })
}).annotate({ identifier: "CreateOffer" })
export type CreateOffer = typeof CreateOffer.Type

export const PatchOffer = Schema.Struct({
  title: Schema.optionalKey(Text),
  description: Schema.optionalKey(Schema.String),
  price: Schema.optionalKey(MoneyBody),
  quantity: Schema.optionalKey(Count),
  window: Schema.optionalKey(Schema.Struct({ startsAt: IsoTime, endsAt: IsoTime }))
}).annotate({ identifier: "PatchOffer" })
export type PatchOffer = typeof PatchOffer.Type

export const ClaimOffer = Schema.Struct({ customer: Text, qty: Positive }).annotate({ identifier: "ClaimOffer" })

export const Handoff = Schema.Struct({ on: Schema.Boolean }).annotate({ identifier: "Handoff" })
export const HumanReply = Schema.Struct({ text: Text }).annotate({ identifier: "HumanReply" })
