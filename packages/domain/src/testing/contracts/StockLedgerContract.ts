import { assert, describe, it } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import { TestClock } from "effect/testing"
import { StockLedger } from "../../inventory/StockLedger.ts"
import * as Invariants from "../../inventory/Invariants.ts"
import { HOUR, ReservationId, Sku, timestamp } from "../../shared/Ids.ts"
import { freshId, freshTenant } from "../Fresh.ts"

const sku = () => Sku.make(freshId("sku"))
const rid = () => ReservationId.make(freshId("res"))

/**
 * The StockLedger contract (SPEC §3.2). Every implementation — memory, PGlite, PostgreSQL —
 * registers this suite with its own Layer; each test works in a tenant of its own.
 */
export const stockLedgerContract = (name: string, layer: Layer.Layer<StockLedger, unknown>) =>
  describe(`StockLedger contract: ${name}`, () => {
    const test = (title: string, body: () => Effect.Effect<void, unknown, StockLedger>) =>
      it.effect(title, () => body().pipe(Effect.provide(layer)))

    test("open is idempotent and reports the stock", () =>
      Effect.gen(function* () {
        const ledger = yield* StockLedger
        const t = freshTenant()
        const s = sku()
        const first = yield* ledger.open(t, s, { onHand: 5 })
        const again = yield* ledger.open(t, s, { onHand: 99 })
        assert.deepStrictEqual([first.onHand, first.reserved, first.available], [5, 0, 5])
        assert.strictEqual(again.onHand, 5)
      }))

    test("reserve holds stock; over-reserving fails with InsufficientStock naming what is available", () =>
      Effect.gen(function* () {
        const ledger = yield* StockLedger
        const t = freshTenant()
        const s = sku()
        yield* ledger.open(t, s, { onHand: 3 })
        const r = yield* ledger.reserve(t, s, { reservationId: rid(), qty: 2, holdUntil: timestamp(HOUR) })
        assert.strictEqual(r.status, "held")
        const failure = yield* Effect.flip(
          ledger.reserve(t, s, { reservationId: rid(), qty: 2, holdUntil: timestamp(HOUR) })
        )
        assert.strictEqual(failure._tag, "InsufficientStock")
        if (failure._tag === "InsufficientStock") assert.deepStrictEqual([failure.requested, failure.available], [2, 1])
        const level = yield* ledger.level(t, s)
        assert.deepStrictEqual([level.onHand, level.reserved, level.available], [3, 2, 1])
      }))

    test("reserve with the same reservation id twice holds once", () =>
      Effect.gen(function* () {
        const ledger = yield* StockLedger
        const t = freshTenant()
        const s = sku()
        yield* ledger.open(t, s, { onHand: 3 })
        const id = rid()
        yield* ledger.reserve(t, s, { reservationId: id, qty: 2, holdUntil: timestamp(HOUR) })
        yield* ledger.reserve(t, s, { reservationId: id, qty: 2, holdUntil: timestamp(HOUR) })
        assert.strictEqual((yield* ledger.level(t, s)).reserved, 2)
      }))

    test("release and commit are idempotent, and a hold is never both", () =>
      Effect.gen(function* () {
        const ledger = yield* StockLedger
        const t = freshTenant()
        const s = sku()
        yield* ledger.open(t, s, { onHand: 10 })
        const a = yield* ledger.reserve(t, s, { reservationId: rid(), qty: 3, holdUntil: timestamp(HOUR) })
        const b = yield* ledger.reserve(t, s, { reservationId: rid(), qty: 4, holdUntil: timestamp(HOUR) })
        yield* ledger.release(t, a.id)
        yield* ledger.release(t, a.id)
        yield* ledger.commit(t, b.id)
        yield* ledger.commit(t, b.id)
        const level = yield* ledger.level(t, s)
        assert.deepStrictEqual([level.onHand, level.reserved], [6, 0])
        const notActive = yield* Effect.flip(ledger.commit(t, a.id))
        assert.strictEqual(notActive._tag, "HoldNotActive")
        yield* ledger.release(t, b.id) // after commit: no-op, stock stays committed
        assert.deepStrictEqual((yield* ledger.level(t, s)).onHand, 6)
      }))

    test("expire releases each lapsed hold exactly once", () =>
      Effect.gen(function* () {
        const ledger = yield* StockLedger
        const t = freshTenant()
        const s = sku()
        yield* ledger.open(t, s, { onHand: 10 })
        const soon = yield* ledger.reserve(t, s, { reservationId: rid(), qty: 2, holdUntil: timestamp(HOUR) })
        yield* ledger.reserve(t, s, { reservationId: rid(), qty: 3, holdUntil: timestamp(10 * HOUR) })
        const first = yield* ledger.expire(timestamp(2 * HOUR))
        const second = yield* ledger.expire(timestamp(2 * HOUR))
        const mine = (rs: ReadonlyArray<{ tenantId: string; id: string }>) => rs.filter((r) => r.tenantId === t)
        assert.deepStrictEqual(
          mine(first).map((r) => r.id),
          [soon.id]
        )
        assert.strictEqual(mine(second).length, 0)
        assert.strictEqual((yield* ledger.reservation(t, soon.id)).status, "expired")
        assert.strictEqual((yield* ledger.level(t, s)).reserved, 3)
      }))

    test("adjust never goes below reserved; restock adds", () =>
      Effect.gen(function* () {
        const ledger = yield* StockLedger
        const t = freshTenant()
        const s = sku()
        yield* ledger.open(t, s, { onHand: 5 })
        yield* ledger.reserve(t, s, { reservationId: rid(), qty: 4, holdUntil: timestamp(HOUR) })
        const failure = yield* Effect.flip(ledger.adjust(t, s, 3))
        assert.strictEqual(failure._tag, "AdjustBelowReserved")
        yield* ledger.adjust(t, s, 4)
        yield* ledger.restock(t, s, 6)
        assert.strictEqual((yield* ledger.level(t, s)).onHand, 10)
      }))

    test("movements add up to onHand and reserved", () =>
      Effect.gen(function* () {
        const ledger = yield* StockLedger
        const t = freshTenant()
        const s = sku()
        yield* ledger.open(t, s, { onHand: 8 })
        const a = yield* ledger.reserve(t, s, { reservationId: rid(), qty: 3, holdUntil: timestamp(HOUR) })
        const b = yield* ledger.reserve(t, s, { reservationId: rid(), qty: 2, holdUntil: timestamp(HOUR) })
        yield* ledger.commit(t, a.id)
        yield* ledger.release(t, b.id)
        yield* ledger.restock(t, s, 4)
        yield* ledger.adjust(t, s, 7)
        const level = yield* ledger.level(t, s)
        const movements = yield* ledger.movements(t, s)
        assert.isTrue(Invariants.movementsBalance(level, movements))
        assert.deepStrictEqual(
          movements.map((m) => m.kind),
          ["restock", "reserve", "reserve", "commit", "release", "restock", "adjust"]
        )
      }))

    test("low stock is reported once per downward crossing", () =>
      Effect.gen(function* () {
        const ledger = yield* StockLedger
        const t = freshTenant()
        const s = sku()
        yield* ledger.open(t, s, { onHand: 5, lowStockThreshold: 2 })
        yield* ledger.reserve(t, s, { reservationId: rid(), qty: 3, holdUntil: timestamp(HOUR) })
        yield* ledger.reserve(t, s, { reservationId: rid(), qty: 1, holdUntil: timestamp(HOUR) })
        const taken = yield* ledger.takeLowStock(t)
        assert.deepStrictEqual(
          taken.map((l) => [l.sku, l.available]),
          [[s, 2]]
        )
        assert.strictEqual((yield* ledger.takeLowStock(t)).length, 0)
      }))

    test("another tenant sees nothing and cannot touch the stock", () =>
      Effect.gen(function* () {
        const ledger = yield* StockLedger
        const t = freshTenant()
        const other = freshTenant()
        const s = sku()
        yield* ledger.open(t, s, { onHand: 5 })
        const r = yield* ledger.reserve(t, s, { reservationId: rid(), qty: 1, holdUntil: timestamp(HOUR) })
        assert.strictEqual((yield* Effect.flip(ledger.level(other, s)))._tag, "NotFound")
        const reserve = ledger.reserve(other, s, { reservationId: rid(), qty: 1, holdUntil: timestamp(HOUR) })
        assert.strictEqual((yield* Effect.flip(reserve))._tag, "NotFound")
        assert.strictEqual((yield* Effect.flip(ledger.release(other, r.id)))._tag, "NotFound")
        assert.strictEqual((yield* Effect.flip(ledger.commit(other, r.id)))._tag, "NotFound")
        assert.strictEqual((yield* Effect.flip(ledger.restock(other, s, 1)))._tag, "NotFound")
        assert.strictEqual((yield* ledger.movements(other, s)).length, 0)
        assert.strictEqual((yield* ledger.level(t, s)).reserved, 1)
      }))

    test("levels reads many skus at once: this tenant's only, unknown skus left out", () =>
      Effect.gen(function* () {
        const ledger = yield* StockLedger
        const t = freshTenant()
        const [a, b, unknown] = [sku(), sku(), sku()]
        yield* ledger.open(t, a, { onHand: 4 })
        yield* ledger.open(t, b, { onHand: 2, lowStockThreshold: 1 })
        yield* ledger.reserve(t, b, { reservationId: rid(), qty: 1, holdUntil: timestamp(HOUR) })
        const levels = yield* ledger.levels(t, [a, b, unknown, a])
        const bySku = new Map(levels.map((l) => [l.sku, l]))
        assert.strictEqual(levels.length, 2)
        assert.deepStrictEqual(bySku.get(b), yield* ledger.level(t, b))
        assert.deepStrictEqual(bySku.get(a), yield* ledger.level(t, a))
        assert.deepStrictEqual(yield* ledger.levels(freshTenant(), [a, b]), [])
        assert.deepStrictEqual(yield* ledger.levels(t, []), [])
      }))

    test("concurrent reservations never oversell", () =>
      Effect.gen(function* () {
        const ledger = yield* StockLedger
        const t = freshTenant()
        const s = sku()
        yield* ledger.open(t, s, { onHand: 7 })
        const attempts = Array.from({ length: 40 }, () =>
          ledger.reserve(t, s, { reservationId: rid(), qty: 1, holdUntil: timestamp(HOUR) }).pipe(Effect.result)
        )
        const results = yield* Effect.all(attempts, { concurrency: "unbounded" })
        const won = results.filter((r) => r._tag === "Success").length
        assert.strictEqual(won, 7)
        const level = yield* ledger.level(t, s)
        assert.deepStrictEqual([level.reserved, level.available], [7, 0])
      }))

    test("timestamps come from the Clock", () =>
      Effect.gen(function* () {
        const ledger = yield* StockLedger
        yield* TestClock.setTime(5 * HOUR)
        const t = freshTenant()
        const s = sku()
        yield* ledger.open(t, s, { onHand: 1 })
        const movements = yield* ledger.movements(t, s)
        assert.strictEqual(movements[0]?.at, 5 * HOUR)
      }))
  })
