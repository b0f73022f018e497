import { Schema } from "effect"
import { ReservationId, Timestamp } from "../shared/Ids.ts"
import { Count, Quantity } from "./Model.ts"

export const InventoryCommand = Schema.TaggedUnion({
  Reserve: { reservationId: ReservationId, qty: Quantity, holdUntil: Timestamp, at: Timestamp },
  Release: { reservationId: ReservationId, at: Timestamp },
  Commit: { reservationId: ReservationId, at: Timestamp },
  Expire: { now: Timestamp },
  Restock: { qty: Quantity, at: Timestamp },
  Adjust: { onHand: Count, at: Timestamp },
  SetThreshold: { threshold: Count, at: Timestamp }
})
export type InventoryCommand = typeof InventoryCommand.Type
