import type { OrderEvent } from "./Events.ts"
import type { Order, OrderLine, PaymentAttempt, PaymentDecision } from "./Model.ts"

/** Replace the latest payment attempt's decision (accepted, review, rejected). */
const decideLastPayment = (
  order: Order,
  decision: PaymentDecision,
  decidedBy: string | null,
  note: string | null
): ReadonlyArray<PaymentAttempt> => {
  const last = order.payments[order.payments.length - 1]
  if (last === undefined) return order.payments
  return [...order.payments.slice(0, -1), { ...last, decision, decidedBy, note }]
}

const setLine = (lines: ReadonlyArray<OrderLine>, index: number, line: OrderLine): ReadonlyArray<OrderLine> => {
  const next = lines.slice()
  next[index] = line
  return next
}

/** Fold one event into the order. Every event moves `version` by one and stamps `updatedAt`. */
export const evolve = (order: Order, event: OrderEvent): Order => {
  const base: Order = { ...order, version: order.version + 1, updatedAt: event.at }
  switch (event._tag) {
    case "LineAdded":
      return { ...base, lines: [...order.lines, event.line], shortage: [] }
    case "LineRemoved":
      return { ...base, lines: order.lines.filter((_, i) => i !== event.line), shortage: [] }
    case "FieldSet": {
      const { field, value } = event
      if (field === "size" || field === "color") {
        const index = event.line ?? -1
        const line = order.lines[index]
        if (line === undefined) return base
        const sku = event.sku ?? line.sku
        return { ...base, lines: setLine(order.lines, index, { ...line, sku, [field]: value }), shortage: [] }
      }
      if (field === "delivery") {
        return { ...base, fields: { ...order.fields, delivery: value === "pickup" ? "pickup" : "delivery" } }
      }
      return { ...base, fields: { ...order.fields, [field]: value } }
    }
    case "PlacementFailed":
      return { ...base, shortage: event.short }
    case "OrderPlaced": {
      const lines = order.lines.slice()
      for (const hold of event.holds) {
        const line = lines[hold.line]
        if (line !== undefined) lines[hold.line] = { ...line, reservationId: hold.reservationId }
      }
      return { ...base, status: "placed", lines, holdUntil: event.holdUntil, placedAt: event.at, shortage: [] }
    }
    case "OrderCancelled":
      return { ...base, status: "cancelled", closeReason: event.reason }
    case "OrderExpired":
      return { ...base, status: "expired" }
    case "PaymentSubmitted":
      return {
        ...base,
        payments: [
          ...order.payments,
          {
            evidence: event.evidence,
            assessment: event.assessment,
            submittedAt: event.at,
            decision: "pending",
            decidedBy: null,
            note: null
          }
        ]
      }
    case "PaymentAccepted":
      return { ...base, status: "paid", payments: decideLastPayment(order, "accepted", event.by, null) }
    case "PaymentReviewRequested":
      return {
        ...base,
        status: "payment_review",
        payments: decideLastPayment(order, "review", null, event.reasons.join(","))
      }
    case "PaymentRejected":
      return { ...base, status: "placed", payments: decideLastPayment(order, "rejected", event.by, event.reason) }
    case "OrderFulfilled":
      return { ...base, status: "fulfilled" }
  }
}
