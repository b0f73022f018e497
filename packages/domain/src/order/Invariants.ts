import { isAccepted } from "../payment/Score.ts"
import type { OrderEvent } from "./Events.ts"
import { missingFields } from "./Fields.ts"
import { claimedReferences, lastPayment, type Order, type OrderStatus, reservationsOf } from "./Model.ts"

/** SPEC §3.3 transitions (a status to itself is not a transition). */
export const transitions: Readonly<Record<OrderStatus, ReadonlyArray<OrderStatus>>> = {
  draft: ["placed", "cancelled"],
  placed: ["paid", "payment_review", "cancelled", "expired"],
  payment_review: ["paid", "placed"],
  paid: ["fulfilled"],
  fulfilled: [],
  cancelled: [],
  expired: []
}

export const allowedTransition = (from: OrderStatus, to: OrderStatus): boolean =>
  from === to || transitions[from].includes(to)

/** A draft holds nothing; an order that got past placing holds one reservation per line. */
export const holdsMatchStatus = (order: Order): boolean => {
  const held = reservationsOf(order).length
  switch (order.status) {
    case "draft":
      return held === 0
    case "cancelled":
      return held === 0 || held === order.lines.length
    default:
      return held === order.lines.length && order.holdUntil !== null && order.placedAt !== null
  }
}

/** An order that was placed had every required field: fields cannot change after draft. */
export const placedWithRequiredFields = (order: Order): boolean =>
  reservationsOf(order).length === 0 || (order.lines.length > 0 && missingFields(order).length === 0)

/** paid/fulfilled only through an accepted payment, and never on a reused reference. */
export const paidThroughAcceptedPayment = (order: Order): boolean => {
  if (order.status !== "paid" && order.status !== "fulfilled") return true
  const last = lastPayment(order)
  return last !== undefined && last.decision === "accepted" && !last.assessment.referenceReused
}

/** An auto-accepted payment scored at least its threshold. */
export const autoAcceptedAboveThreshold = (order: Order): boolean =>
  order.payments.every((p) => p.decision !== "accepted" || p.decidedBy !== "auto" || isAccepted(p.assessment))

/** No two orders of a tenant claim the same payment reference. */
export const referencesUnique = (orders: ReadonlyArray<Order>): boolean => {
  const seen = new Set<string>()
  for (const order of orders) {
    for (const ref of claimedReferences(order)) {
      const key = `${order.tenantId}\u0000${ref}`
      if (seen.has(key)) return false
      seen.add(key)
    }
  }
  return true
}

/**
 * "Paid commits the holds, cancel/expire release them; nothing is both": across an order's events
 * each reservation is committed or released at most once, and never both.
 */
export const holdsEndOnce = (events: ReadonlyArray<OrderEvent>): boolean => {
  const ended = new Set<string>()
  for (const e of events) {
    const ids =
      e._tag === "PaymentAccepted"
        ? e.committed
        : e._tag === "OrderCancelled" || e._tag === "OrderExpired"
          ? e.released
          : []
    for (const id of ids) {
      if (ended.has(id)) return false
      ended.add(id)
    }
  }
  return true
}

export const all = (order: Order): boolean =>
  holdsMatchStatus(order) &&
  placedWithRequiredFields(order) &&
  paidThroughAcceptedPayment(order) &&
  autoAcceptedAboveThreshold(order)
