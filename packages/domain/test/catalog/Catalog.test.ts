import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as fc from "fast-check"
import { Catalog, HOUR, Inventory, ProductId, ReservationId, Sku, timestamp } from "@chatshop/domain"
import { CatalogArb, freshTenant, property } from "@chatshop/domain/testing"
import { airmax, boots, flap } from "./fixtures.ts"

const layer = Catalog.Catalog.layer.pipe(
  Layer.provideMerge(Layer.mergeAll(Catalog.CatalogRepository.layerMemory, Inventory.StockLedger.layerMemory))
)

/** A fixture product as a new product of tenant `t` with opening stock. */
const stocked = (
  p: Catalog.Product,
  t: ReturnType<typeof freshTenant>,
  units: ReadonlyArray<number>
): Catalog.NewProduct => {
  const [first, ...rest] = p.variants.map((v, i) => ({ ...v, stock: units[i] ?? 0 }))
  return { ...p, tenantId: t, variants: [first!, ...rest] }
}

describe("Catalog service: products with live availability", () => {
  it.effect("create stores the product and opens each variant's stock; search reports it live", () =>
    Effect.gen(function* () {
      const catalog = yield* Catalog.Catalog
      const ledger = yield* Inventory.StockLedger
      const t = freshTenant()
      const stored = yield* catalog.create(stocked(boots, t, [0, 2, 1]), { lowStockThreshold: 1 })
      assert.deepStrictEqual(stored.variants, boots.variants)
      assert.strictEqual((yield* ledger.level(t, Sku.make("boot-38"))).lowStockThreshold, 1)
      const before = (yield* catalog.search(t, "boots 38"))[0]!
      assert.deepStrictEqual([before.requested, before.available], [{ size: "38" }, 2])
      yield* ledger.reserve(t, Sku.make("boot-38"), {
        reservationId: ReservationId.make("r1"),
        qty: 2,
        holdUntil: timestamp(HOUR)
      })
      const after = (yield* catalog.search(t, "boots 38"))[0]!
      assert.strictEqual(after.available, 0)
      assert.deepStrictEqual(
        after.variants.map((v) => v.available),
        [0, 0, 1]
      )
    }).pipe(Effect.provide(layer))
  )

  it.effect("a product breaking a rule is refused before anything is stored or stocked", () =>
    Effect.gen(function* () {
      const catalog = yield* Catalog.Catalog
      const repo = yield* Catalog.CatalogRepository
      const ledger = yield* Inventory.StockLedger
      const t = freshTenant()
      const thrift = stocked({ ...flap, variants: [{ ...flap.variants[0], oneOfAKind: true }] }, t, [2])
      const failure = yield* Effect.flip(catalog.create(thrift))
      assert.strictEqual(failure._tag, "InvalidProduct")
      assert.strictEqual((yield* Effect.flip(repo.get(t, flap.id)))._tag, "NotFound")
      assert.strictEqual((yield* Effect.flip(ledger.level(t, Sku.make("flap-black"))))._tag, "NotFound")
      yield* catalog.create(stocked(flap, t, [1, 1]))
      const taken = yield* Effect.flip(
        catalog.create(
          stocked({ ...airmax, variants: [{ ...airmax.variants[0], sku: Sku.make("flap-black") }] }, t, [9])
        )
      )
      assert.strictEqual(taken._tag, "SkuTaken")
      assert.strictEqual((yield* ledger.level(t, Sku.make("flap-black"))).onHand, 1)
      const dup = yield* Effect.flip(catalog.create(stocked(flap, t, [1, 1])))
      assert.strictEqual(dup._tag, "ProductExists")
    }).pipe(Effect.provide(layer))
  )

  it.effect("view shows one product's variants, restricted to the chosen size or colour", () =>
    Effect.gen(function* () {
      const catalog = yield* Catalog.Catalog
      const repo = yield* Catalog.CatalogRepository
      const t = freshTenant()
      yield* catalog.create(stocked(flap, t, [1, 3]))
      const all = yield* catalog.view(t, flap.id)
      assert.deepStrictEqual([all.requested, all.available], [{}, 4])
      const white = yield* catalog.view(t, flap.id, { color: "белая" })
      assert.deepStrictEqual(
        white.variants.map((v) => v.matches),
        [false, true]
      )
      assert.strictEqual(white.available, 3)
      assert.strictEqual((yield* Effect.flip(catalog.view(freshTenant(), flap.id)))._tag, "NotFound")
      // A sku the ledger never opened counts as none available.
      yield* repo.create({ ...airmax, tenantId: t })
      assert.strictEqual((yield* catalog.view(t, airmax.id)).available, 0)
      const levels = yield* catalog.stock(t, [airmax])
      assert.deepStrictEqual([...levels.values()], [0, 0])
    }).pipe(Effect.provide(layer))
  )

  property(
    "search-tenant-isolation: search answers only the asking tenant's products, with that tenant's stock",
    [
      fc.record({
        mine: CatalogArb.products(),
        theirs: CatalogArb.products(),
        query: fc.oneof(CatalogArb.title, CatalogArb.titleWord),
        units: fc.integer({ min: 0, max: 3 })
      })
    ],
    ({ mine, theirs, query, units }) => {
      const t = freshTenant()
      const other = freshTenant()
      const create = (p: Catalog.Product, tenant: typeof t, n: number): Catalog.NewProduct => {
        const [first, ...rest] = p.variants.map((v) => ({ ...v, stock: v.oneOfAKind ? 1 : n }))
        return { ...p, tenantId: tenant, variants: [first!, ...rest] }
      }
      const results = Effect.runSync(
        Effect.gen(function* () {
          const catalog = yield* Catalog.Catalog
          for (const p of mine) yield* catalog.create(create(p, t, units))
          for (const p of theirs) yield* catalog.create(create(p, other, units + 5))
          return { own: yield* catalog.search(t, query), all: [...mine, ...theirs].map((p) => p.title) }
        }).pipe(Effect.provide(layer))
      )
      for (const r of results.own) {
        assert.strictEqual(r.product.tenantId, t)
        for (const v of r.variants) assert.isAtMost(v.available, Math.max(units, 1))
      }
      const ownIds = new Set(mine.map((p) => p.id))
      for (const r of results.own) assert.isTrue(ownIds.has(r.product.id))
    },
    200
  )

  it("the pure search and the service agree on the same products and stock", () => {
    const t = freshTenant()
    const result = Effect.runSync(
      Effect.gen(function* () {
        const catalog = yield* Catalog.Catalog
        yield* catalog.create(stocked(boots, t, [1, 2, 3]))
        yield* catalog.create(stocked(airmax, t, [4, 0]))
        const products = yield* (yield* Catalog.CatalogRepository).list(t)
        const stock = yield* catalog.stock(t, products)
        return { service: yield* catalog.search(t, "shoes 42"), pure: Catalog.search(products, stock, "shoes 42") }
      }).pipe(Effect.provide(layer))
    )
    assert.deepStrictEqual(result.service, result.pure)
    assert.deepStrictEqual(
      result.service.map((r) => [r.product.id, r.available]),
      [
        [ProductId.make("p-airmax"), 4],
        [ProductId.make("p-boots"), 6]
      ]
    )
  })
})
