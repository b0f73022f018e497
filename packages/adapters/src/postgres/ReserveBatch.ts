import { Inventory, NotFound, type ReservationId, type Sku, type TenantId, type Timestamp } from "@chatshop/domain"
import { Effect, Exit } from "effect"
import { type Kysely, sql } from "kysely"
import type { Database } from "./Database.ts"
import { run, type SqlError } from "./Db.ts"
import { tenantRun, tenantTransaction } from "./Tenancy.ts"
import {
  crossesLowStock,
  insertLowStock,
  insertMovements,
  insertReservations,
  type ReservationRow,
  reservationColumns,
  toLevel,
  toReservation
} from "./StockRows.ts"

export interface ReserveCall {
  readonly tenantId: TenantId
  readonly sku: Sku
  readonly reservationId: ReservationId
  readonly qty: number
  readonly holdUntil: Timestamp
  /** The caller's clock when it asked: the movement's time. */
  readonly at: Timestamp
}

export type ReserveError = Inventory.InsufficientStock | Inventory.ReservationConflict | NotFound
export type ReserveAnswer = Exit.Exit<Inventory.Reservation, ReserveError>

/**
 * Answer every call in order, as if they had run one after another: a retried id returns its
 * reservation, the same id for another sku or quantity is a conflict, and each new hold is granted
 * while it fits. Pure, so the SQL below only has to read before and write after.
 */
export const grant = (
  calls: ReadonlyArray<ReserveCall>,
  stock: { onHand: number; reserved: number; threshold: number },
  existing: ReadonlyMap<string, Inventory.Reservation>
) => {
  const answers: Array<ReserveAnswer> = []
  const granted: Array<{ reservation: Inventory.Reservation; at: Timestamp }> = []
  const known = new Map(existing)
  let reserved = stock.reserved
  let lowStock: { level: Inventory.StockLevel; at: Timestamp } | undefined
  for (const call of calls) {
    const before = known.get(call.reservationId)
    if (before !== undefined) {
      answers.push(
        before.qty === call.qty && before.sku === call.sku
          ? Exit.succeed(before)
          : Exit.fail(new Inventory.ReservationConflict({ reservationId: call.reservationId }))
      )
      continue
    }
    const available = stock.onHand - reserved
    if (call.qty > available) {
      answers.push(Exit.fail(new Inventory.InsufficientStock({ sku: call.sku, requested: call.qty, available })))
      continue
    }
    reserved += call.qty
    const reservation: Inventory.Reservation = {
      id: call.reservationId,
      tenantId: call.tenantId,
      sku: call.sku,
      qty: call.qty,
      holdUntil: call.holdUntil,
      status: "held"
    }
    known.set(call.reservationId, reservation)
    granted.push({ reservation, at: call.at })
    answers.push(Exit.succeed(reservation))
    if (crossesLowStock(available, stock.onHand - reserved, stock.threshold)) {
      const level = toLevel({
        tenant_id: call.tenantId,
        sku: call.sku,
        on_hand: stock.onHand,
        reserved,
        low_stock_threshold: stock.threshold
      })
      lowStock = { level, at: call.at }
    }
  }
  return { answers, granted, lowStock }
}

/**
 * The common case in ONE statement and one commit: when every new hold of the batch fits, a single
 * conditional UPDATE by their total, the INSERT of all holds, of all movements and of a low-stock
 * crossing run as data-modifying CTEs of one autocommitted statement. `undefined` when they don't
 * all fit (or the sku is unknown): the caller then takes the locking path.
 */
const reserveAll = (kysely: Kysely<Database>, tenantId: TenantId, sku: Sku, calls: ReadonlyArray<ReserveCall>) => {
  // The first call per id, in order: later calls with the same id are answered like retries.
  const seen = new Set<string>()
  const first = calls.filter((c) => !seen.has(c.reservationId) && seen.add(c.reservationId) !== undefined)
  return tenantRun(kysely, tenantId, (db) =>
    sql<{
      total: number
      level: { on_hand: number; reserved: number; low_stock_threshold: number } | null
      existing: ReadonlyArray<ReservationRow>
    }>`with req as (
        select * from unnest(${first.map((c) => c.reservationId)}::text[], ${first.map((c) => c.qty)}::int[],
          ${first.map((c) => c.holdUntil)}::bigint[], ${first.map((c) => c.at)}::bigint[])
          with ordinality as r(id, qty, hold_until, at, ord)
      ),
      existing as (
        select tenant_id, id, sku, qty, hold_until, status from reservations
        where tenant_id = ${tenantId} and id = any(${first.map((c) => c.reservationId)}::text[])
      ),
      fresh as (
        select req.*, sum(req.qty) over (order by req.ord) as cum from req
        where not exists (select 1 from existing e where e.id = req.id)
      ),
      total as (select coalesce(sum(qty), 0)::int as n, max(at) as at from fresh),
      upd as (
        update stock_levels s set reserved = s.reserved + t.n, updated_at = t.at from total t
        where s.tenant_id = ${tenantId} and s.sku = ${sku} and t.n > 0 and s.on_hand - s.reserved >= t.n
        returning s.on_hand, s.reserved, s.low_stock_threshold
      ),
      holds as (
        insert into reservations (tenant_id, id, sku, qty, hold_until, status, created_at)
        select ${tenantId}, f.id, ${sku}, f.qty, f.hold_until, 'held', f.at from fresh f
        where exists (select 1 from upd) order by f.ord
      ),
      moves as (
        insert into stock_movements (tenant_id, sku, kind, on_hand_delta, reserved_delta, reservation_id, at)
        select ${tenantId}, ${sku}, 'reserve', 0, f.qty, f.id, f.at from fresh f
        where exists (select 1 from upd) order by f.ord
      ),
      low as (
        insert into low_stock_alerts (tenant_id, sku, on_hand, reserved, threshold, at)
        select ${tenantId}, ${sku}, u.on_hand, u.reserved - t.n + f.cum, u.low_stock_threshold, f.at
        from upd u, total t, fresh f
        where u.on_hand - (u.reserved - t.n) - (f.cum - f.qty) > u.low_stock_threshold
          and u.on_hand - (u.reserved - t.n) - f.cum <= u.low_stock_threshold
      )
      select (select n from total) as total, (select row_to_json(upd) from upd) as level,
        (select coalesce(json_agg(existing), '[]'::json) from existing) as existing`.execute(db)
  ).pipe(
    Effect.map(({ rows: [row] }) => {
      if (row === undefined || row.level === null) return undefined
      const existing = new Map(row.existing.map((r) => [r.id, toReservation(r)]))
      const { on_hand, reserved, low_stock_threshold } = row.level
      // Replaying the batch from the level before it answers duplicates and retries exactly as grant() does.
      return grant(calls, { onHand: on_hand, reserved: reserved - row.total, threshold: low_stock_threshold }, existing)
        .answers
    })
  )
}

