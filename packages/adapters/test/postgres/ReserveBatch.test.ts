import { PGlite } from "@electric-sql/pglite"
import { layer, layerPglite } from "@chatshop/adapters/postgres"
import { Inventory, ReservationId, Sku, TenantId, timestamp } from "@chatshop/domain"
import { freshId, freshTenant, property } from "@chatshop/domain/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Layer, Result } from "effect"
import * as fc from "fast-check"
import { afterAll } from "vitest"
import { grant, type ReserveCall } from "../../src/postgres/ReserveBatch.ts"
import { databaseUrl, describeWith } from "../env.ts"

const tenantId = TenantId.make("t")
// Holds no suite's expire() reaches while sharing the database (the contract sweeps at 2 h after epoch).
const farFuture = timestamp(4_000_000_000_000)
const sku = Sku.make("s")
const call = fc.record({
  reservationId: fc.constantFrom("r1", "r2", "r3", "r4", "r5", "r6").map((id) => ReservationId.make(id)),
  qty: fc.integer({ min: 1, max: 6 }),
  holdUntil: fc.constant(timestamp(10)),
  at: fc.integer({ min: 0, max: 5 }).map(timestamp)
})
const stock = fc
  .record({
    onHand: fc.integer({ min: 0, max: 25 }),
    reserved: fc.integer({ min: 0, max: 25 }),
    threshold: fc.integer({ min: 0, max: 6 })
  })
  .filter((s) => s.reserved <= s.onHand)

/** The domain's own answer: the decider applied to the calls one after another. */
const sequential = (calls: ReadonlyArray<ReserveCall>, s: { onHand: number; reserved: number; threshold: number }) => {
  let state: Inventory.StockState = { ...Inventory.empty(sku, s.threshold), onHand: s.onHand, reserved: s.reserved }
  const outcomes: Array<string> = []
  const lowStock: Array<number> = []
  for (const c of calls) {
    const decided = Inventory.decide({ _tag: "Reserve", ...c }, state)
    if (Result.isFailure(decided)) {
      outcomes.push(decided.failure._tag === "InsufficientStock" ? `short:${decided.failure.available}` : "conflict")
      continue
    }
    for (const e of decided.success) {
      state = Inventory.evolve(state, e)
      if (e._tag === "LowStock") lowStock.push(e.available)
    }
    outcomes.push(`held:${state.holds.get(c.reservationId)?.qty}`)
  }
  return { outcomes, lowStock, reserved: state.reserved }
}

describe("reserve batching", () => {
  property(
    "pg-batch-sequential: a batch answers exactly as the decider applied call by call",
    [
      fc.array(
        call.map((c) => ({ ...c, tenantId, sku })),
        { minLength: 1, maxLength: 12 }
      ),
      stock
    ],
    (calls, s) => {
      const { answers, granted, lowStock } = grant(calls, s, new Map())
      const expected = sequential(calls, s)
      const outcomes = answers.map((a) =>
        Exit.isSuccess(a)
          ? `held:${a.value.qty}`
          : a.cause.reasons[0]?._tag === "Fail" && a.cause.reasons[0].error._tag === "InsufficientStock"
            ? `short:${a.cause.reasons[0].error.available}`
            : "conflict"
      )
      assert.deepStrictEqual(outcomes, expected.outcomes)
      assert.strictEqual(s.reserved + granted.reduce((n, g) => n + g.reservation.qty, 0), expected.reserved)
      assert.deepStrictEqual(lowStock === undefined ? [] : [lowStock.level.available], expected.lowStock)
    },
    1000
  )
})

/**
 * Model-based: concurrent reservations through the batching ledger end exactly where the memory
 * ledger ends when it runs the same calls one by one (answers, level, movements, low-stock alerts).
 */
const matchesMemory = (name: string, ledgerLayer: Layer.Layer<Inventory.StockLedger, unknown>) =>
  it.effect(`pg-batch-model: concurrent reservations on ${name} match the memory ledger run in order`, () =>
    Effect.gen(function* () {
      const context = yield* Layer.build(ledgerLayer)
      const scenario = fc.record({
        onHand: fc.integer({ min: 0, max: 30 }),
        threshold: fc.integer({ min: 0, max: 5 }),
        calls: fc.array(fc.record({ id: fc.integer({ min: 1, max: 15 }), qty: fc.integer({ min: 1, max: 5 }) }), {
          minLength: 1,
          maxLength: 40
        })
      })
      const play = (
        scope: "sequential" | "concurrent",
        input: typeof scenario extends fc.Arbitrary<infer T> ? T : never
      ) =>
        Effect.gen(function* () {
          const ledger = yield* Inventory.StockLedger
          const t = freshTenant()
          const s = Sku.make(freshId("model"))
          yield* ledger.open(t, s, { onHand: input.onHand, lowStockThreshold: input.threshold })
          const prefix = freshId("r")
          const answers = yield* Effect.all(
            input.calls.map((c) =>
              ledger
                .reserve(t, s, {
                  reservationId: ReservationId.make(`${prefix}-${c.id}`),
                  qty: c.qty,
                  holdUntil: farFuture
                })
                .pipe(
                  Effect.map((r) => `held:${r.qty}`),
                  Effect.catchTags({
                    InsufficientStock: (e) => Effect.succeed(`short:${e.available}`),
                    ReservationConflict: () => Effect.succeed("conflict")
                  })
                )
            ),
            { concurrency: scope === "sequential" ? 1 : "unbounded" }
          )
          const level = yield* ledger.level(t, s)
          const movements = (yield* ledger.movements(t, s)).map(
            (m) => `${m.kind}:${m.reservedDelta}:${m.reservationId?.slice(prefix.length) ?? ""}`
          )
          const low = (yield* ledger.takeLowStock(t)).map((l) => l.available)
          return { answers, level: [level.onHand, level.reserved], movements, low }
        })
      yield* Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(scenario, async (input) => {
            const model = await Effect.runPromise(
              play("sequential", input).pipe(Effect.provide(Inventory.StockLedger.layerMemory))
            )
            const real = await Effect.runPromise(play("concurrent", input).pipe(Effect.provideContext(context)))
            assert.deepStrictEqual(real, model)
          }),
          { numRuns: 40 }
        )
      )
    }).pipe(Effect.scoped)
  )

const pglite = new PGlite()
afterAll(() => pglite.close())
matchesMemory("PGlite", layerPglite({ pglite }))

const url = databaseUrl()
describeWith("database")("on PostgreSQL", () => {
  matchesMemory("PostgreSQL", layer({ url: url ?? "", poolSize: 4, migrate: true }))
})
