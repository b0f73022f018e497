import { assert, describe, it } from "@effect/vitest"
import { Effect, type Layer, Result } from "effect"
import { CatalogRepository } from "../../catalog/CatalogRepository.ts"
import type { Product, Variant } from "../../catalog/Model.ts"
import { ProductId, Sku, type TenantId } from "../../shared/Ids.ts"
import { freshId, freshTenant } from "../Fresh.ts"

const sku = () => Sku.make(freshId("sku"))
const pid = () => ProductId.make(freshId("p"))
const variant = (s: Sku, size?: string): Variant => ({
  sku: s,
  options: size === undefined ? {} : { size },
  oneOfAKind: false
})

const boots = (tenantId: TenantId, id = pid(), skus: ReadonlyArray<Sku> = [sku(), sku()]): Product => ({
  id,
  tenantId,
  title: "Chelsea boots",
  brand: "Dr Martens",
  category: "shoes",
  description: "Smooth leather",
  photos: ["https://img.example/boots.jpg"],
  price: { amount: 15900, currency: "USD" },
  variants: [variant(skus[0]!, "38"), ...skus.slice(1).map((s, i) => variant(s, String(39 + i)))]
})

/**
 * The CatalogRepository contract (SPEC §3.1, §4). Every implementation registers this suite with
 * its own Layer; each test works in tenants of its own, so a shared database needs no cleanup.
 */
