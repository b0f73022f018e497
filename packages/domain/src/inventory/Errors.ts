import { Schema } from "effect"
import { ReservationId, Sku } from "../shared/Ids.ts"
import { HoldStatus } from "./Model.ts"

export class InsufficientStock extends Schema.TaggedError<InsufficientStock>()("InsufficientStock", {
  sku: Sku,
  requested: Schema.Int,
  available: Schema.Int
}) {}

export class UnknownReservation extends Schema.TaggedError<UnknownReservation>()("UnknownReservation", {
  reservationId: ReservationId
}) {}

/** commit after release/expiry, or release after commit: a hold is released or committed, never both. */
export class HoldNotActive extends Schema.TaggedError<HoldNotActive>()("HoldNotActive", {
  reservationId: ReservationId,
  status: HoldStatus
}) {}

export class AdjustBelowReserved extends Schema.TaggedError<AdjustBelowReserved>()("AdjustBelowReserved", {
  sku: Sku,
  onHand: Schema.Int,
  reserved: Schema.Int
}) {}

/** A reservation id reused for a different quantity. */
export class ReservationConflict extends Schema.TaggedError<ReservationConflict>()("ReservationConflict", {
  reservationId: ReservationId
}) {}