/**
 * The locking path, for a batch that does not all fit: lock the stock row, read the retried ids,
 * grant in order, then ONE conditional UPDATE by the total granted, one INSERT of the holds and
 * one of the movements, one commit. The conditional UPDATE and the CHECK constraints are the
 * guard; the row lock only makes the in-order answers exact.
 */
const reserveLocked = (
  kysely: Kysely<Database>,
  tenantId: TenantId,
  sku: Sku,
  calls: ReadonlyArray<ReserveCall>
): Effect.Effect<ReadonlyArray<ReserveAnswer>, SqlError> =>
  tenantTransaction(kysely, tenantId, (trx) =>
    Effect.gen(function* () {
      const stock = yield* run(() =>
        trx
          .selectFrom("stock_levels")
          .select(["on_hand", "reserved", "low_stock_threshold"])
          .where("tenant_id", "=", tenantId)
          .where("sku", "=", sku)
          .forNoKeyUpdate()
          .executeTakeFirst()
      )
      if (stock === undefined) {
        return calls.map(() => Exit.fail(new NotFound({ entity: "sku", id: sku })))
      }
      const ids = [...new Set(calls.map((c) => c.reservationId))]
      const rows = yield* run(() =>
        trx
          .selectFrom("reservations")
          .select(reservationColumns)
          .where("tenant_id", "=", tenantId)
          .where("id", "in", ids)
          .execute()
      )
      const existing = new Map(rows.map((r) => [r.id, toReservation(r)]))
      const { answers, granted, lowStock } = grant(
        calls,
        { onHand: stock.on_hand, reserved: stock.reserved, threshold: stock.low_stock_threshold },
        existing
      )
      if (granted.length === 0) return answers
      const total = granted.reduce((sum, g) => sum + g.reservation.qty, 0)
      const last = granted[granted.length - 1]!.at
      const updated = yield* run(() =>
        trx
          .updateTable("stock_levels")
          .set((eb) => ({ reserved: eb("reserved", "+", total), updated_at: last }))
          .where("tenant_id", "=", tenantId)
          .where("sku", "=", sku)
          .where((eb) => eb(eb("on_hand", "-", eb.ref("reserved")), ">=", total))
          .returning("reserved")
          .executeTakeFirst()
      )
      if (updated === undefined)
        return yield* Effect.die(new Error(`stock row ${tenantId}/${sku} changed under its lock`))
      const holds = granted.map((g) => g.reservation)
      yield* run(() =>
        insertReservations(
          trx,
          holds,
          granted.map((g) => g.at)
        )
      )
      yield* run(() =>
        insertMovements(
          trx,
          granted.map(({ reservation: r, at }) => ({
            tenantId,
            sku,
            kind: "reserve",
            onHandDelta: 0,
            reservedDelta: r.qty,
            reservationId: r.id,
            at
          }))
        )
      )
      if (lowStock !== undefined) yield* run(() => insertLowStock(trx, lowStock.level, lowStock.at))
      return answers
    })
  )

/** Answer a batch of reservations of one sku: in one statement when all fit, else under the row lock. */
export const reserveBatch = (
  kysely: Kysely<Database>,
  tenantId: TenantId,
  sku: Sku,
  calls: ReadonlyArray<ReserveCall>
): Effect.Effect<ReadonlyArray<ReserveAnswer>, SqlError> =>
  reserveAll(kysely, tenantId, sku, calls).pipe(
    Effect.flatMap((answers) =>
      answers === undefined ? reserveLocked(kysely, tenantId, sku, calls) : Effect.succeed(answers)
    ),
    // Another process inserted one of these ids between our read and our insert: the rerun sees it.
    Effect.retry({ while: (e) => e.code === "23505", times: 3 })
  )
