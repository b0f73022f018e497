import { Inventory, NotFound, type ReservationId, type Sku, type TenantId, timestamp } from "@chatshop/domain"
import { Clock, Effect } from "effect"
import type { Kysely } from "kysely"
import type { Database } from "./Database.ts"
import { run, type SqlError } from "./Db.ts"
import { tenantTransaction } from "./Tenancy.ts"
import { insertMovements, levelColumns, reservationColumns, toLevel } from "./StockRows.ts"

/** The StockLedger's row-level steps: lock or read a level, move it with its movement, end a hold. */

type Trx = Kysely<Database>
type Change = Inventory.StockChange

export const now = Clock.currentTimeMillis.pipe(Effect.map(timestamp))

export const lockLevel = (trx: Trx, tenantId: TenantId, sku: Sku) =>
  run(() =>
    trx
      .selectFrom("stock_levels")
      .select(levelColumns)
      .where("tenant_id", "=", tenantId)
      .where("sku", "=", sku)
      .forNoKeyUpdate()
      .executeTakeFirst()
  ).pipe(
    Effect.flatMap((row) =>
      row === undefined ? Effect.fail(new NotFound({ entity: "sku", id: sku })) : Effect.succeed(toLevel(row))
    )
  )

export const readLevel = (db: Trx, tenantId: TenantId, sku: Sku) =>
  run(() =>
    db
      .selectFrom("stock_levels")
      .select(levelColumns)
      .where("tenant_id", "=", tenantId)
      .where("sku", "=", sku)
      .executeTakeFirst()
  )

/** Write a new on_hand/reserved for one sku plus its movement (same transaction). */
export const move = (
  trx: Trx,
  level: Inventory.StockLevel,
  movement: Omit<Inventory.StockMovement, "tenantId" | "sku">
): Effect.Effect<Inventory.StockLevel, SqlError> =>
  Effect.gen(function* () {
    const row = yield* run(() =>
      trx
        .updateTable("stock_levels")
        .set((eb) => ({
          on_hand: eb("on_hand", "+", movement.onHandDelta),
          reserved: eb("reserved", "+", movement.reservedDelta),
          updated_at: movement.at
        }))
        .where("tenant_id", "=", level.tenantId)
        .where("sku", "=", level.sku)
        .returning(levelColumns)
        .executeTakeFirstOrThrow()
    )
    yield* run(() => insertMovements(trx, [{ tenantId: level.tenantId, sku: level.sku, ...movement }]))
    return toLevel(row)
  })
export const endHold = (
  kysely: Kysely<Database>,
  tenantId: TenantId,
  reservationId: ReservationId,
  end: "released" | "committed"
): Effect.Effect<Change, Inventory.HoldNotActive | NotFound | SqlError> =>
  tenantTransaction(kysely, tenantId, (trx) =>
    Effect.gen(function* () {
      const at = yield* now
      const hold = yield* run(() =>
        trx
          .selectFrom("reservations")
          .select(reservationColumns)
          .where("tenant_id", "=", tenantId)
          .where("id", "=", reservationId)
          .forNoKeyUpdate()
          .executeTakeFirst()
      )
      if (hold === undefined) return yield* new NotFound({ entity: "reservation", id: reservationId })
      const sku = hold.sku as Sku
      if (hold.status !== "held") {
        // Repeats are no-ops; releasing after commit or expiry changes nothing (the decider's rule).
        if (hold.status === end || end === "released") {
          const row = yield* readLevel(trx, tenantId, sku)
          return { level: toLevel(row!), events: [] }
        }
        return yield* new Inventory.HoldNotActive({ reservationId, status: hold.status as Inventory.HoldStatus })
      }
      const level = yield* lockLevel(trx, tenantId, sku)
      yield* run(() =>
        trx
          .updateTable("reservations")
          .set({ status: end, ended_at: at })
          .where("tenant_id", "=", tenantId)
          .where("id", "=", reservationId)
          .execute()
      )
      const qty = hold.qty
      const after = yield* move(trx, level, {
        kind: end === "released" ? "release" : "commit",
        onHandDelta: end === "released" ? 0 : -qty,
        reservedDelta: -qty,
        reservationId,
        at
      })
      const event: Inventory.InventoryEvent = {
        _tag: end === "released" ? "Released" : "Committed",
        reservationId,
        qty,
        at
      }
      return { level: after, events: [event] }
    })
  )
