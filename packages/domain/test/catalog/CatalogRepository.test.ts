import { assert, describe, it } from "@effect/vitest"
import { Effect, Result } from "effect"
import { Catalog, ProductId, Sku, TenantId } from "@chatshop/domain"
import { catalogRepositoryContract } from "@chatshop/domain/testing"

catalogRepositoryContract("memory", Catalog.CatalogRepository.layerMemory)

describe("CatalogRepository memory specifics", () => {
  it.effect("an update that changes the product's identity is a defect, not a silent move", () =>
    Effect.gen(function* () {
      const repo = yield* Catalog.CatalogRepository
      const t = TenantId.make("t-identity")
      const p: Catalog.Product = {
        id: ProductId.make("p1"),
        tenantId: t,
        title: "Tote",
        category: "bag",
        description: "",
        photos: [],
        price: { amount: 100, currency: "USD" },
        variants: [{ sku: Sku.make("s1"), options: {}, oneOfAKind: false }]
      }
      yield* repo.create(p)
      const moved = yield* Effect.exit(
        repo.update(t, p.id, (c) => Result.succeed({ ...c, tenantId: TenantId.make("t-x") }))
      )
      assert.strictEqual(moved._tag, "Failure")
      const renamed = yield* Effect.exit(
        repo.update(t, p.id, (c) => Result.succeed({ ...c, id: ProductId.make("p2") }))
      )
      assert.strictEqual(renamed._tag, "Failure")
      assert.deepStrictEqual(yield* repo.get(t, p.id), p)
      const missing = yield* Effect.flip(repo.get(TenantId.make("t-x"), p.id))
      assert.deepStrictEqual([missing.entity, missing.id], ["product", "p1"])
      const sku = yield* Effect.flip(repo.findBySku(TenantId.make("t-x"), Sku.make("s1")))
      assert.deepStrictEqual([sku.entity, sku.id], ["sku", "s1"])
      const gone = yield* Effect.flip(repo.delete(TenantId.make("t-x"), p.id))
      assert.deepStrictEqual([gone.entity, gone.id], ["product", "p1"])
    }).pipe(Effect.provide(Catalog.CatalogRepository.layerMemory))
  )
})
