import { Schema } from "effect"
import { ReservationId, Timestamp } from "../shared/Ids.ts"
import { Count, Quantity } from "./Model.ts"

export const InventoryEvent = Schema.TaggedUnion({
  Reserved: { reservationId: ReservationId, qty: Quantity, holdUntil: Timestamp, at: Timestamp },
  Released: { reservationId: ReservationId, qty: Quantity, at: Timestamp },
  Expired: { reservationId: ReservationId, qty: Quantity, at: Timestamp },
  Committed: { reservationId: ReservationId, qty: Quantity, at: Timestamp },
  Restocked: { qty: Quantity, at: Timestamp },
  Adjusted: { from: Count, to: Count, at: Timestamp },
  ThresholdSet: { threshold: Count, at: Timestamp },
  LowStock: { available: Count, threshold: Count, at: Timestamp }
})
export type InventoryEvent = typeof InventoryEvent.Type
