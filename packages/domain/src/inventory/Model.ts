import { Schema } from "effect"
import { ReservationId, Sku, TenantId, Timestamp } from "../shared/Ids.ts"

export const Quantity = Schema.Int.check(Schema.isGreaterThan(0))
export const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

export const HoldStatus = Schema.Literals(["held", "released", "expired", "committed"])
export type HoldStatus = typeof HoldStatus.Type

/** A reservation of `qty` units of one sku until `holdUntil`. */
export const Reservation = Schema.Struct({
  id: ReservationId,
  tenantId: TenantId,
  sku: Sku,
  qty: Quantity,
  holdUntil: Timestamp,
  status: HoldStatus
})
export type Reservation = typeof Reservation.Type

/** The stock of one sku: `available = onHand − reserved`. */
export interface StockState {
  readonly sku: Sku
  readonly onHand: number
  readonly reserved: number
  /** Available at or below this emits LowStock once per downward crossing. */
  readonly lowStockThreshold: number
  readonly holds: ReadonlyMap<ReservationId, Hold>
}

export interface Hold {
  readonly qty: number
  readonly holdUntil: Timestamp
  readonly status: HoldStatus
}

export const available = (s: Pick<StockState, "onHand" | "reserved">): number => s.onHand - s.reserved

export const empty = (sku: Sku, lowStockThreshold = 0): StockState => ({
  sku,
  onHand: 0,
  reserved: 0,
  lowStockThreshold,
  holds: new Map()
})

/** The read model a port returns for one sku. */
export const StockLevel = Schema.Struct({
  tenantId: TenantId,
  sku: Sku,
  onHand: Count,
  reserved: Count,
  available: Count,
  lowStockThreshold: Count
})
export type StockLevel = typeof StockLevel.Type

export const MovementKind = Schema.Literals(["restock", "adjust", "reserve", "release", "expire", "commit"])
export type MovementKind = typeof MovementKind.Type

/** Audit trail: the sum of `onHandDelta` equals onHand, the sum of `reservedDelta` equals reserved. */
export const StockMovement = Schema.Struct({
  tenantId: TenantId,
  sku: Sku,
  kind: MovementKind,
  onHandDelta: Schema.Int,
  reservedDelta: Schema.Int,
  reservationId: Schema.optionalKey(ReservationId),
  at: Timestamp
})
export type StockMovement = typeof StockMovement.Type