export const catalogRepositoryContract = (name: string, layer: Layer.Layer<CatalogRepository, unknown>) =>
  describe(`CatalogRepository contract: ${name}`, () => {
    const test = (title: string, body: () => Effect.Effect<void, unknown, CatalogRepository>) =>
      it.effect(title, () => body().pipe(Effect.provide(layer)))

    test("create then get and list return the product; list is ordered by id and filters by category", () =>
      Effect.gen(function* () {
        const repo = yield* CatalogRepository
        const t = freshTenant()
        const base = freshId("p")
        const b = boots(t, ProductId.make(`${base}-b`))
        const a: Product = { ...boots(t, ProductId.make(`${base}-a`)), category: "bag", title: "Tote" }
        assert.deepStrictEqual(yield* repo.create(b), b)
        yield* repo.create(a)
        assert.deepStrictEqual(yield* repo.get(t, b.id), b)
        assert.deepStrictEqual(
          (yield* repo.list(t)).map((p) => p.id),
          [a.id, b.id]
        )
        assert.deepStrictEqual(
          (yield* repo.list(t, { category: "bag" })).map((p) => p.id),
          [a.id]
        )
        assert.deepStrictEqual(yield* repo.list(t, { category: "other" }), [])
      }))

    test("a second create with the same id fails with ProductExists and keeps the first", () =>
      Effect.gen(function* () {
        const repo = yield* CatalogRepository
        const t = freshTenant()
        const first = boots(t)
        yield* repo.create(first)
        const again = yield* Effect.flip(repo.create({ ...boots(t, first.id), title: "Other" }))
        assert.strictEqual(again._tag, "ProductExists")
        assert.strictEqual((yield* repo.get(t, first.id)).title, "Chelsea boots")
      }))

    test("a sku belongs to one product per tenant; another tenant may use the same sku", () =>
      Effect.gen(function* () {
        const repo = yield* CatalogRepository
        const t = freshTenant()
        const shared = sku()
        const first = yield* repo.create(boots(t, pid(), [shared]))
        const clash = yield* Effect.flip(repo.create(boots(t, pid(), [sku(), shared])))
        assert.strictEqual(clash._tag, "SkuTaken")
        if (clash._tag === "SkuTaken") assert.deepStrictEqual([clash.sku, clash.productId], [shared, first.id])
        const elsewhere = yield* repo.create(boots(freshTenant(), pid(), [shared]))
        assert.strictEqual(elsewhere.variants[0].sku, shared)
      }))

    test("an invalid product is refused with every problem and not stored", () =>
      Effect.gen(function* () {
        const repo = yield* CatalogRepository
        const t = freshTenant()
        const s = sku()
        const bad: Product = { ...boots(t, pid(), [s, s]), price: { amount: -1, currency: "USD" } }
        const failure = yield* Effect.flip(repo.create(bad))
        assert.strictEqual(failure._tag, "InvalidProduct")
        if (failure._tag === "InvalidProduct") {
          assert.deepStrictEqual(failure.problems.map((p) => p.code).sort(), ["duplicate_sku", "negative_price"])
        }
        assert.strictEqual((yield* Effect.flip(repo.get(t, bad.id)))._tag, "NotFound")
        assert.strictEqual((yield* Effect.flip(repo.findBySku(t, s)))._tag, "NotFound")
      }))

    test("findBySku answers the product and the variant", () =>
      Effect.gen(function* () {
        const repo = yield* CatalogRepository
        const t = freshTenant()
        const [s1, s2] = [sku(), sku()]
        const p = yield* repo.create(boots(t, pid(), [s1, s2]))
        const found = yield* repo.findBySku(t, s2)
        assert.deepStrictEqual([found.product.id, found.variant.sku, found.variant.options.size], [p.id, s2, "39"])
        assert.strictEqual((yield* Effect.flip(repo.findBySku(t, sku())))._tag, "NotFound")
      }))

    test("update applies the function atomically and re-indexes skus", () =>
      Effect.gen(function* () {
        const repo = yield* CatalogRepository
        const t = freshTenant()
        const [s1, s2, s3] = [sku(), sku(), sku()]
        const p = yield* repo.create(boots(t, pid(), [s1, s2]))
        const updated = yield* repo.update(t, p.id, (current) =>
          Result.succeed({ ...current, title: "Chelsea boots II", variants: [variant(s1, "38"), variant(s3, "40")] })
        )
        assert.strictEqual(updated.title, "Chelsea boots II")
        assert.deepStrictEqual(yield* repo.get(t, p.id), updated)
        assert.strictEqual((yield* repo.findBySku(t, s3)).product.id, p.id)
        assert.strictEqual((yield* Effect.flip(repo.findBySku(t, s2)))._tag, "NotFound")
        // The freed sku can go to another product.
        yield* repo.create(boots(t, pid(), [s2]))
      }))

    test("update fails with the function's error, InvalidProduct or SkuTaken and writes nothing", () =>
      Effect.gen(function* () {
        const repo = yield* CatalogRepository
        const t = freshTenant()
        const other = yield* repo.create(boots(t))
        const p = yield* repo.create(boots(t))
        const refused = yield* Effect.flip(repo.update(t, p.id, () => Result.fail("no" as const)))
        assert.strictEqual(refused, "no")
        const invalid = yield* Effect.flip(
          repo.update(t, p.id, (c) => Result.succeed({ ...c, price: { amount: -5, currency: "USD" as const } }))
        )
        assert.strictEqual(invalid._tag, "InvalidProduct")
        const taken = yield* Effect.flip(
          repo.update(t, p.id, (c) => Result.succeed({ ...c, variants: [variant(other.variants[0].sku)] }))
        )
        assert.strictEqual(taken._tag, "SkuTaken")
        assert.deepStrictEqual(yield* repo.get(t, p.id), p)
      }))

    test("concurrent updates of one product all apply, one after another", () =>
      Effect.gen(function* () {
        const repo = yield* CatalogRepository
        const t = freshTenant()
        const p = yield* repo.create({ ...boots(t), description: "" })
        const bump = repo.update(t, p.id, (c) => Result.succeed({ ...c, description: `${c.description}x` }))
        yield* Effect.all(
          Array.from({ length: 20 }, () => bump),
          { concurrency: "unbounded" }
        )
        assert.strictEqual((yield* repo.get(t, p.id)).description, "x".repeat(20))
      }))

    test("delete removes the product and frees its skus", () =>
      Effect.gen(function* () {
        const repo = yield* CatalogRepository
        const t = freshTenant()
        const p = yield* repo.create(boots(t))
        yield* repo.delete(t, p.id)
        assert.strictEqual((yield* Effect.flip(repo.get(t, p.id)))._tag, "NotFound")
        assert.strictEqual((yield* Effect.flip(repo.findBySku(t, p.variants[0].sku)))._tag, "NotFound")
        assert.strictEqual((yield* Effect.flip(repo.delete(t, p.id)))._tag, "NotFound")
        yield* repo.create(boots(t, pid(), [p.variants[0].sku]))
      }))

    test("another tenant's ids answer NotFound and change nothing", () =>
      Effect.gen(function* () {
        const repo = yield* CatalogRepository
        const t = freshTenant()
        const other = freshTenant()
        const p = yield* repo.create(boots(t))
        let called = false
        assert.strictEqual((yield* Effect.flip(repo.get(other, p.id)))._tag, "NotFound")
        assert.strictEqual((yield* Effect.flip(repo.findBySku(other, p.variants[0].sku)))._tag, "NotFound")
        const update = repo.update(other, p.id, (c) => {
          called = true
          return Result.succeed(c)
        })
        assert.strictEqual((yield* Effect.flip(update))._tag, "NotFound")
        assert.isFalse(called)
        assert.strictEqual((yield* Effect.flip(repo.delete(other, p.id)))._tag, "NotFound")
        assert.deepStrictEqual(yield* repo.list(other), [])
        assert.deepStrictEqual(yield* repo.get(t, p.id), p)
      }))
  })
