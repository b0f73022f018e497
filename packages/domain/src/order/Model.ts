import { Schema } from "effect"
import { Count, Quantity } from "../inventory/Model.ts"
import { type ExpectedPayment, PaymentAssessment, PaymentEvidence } from "../payment/Model.ts"
import { defaultDateSlack, normalizeReference, windowFor } from "../payment/Score.ts"
import {
  ConversationId,
  CustomerId,
  OrderId,
  ProductId,
  ReservationId,
  Sku,
  TenantId,
  Timestamp
} from "../shared/Ids.ts"
import { Currency, Money } from "../shared/Money.ts"

/** SPEC §3.3: draft → placed → paid → fulfilled, draft|placed → cancelled, placed → expired, placed ⇄ payment_review → paid. */
export const OrderStatus = Schema.Literals([
  "draft",
  "placed",
  "payment_review",
  "paid",
  "fulfilled",
  "cancelled",
  "expired"
])
export type OrderStatus = typeof OrderStatus.Type

/** SPEC §3.1 product categories, carried on the line so the field policy needs no catalog lookup. */
export const ProductCategory = Schema.Literals(["shoes", "clothing", "bag", "accessory", "other"])
export type ProductCategory = typeof ProductCategory.Type

export const Delivery = Schema.Literals(["delivery", "pickup"])
export type Delivery = typeof Delivery.Type

/** What a line is when added: the product facts the required-field policy reads, and the price. */
export const LineSpec = Schema.Struct({
  sku: Sku,
  productId: ProductId,
  title: Schema.optionalKey(Schema.String),
  qty: Quantity,
  unitPrice: Money,
  category: ProductCategory,
  /** The product comes in sizes (shoes): the customer must name one. */
  hasSizes: Schema.Boolean,
  /** How many colours the product comes in: asked only when more than one. */
  colorCount: Count,
  size: Schema.optionalKey(Schema.String),
  color: Schema.optionalKey(Schema.String)
})
export type LineSpec = typeof LineSpec.Type

/** A line of the order; `reservationId` is the stock hold taken when the order was placed. */
export const OrderLine = Schema.Struct({
  ...LineSpec.fields,
  reservationId: Schema.optionalKey(ReservationId)
})
export type OrderLine = typeof OrderLine.Type

/** Who the order is for: the chat customer, and what the channel already told us about them. */
export const CustomerRef = Schema.Struct({
  customerId: CustomerId,
  conversationId: Schema.optionalKey(ConversationId),
  name: Schema.optionalKey(Schema.String),
  phone: Schema.optionalKey(Schema.String)
})
export type CustomerRef = typeof CustomerRef.Type

/** Order-level fields collected in the chat. Size and colour live on the lines. */
export const OrderFields = Schema.Struct({
  city: Schema.optionalKey(Schema.String),
  phone: Schema.optionalKey(Schema.String),
  address: Schema.optionalKey(Schema.String),
  delivery: Schema.optionalKey(Delivery),
  name: Schema.optionalKey(Schema.String)
})
export type OrderFields = typeof OrderFields.Type

/** A line that could not be reserved when placing: the reason an order stays draft. */
export const ShortLine = Schema.Struct({
  line: Schema.Int,
  sku: Sku,
  requested: Schema.Int,
  available: Schema.Int
})
export type ShortLine = typeof ShortLine.Type

export const PaymentDecision = Schema.Literals(["pending", "review", "accepted", "rejected"])
export type PaymentDecision = typeof PaymentDecision.Type

/** One submitted payment proof, its score, and what became of it. */
export const PaymentAttempt = Schema.Struct({
  evidence: PaymentEvidence,
  assessment: PaymentAssessment,
  submittedAt: Timestamp,
  decision: PaymentDecision,
  /** "auto" when accepted by score, else the staff member who decided. */
  decidedBy: Schema.NullOr(Schema.String),
  note: Schema.NullOr(Schema.String)
})
export type PaymentAttempt = typeof PaymentAttempt.Type

