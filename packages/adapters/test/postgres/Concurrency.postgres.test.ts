import { Db, layer } from "@chatshop/adapters/postgres"
import { Inventory, Offer, ReservationId, Sku, timestamp } from "@chatshop/domain"
import { draftOffer, freshId, freshTenant } from "@chatshop/domain/testing"
import { assert, it } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import { databaseUrl, describeWith } from "../env.ts"
import { runBuyerProcesses } from "./processes.ts"
import { scratchDatabase } from "./scratch.ts"

const url = databaseUrl()
const ledgerLayer = (dbUrl: string, poolSize = 4) => layer({ url: dbUrl, poolSize, migrate: true })

describeWith("database")("PostgreSQL under concurrency, across processes (SPEC §9.1, §9.5)", () => {
  const target = url ?? ""

  for (const stock of [1, 50]) {
    it.effect(`1,000 buyers in two processes for ${stock} unit(s) → exactly ${stock} hold(s), nothing oversold`, () =>
      Effect.gen(function* () {
        const ledger = yield* Inventory.StockLedger
        const { kysely } = yield* Db
        const tenant = freshTenant()
        const sku = Sku.make(freshId("hot"))
        yield* ledger.open(tenant, sku, { onHand: stock })
        const results = yield* Effect.promise(() => runBuyerProcesses("reserve", target, tenant, sku, [500, 500]))

        const won = results.reduce((n, r) => n + r.won, 0)
        const lost = results.reduce((n, r) => n + r.lost, 0)
        assert.deepStrictEqual([won, lost], [stock, 1000 - stock])
        const level = yield* ledger.level(tenant, sku)
        assert.deepStrictEqual([level.onHand, level.reserved, level.available], [stock, stock, 0])
        const holds = yield* Effect.promise(() =>
          kysely
            .selectFrom("reservations")
            .select("id")
            .where("tenant_id", "=", tenant)
            .where("sku", "=", sku)
            .execute()
        )
        assert.sameMembers(
          holds.map((h) => h.id),
          results.flatMap((r) => r.ids)
        )
        const movements = yield* ledger.movements(tenant, sku)
        assert.isTrue(Inventory.Invariants.movementsBalance(level, movements))
        assert.strictEqual(movements.filter((m) => m.kind === "reserve").length, stock)
      }).pipe(Effect.provide(ledgerLayer(target)))
    )
  }

  for (const quantity of [1, 50]) {
    it.effect(`1,000 claims in two processes on an offer of ${quantity} → ${quantity} win, sold out exactly once`, () =>
      Effect.gen(function* () {
        const offers = yield* Offer.OfferRepository
        const offer = yield* offers.create(draftOffer(freshTenant(), { quantity }))
        yield* offers.update(
          offer.tenantId,
          offer.id,
          Offer.step({ _tag: "Publish", businessStatus: "verified", at: timestamp(0) })
        )
        const results = yield* Effect.promise(() =>
          runBuyerProcesses("claim", target, offer.tenantId, offer.id, [500, 500])
        )
        assert.strictEqual(
          results.reduce((n, r) => n + r.won, 0),
          quantity
        )
        assert.strictEqual(
          results.reduce((n, r) => n + r.soldOut, 0),
          1
        )
        const stored = yield* offers.get(offer.tenantId, offer.id)
        assert.deepStrictEqual([stored.status, stored.claimed, stored.soldOutBy], ["sold_out", quantity, "auto"])
        assert.sameMembers(
          Object.keys(stored.claims),
          results.flatMap((r) => r.ids)
        )
        assert.isTrue(Offer.Invariants.all(stored))
      }).pipe(Effect.provide(ledgerLayer(target)))
    )
  }

  it.effect("two sweepers over 10,000 lapsed holds release each exactly once", () =>
    Effect.gen(function* () {
      // A database of its own: expire() sweeps every tenant, so it must not meet other suites' holds.
      const scratch = yield* Effect.acquireRelease(
        Effect.promise(() => scratchDatabase(target, "sweep")),
        (db) => Effect.promise(() => db.drop())
      )
      const one = yield* Layer.build(ledgerLayer(scratch.url))
      const two = yield* Layer.build(ledgerLayer(scratch.url))
      const ledger = Context.get(one, Inventory.StockLedger)
      const { kysely } = Context.get(one, Db)

      const skus = [freshTenant(), freshTenant()].flatMap((tenant) =>
        Array.from({ length: 5 }, () => ({ tenant, sku: Sku.make(freshId("sweep")) }))
      )
      yield* Effect.forEach(skus, ({ tenant, sku }) => ledger.open(tenant, sku, { onHand: 2_000 }))
      const holds = yield* Effect.forEach(
        Array.from({ length: 10_000 }, (_, i) => skus[i % skus.length]!),
        ({ tenant, sku }) =>
          ledger.reserve(tenant, sku, {
            reservationId: ReservationId.make(freshId("lapsing")),
            qty: 1,
            holdUntil: timestamp(1_000)
          }),
        { concurrency: "unbounded" }
      )
      assert.strictEqual(holds.length, 10_000)

      const sweep = (sweeper: Inventory.StockLedger["Service"]) =>
        Effect.gen(function* () {
          const released: Array<string> = []
          while (true) {
            const batch = yield* sweeper.expire(timestamp(2_000), 250)
            if (batch.length === 0) return released
            released.push(...batch.map((r) => `${r.tenantId}/${r.id}`))
          }
        })
      const [byOne, byTwo] = yield* Effect.all([sweep(ledger), sweep(Context.get(two, Inventory.StockLedger))], {
        concurrency: 2
      })
      const all = [...byOne, ...byTwo]
      assert.strictEqual(all.length, 10_000)
      assert.strictEqual(new Set(all).size, 10_000)

      for (const { tenant, sku } of skus) {
        const level = yield* ledger.level(tenant, sku)
        assert.deepStrictEqual([level.onHand, level.reserved], [2_000, 0])
        assert.isTrue(Inventory.Invariants.movementsBalance(level, yield* ledger.movements(tenant, sku)))
      }
      const twice = yield* Effect.promise(() =>
        kysely
          .selectFrom("stock_movements")
          .select("reservation_id")
          .where("kind", "=", "expire")
          .groupBy(["tenant_id", "reservation_id"])
          .having((eb) => eb.fn.countAll(), ">", 1)
          .execute()
      )
      assert.strictEqual(twice.length, 0)
      const expired = yield* Effect.promise(() =>
        kysely
          .selectFrom("reservations")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("status", "=", "expired")
          .executeTakeFirstOrThrow()
      )
      assert.strictEqual(Number(expired.n), 10_000)
    }).pipe(Effect.scoped)
  )
})
