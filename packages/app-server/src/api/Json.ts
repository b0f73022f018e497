import { type Catalog, Money, type Order } from "@chatshop/domain"

/** Money fields out as `{"amount": "59.90", "currency": "USD"}` (SPEC §5: never a float). */
export const productJson = (p: Catalog.Product) => ({
  ...p,
  price: Money.toJson(p.price),
  variants: p.variants.map((v) => (v.price === undefined ? v : { ...v, price: Money.toJson(v.price) }))
})

export const orderJson = (o: Order.Order) => ({
  id: o.id,
  status: o.status,
  customer: o.customer,
  currency: o.currency,
  lines: o.lines.map((l) => ({ ...l, unitPrice: Money.toJson(l.unitPrice) })),
  total: Money.toJson(totalOf(o)),
  fields: o.fields,
  holdUntil: iso(o.holdUntil),
  placedAt: iso(o.placedAt),
  shortage: o.shortage,
  payments: o.payments.map((p) => ({
    ...p,
    evidence: p.evidence.amount === undefined ? p.evidence : { ...p.evidence, amount: Money.toJson(p.evidence.amount) },
    submittedAt: iso(p.submittedAt)
  })),
  closeReason: o.closeReason,
  createdAt: iso(o.createdAt),
  updatedAt: iso(o.updatedAt)
})

const totalOf = (o: Order.Order): Money.Money =>
  o.lines.reduce((sum, l) => Money.make(sum.amount + l.unitPrice.amount * l.qty, o.currency), Money.zero(o.currency))

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())