export const Order = Schema.Struct({
  id: OrderId,
  tenantId: TenantId,
  customer: CustomerRef,
  currency: Currency,
  lines: Schema.Array(OrderLine),
  fields: OrderFields,
  status: OrderStatus,
  /** Until when placed stock is held (set on placing). */
  holdUntil: Schema.NullOr(Timestamp),
  placedAt: Schema.NullOr(Timestamp),
  /** The lines that were short at the last failed placement; empty otherwise. */
  shortage: Schema.Array(ShortLine),
  payments: Schema.Array(PaymentAttempt),
  /** Why it was cancelled, when it was. */
  closeReason: Schema.NullOr(Schema.String),
  /** Counts the events applied: a retry of the same command at the same version is the same attempt. */
  version: Schema.Int,
  createdAt: Timestamp,
  updatedAt: Timestamp
})
export type Order = typeof Order.Type

export interface DraftInit {
  readonly id: OrderId
  readonly tenantId: TenantId
  readonly customer: CustomerRef
  readonly currency: Currency
  readonly at: Timestamp
}

/** A new draft. The channel's known phone and name prefill the fields, so the bot doesn't ask again. */
export const makeDraft = (init: DraftInit): Order => {
  const fields: { -readonly [K in keyof OrderFields]: OrderFields[K] } = {}
  if (init.customer.phone !== undefined && init.customer.phone.trim() !== "") fields.phone = init.customer.phone.trim()
  if (init.customer.name !== undefined && init.customer.name.trim() !== "") fields.name = init.customer.name.trim()
  return {
    id: init.id,
    tenantId: init.tenantId,
    customer: init.customer,
    currency: init.currency,
    lines: [],
    fields,
    status: "draft",
    holdUntil: null,
    placedAt: null,
    shortage: [],
    payments: [],
    closeReason: null,
    version: 0,
    createdAt: init.at,
    updatedAt: init.at
  }
}

/**
 * The hold id for line `index` when placing at the order's current version. Deterministic, so a
 * retried place reserves the same holds; the version makes each new attempt (after a shortage or
 * an edit) use fresh ids, never a released hold's.
 */
export const reservationIdFor = (order: Pick<Order, "id" | "version">, index: number): ReservationId =>
  `${order.id}/v${order.version}/${index}` as ReservationId

/** The holds this order took when it was placed. */
export const reservationsOf = (order: Pick<Order, "lines">): Array<ReservationId> => {
  const ids: Array<ReservationId> = []
  for (const line of order.lines) if (line.reservationId !== undefined) ids.push(line.reservationId)
  return ids
}

/** What the order means for its stock holds. */
export type HoldState = "none" | "held" | "committed" | "released"
export const holdState = (order: Pick<Order, "status" | "lines">): HoldState => {
  if (reservationsOf(order).length === 0) return "none"
  switch (order.status) {
    case "placed":
    case "payment_review":
      return "held"
    case "paid":
    case "fulfilled":
      return "committed"
    default:
      return "released"
  }
}

/** The order's total in its currency (lines are always in the order's currency). */
export const total = (order: Pick<Order, "lines" | "currency">): Money => {
  let amount = 0
  for (const line of order.lines) amount += line.unitPrice.amount * line.qty
  return { amount, currency: order.currency }
}

/** The latest payment attempt, if any. */
export const lastPayment = (order: Pick<Order, "payments">): PaymentAttempt | undefined =>
  order.payments[order.payments.length - 1]

/** References this order claims: each one submitted here that was not already another order's. */
export const claimedReferences = (order: Pick<Order, "payments">): Array<string> => {
  const refs: Array<string> = []
  for (const p of order.payments) {
    if (p.assessment.reference === null || p.assessment.referenceReused) continue
    const ref = normalizeReference(p.assessment.reference)
    if (ref !== "" && !refs.includes(ref)) refs.push(ref)
  }
  return refs
}

/** What a payment for this order should look like: its total, paid to the shop, during the hold. */
export const expectedPayment = (
  order: Order,
  recipients: ReadonlyArray<string>,
  dateSlack: number = defaultDateSlack
): ExpectedPayment => ({
  amount: total(order),
  recipients,
  window: windowFor(order.placedAt ?? order.createdAt, order.holdUntil ?? order.updatedAt, dateSlack)
})
