import { Inventory, NotFound } from "@chatshop/domain"
import { Effect, Layer } from "effect"
import { currentTransaction, Db, run } from "./Db.ts"
import { tenantRun, tenantTransaction } from "./Tenancy.ts"
import * as GroupCommit from "./GroupCommit.ts"
import { type ReserveCall, reserveBatch } from "./ReserveBatch.ts"
import { expire } from "./StockExpiry.ts"
import { endHold, lockLevel, move, now, readLevel } from "./StockMoves.ts"
import {
  crossesLowStock,
  insertLowStock,
  insertMovements,
  levelColumns,
  levelsQuery,
  reservationColumns,
  toLevel,
  toMovement,
  toReservation
} from "./StockRows.ts"

/** Largest batch one transaction takes; the rest wait for the next commit. */
export const maxReserveBatch = 1_000
export const make = Effect.gen(function* () {
  const { kysely } = yield* Db

  const batcher = yield* GroupCommit.make({
    maxBatch: maxReserveBatch,
    run: (_key, calls: ReadonlyArray<ReserveCall>) =>
      reserveBatch(kysely, calls[0]!.tenantId, calls[0]!.sku, calls).pipe(Effect.orDie)
  })

  return Inventory.StockLedger.of({
    open: (tenantId, sku, init) =>
      tenantTransaction(kysely, tenantId, (trx) =>
        Effect.gen(function* () {
          const at = yield* now
          const inserted = yield* run(() =>
            trx
              .insertInto("stock_levels")
              .values({
                tenant_id: tenantId,
                sku,
                on_hand: init.onHand,
                reserved: 0,
                low_stock_threshold: init.lowStockThreshold ?? 0,
                updated_at: at
              })
              .onConflict((oc) => oc.columns(["tenant_id", "sku"]).doNothing())
              .returning(levelColumns)
              .executeTakeFirst()
          )
          if (inserted === undefined) return toLevel((yield* readLevel(trx, tenantId, sku))!)
          if (init.onHand > 0) {
            const movement = { tenantId, sku, kind: "restock", onHandDelta: init.onHand, reservedDelta: 0, at } as const
            yield* run(() => insertMovements(trx, [movement]))
          }
          return toLevel(inserted)
        })
      ).pipe(Effect.orDie),

    level: (tenantId, sku) =>
      tenantRun(kysely, tenantId, (db) => levelsQuery(db, tenantId, [sku]).executeTakeFirst()).pipe(
        Effect.orDie,
        Effect.flatMap((row) =>
          row === undefined ? Effect.fail(new NotFound({ entity: "sku", id: sku })) : Effect.succeed(toLevel(row))
        )
      ),

    levels: (tenantId, skus) =>
      skus.length === 0
        ? Effect.succeed([])
        : tenantRun(kysely, tenantId, (db) => levelsQuery(db, tenantId, [...new Set(skus)]).execute()).pipe(
            Effect.orDie,
            Effect.map((rows) => rows.map(toLevel))
          ),

    // Inside a unit of work the hold is part of it; the group commit batches only calls on their own.
    reserve: (tenantId, sku, { reservationId, qty, holdUntil }) =>
      Effect.gen(function* () {
        const call = { tenantId, sku, reservationId, qty, holdUntil, at: yield* now }
        if ((yield* currentTransaction(kysely)) === undefined)
          return yield* batcher.submit(`${tenantId}\u0000${sku}`, call)
        const [answer] = yield* reserveBatch(kysely, tenantId, sku, [call]).pipe(Effect.orDie)
        return yield* answer!
      }),

    release: (tenantId, reservationId) =>
      endHold(kysely, tenantId, reservationId, "released").pipe(
        Effect.catchTag("SqlError", Effect.die),
        Effect.catchTag("HoldNotActive", Effect.die)
      ),

    commit: (tenantId, reservationId) =>
      endHold(kysely, tenantId, reservationId, "committed").pipe(Effect.catchTag("SqlError", Effect.die)),

    reservation: (tenantId, reservationId) =>
      tenantRun(kysely, tenantId, (db) =>
        db
          .selectFrom("reservations")
          .select(reservationColumns)
          .where("tenant_id", "=", tenantId)
          .where("id", "=", reservationId)
          .executeTakeFirst()
      ).pipe(
        Effect.orDie,
        Effect.flatMap((row) =>
          row === undefined
            ? Effect.fail(new NotFound({ entity: "reservation", id: reservationId }))
            : Effect.succeed(toReservation(row))
        )
      ),

    restock: (tenantId, sku, qty) =>
      tenantTransaction(kysely, tenantId, (trx) =>
        Effect.gen(function* () {
          const at = yield* now
          const level = yield* lockLevel(trx, tenantId, sku)
          const after = yield* move(trx, level, { kind: "restock", onHandDelta: qty, reservedDelta: 0, at })
          const event: Inventory.InventoryEvent = { _tag: "Restocked", qty, at }
          return { level: after, events: [event] }
        })
      ).pipe(Effect.catchTag("SqlError", Effect.die)),

    adjust: (tenantId, sku, onHand) =>
      tenantTransaction(kysely, tenantId, (trx) =>
        Effect.gen(function* () {
          const at = yield* now
          const level = yield* lockLevel(trx, tenantId, sku)
          if (onHand < level.reserved) {
            return yield* new Inventory.AdjustBelowReserved({ sku, onHand, reserved: level.reserved })
          }
          if (onHand === level.onHand) return { level, events: [] }
          const after = yield* move(trx, level, {
            kind: "adjust",
            onHandDelta: onHand - level.onHand,
            reservedDelta: 0,
            at
          })
          const events: Array<Inventory.InventoryEvent> = [{ _tag: "Adjusted", from: level.onHand, to: onHand, at }]
          if (crossesLowStock(level.available, after.available, after.lowStockThreshold)) {
            yield* run(() => insertLowStock(trx, after, at))
            events.push({ _tag: "LowStock", available: after.available, threshold: after.lowStockThreshold, at })
          }
          return { level: after, events }
        })
      ).pipe(Effect.catchTag("SqlError", Effect.die)),

    expire: (at, limit) => expire(kysely, at, limit).pipe(Effect.orDie),

    movements: (tenantId, sku) =>
      tenantRun(kysely, tenantId, (db) =>
        db
          .selectFrom("stock_movements")
          .select(["tenant_id", "sku", "kind", "on_hand_delta", "reserved_delta", "reservation_id", "at"])
          .where("tenant_id", "=", tenantId)
          .where("sku", "=", sku)
          .orderBy("id")
          .execute()
      ).pipe(
        Effect.map((rows) => rows.map(toMovement)),
        Effect.orDie
      ),

    takeLowStock: (tenantId) =>
      Effect.gen(function* () {
        const at = yield* now
        const rows = yield* tenantRun(kysely, tenantId, (db) =>
          db
            .updateTable("low_stock_alerts")
            .set({ taken_at: at })
            .where("tenant_id", "=", tenantId)
            .where(
              "id",
              "in",
              db
                .selectFrom("low_stock_alerts")
                .select("id")
                .where("tenant_id", "=", tenantId)
                .where("taken_at", "is", null)
                .forUpdate()
                .skipLocked()
            )
            .returning(["id", "tenant_id", "sku", "on_hand", "reserved", "threshold"])
            .execute()
        )
        return rows
          .sort((a, b) => a.id - b.id)
          .map((r) =>
            toLevel({
              tenant_id: r.tenant_id,
              sku: r.sku,
              on_hand: r.on_hand,
              reserved: r.reserved,
              low_stock_threshold: r.threshold
            })
          )
      }).pipe(Effect.orDie)
  })
})

/** The ledger over whatever `Db` is provided (pool or PGlite). */
export const layer = Layer.effect(Inventory.StockLedger, make)
