import type { Inventory, ReservationId, Sku, TenantId, Timestamp } from "@chatshop/domain"
import { type Kysely, sql } from "kysely"
import type { Database } from "./Database.ts"

/** Row ↔ domain mapping and the multi-row writes the ledger shares. */

export interface LevelRow {
  readonly tenant_id: string
  readonly sku: string
  readonly on_hand: number
  readonly reserved: number
  readonly low_stock_threshold: number
}

export const levelColumns = ["tenant_id", "sku", "on_hand", "reserved", "low_stock_threshold"] as const

// CHECK constraints and our own writes guarantee the shapes, so rows are mapped, not re-validated.
export const toLevel = (row: LevelRow): Inventory.StockLevel => ({
  tenantId: row.tenant_id as TenantId,
  sku: row.sku as Sku,
  onHand: row.on_hand,
  reserved: row.reserved,
  available: row.on_hand - row.reserved,
  lowStockThreshold: row.low_stock_threshold
})

export interface ReservationRow {
  readonly tenant_id: string
  readonly id: string
  readonly sku: string
  readonly qty: number
  readonly hold_until: number
  readonly status: string
}

export const reservationColumns = ["tenant_id", "id", "sku", "qty", "hold_until", "status"] as const

export const toReservation = (row: ReservationRow): Inventory.Reservation => ({
  id: row.id as ReservationId,
  tenantId: row.tenant_id as TenantId,
  sku: row.sku as Sku,
  qty: row.qty,
  holdUntil: row.hold_until as Timestamp,
  status: row.status as Inventory.HoldStatus
})

export interface MovementRow {
  readonly tenant_id: string
  readonly sku: string
  readonly kind: string
  readonly on_hand_delta: number
  readonly reserved_delta: number
  readonly reservation_id: string | null
  readonly at: number
}

export const toMovement = (row: MovementRow): Inventory.StockMovement => ({
  tenantId: row.tenant_id as TenantId,
  sku: row.sku as Sku,
  kind: row.kind as Inventory.MovementKind,
  onHandDelta: row.on_hand_delta,
  reservedDelta: row.reserved_delta,
  ...(row.reservation_id === null ? {} : { reservationId: row.reservation_id as ReservationId }),
  at: row.at as Timestamp
})

/** The stock rows of these skus: one statement, whatever their number (`sku = any($2)`). */
export const levelsQuery = (db: Kysely<Database>, tenantId: string, skus: ReadonlyArray<string>) =>
  db
    .selectFrom("stock_levels")
    .select(levelColumns)
    .where("tenant_id", "=", tenantId)
    .where(sql<boolean>`sku = any(${[...skus]}::text[])`)

/**
 * Append movements with one statement whatever their number: columns travel as arrays, so a
 * sweep of 10,000 holds stays far below PostgreSQL's 65,535-parameter limit.
 */
export const insertMovements = (db: Kysely<Database>, movements: ReadonlyArray<Inventory.StockMovement>) =>
  sql`insert into stock_movements (tenant_id, sku, kind, on_hand_delta, reserved_delta, reservation_id, at)
    select * from unnest(
      ${movements.map((m) => m.tenantId)}::text[], ${movements.map((m) => m.sku)}::text[],
      ${movements.map((m) => m.kind)}::text[], ${movements.map((m) => m.onHandDelta)}::int[],
      ${movements.map((m) => m.reservedDelta)}::int[], ${movements.map((m) => m.reservationId ?? null)}::text[],
      ${movements.map((m) => m.at)}::bigint[])`.execute(db)

export const insertReservations = (
  db: Kysely<Database>,
  rows: ReadonlyArray<Inventory.Reservation>,
  createdAt: ReadonlyArray<number>
) =>
  sql`insert into reservations (tenant_id, id, sku, qty, hold_until, status, created_at)
    select t, i, s, q, h, 'held', c from unnest(
      ${rows.map((r) => r.tenantId)}::text[], ${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.sku)}::text[],
      ${rows.map((r) => r.qty)}::int[], ${rows.map((r) => r.holdUntil)}::bigint[], ${createdAt}::bigint[]
    ) as v(t, i, s, q, h, c)`.execute(db)

export const insertLowStock = (db: Kysely<Database>, level: Inventory.StockLevel, at: number) =>
  db
    .insertInto("low_stock_alerts")
    .values({
      tenant_id: level.tenantId,
      sku: level.sku,
      on_hand: level.onHand,
      reserved: level.reserved,
      threshold: level.lowStockThreshold,
      at
    })
    .execute()

/** §3.2: LowStock fires when available goes from above the threshold to at or below it. */
export const crossesLowStock = (before: number, after: number, threshold: number): boolean =>
  before > threshold && after <= threshold
