import type { InventoryEvent } from "./Events.ts"
import { available, type StockState, type StockMovement } from "./Model.ts"

/** §3.2: onHand ≥ 0, reserved ≥ 0, reserved ≤ onHand. */
export const nonNegative = (s: Pick<StockState, "onHand" | "reserved">): boolean => s.onHand >= 0 && s.reserved >= 0
export const reservedWithinOnHand = (s: Pick<StockState, "onHand" | "reserved">): boolean => s.reserved <= s.onHand
export const availableNonNegative = (s: Pick<StockState, "onHand" | "reserved">): boolean => available(s) >= 0

/** reserved equals the sum of active holds. */
export const reservedMatchesHolds = (s: StockState): boolean => {
  let held = 0
  for (const h of s.holds.values()) if (h.status === "held") held += h.qty
  return held === s.reserved
}

/** The audit trail adds up: Σ onHandDelta = onHand and Σ reservedDelta = reserved. */
export const movementsBalance = (
  s: Pick<StockState, "onHand" | "reserved">,
  movements: ReadonlyArray<Pick<StockMovement, "onHandDelta" | "reservedDelta">>
): boolean => {
  let onHand = 0
  let reserved = 0
  for (const m of movements) {
    onHand += m.onHandDelta
    reserved += m.reservedDelta
  }
  return onHand === s.onHand && reserved === s.reserved
}

/** Each hold ends at most once: never both released and committed. */
export const eachHoldEndsOnce = (events: ReadonlyArray<InventoryEvent>): boolean => {
  const ended = new Set<string>()
  for (const e of events) {
    if (e._tag === "Released" || e._tag === "Expired" || e._tag === "Committed") {
      if (ended.has(e.reservationId)) return false
      ended.add(e.reservationId)
    }
  }
  return true
}

export const all = (s: StockState): boolean =>
  nonNegative(s) && reservedWithinOnHand(s) && availableNonNegative(s) && reservedMatchesHolds(s)
