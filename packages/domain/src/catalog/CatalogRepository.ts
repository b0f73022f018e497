import { Context, Effect, Layer, Result } from "effect"
import type { ProductId, Sku, TenantId } from "../shared/Ids.ts"
import { NotFound } from "../shared/TenantScope.ts"
import { type InvalidProduct, ProductExists, SkuTaken } from "./Errors.ts"
import { validate } from "./Invariants.ts"
import type { Category, Product, Variant } from "./Model.ts"

export interface ProductFilter {
  readonly category?: Category
}

/** A sku's product and variant. */
export interface SkuMatch {
  readonly product: Product
  readonly variant: Variant
}

/**
 * The product store (SPEC §3.1, §4). Every method is tenant-scoped: another tenant's product id or
 * sku answers NotFound. A sku belongs to at most one product per tenant (PostgreSQL: a unique index
 * on (tenant, sku)), because stock is kept per tenant and sku. Stored products always pass
 * `Invariants.validate`.
 */
export class CatalogRepository extends Context.Service<
  CatalogRepository,
  {
    readonly create: (product: Product) => Effect.Effect<Product, InvalidProduct | ProductExists | SkuTaken>
    readonly get: (tenantId: TenantId, id: ProductId) => Effect.Effect<Product, NotFound>
    /** The tenant's products ordered by id. */
    readonly list: (tenantId: TenantId, filter?: ProductFilter) => Effect.Effect<ReadonlyArray<Product>>
    /**
     * Apply `f` to the stored product atomically and write the result. Fails with `f`'s error,
     * NotFound (also for another tenant's id, without calling `f`), InvalidProduct, or SkuTaken when
     * the new variants use a sku of another product. `f` may not change the id or the tenant.
     */
    readonly update: <E>(
      tenantId: TenantId,
      id: ProductId,
      f: (current: Product) => Result.Result<Product, E>
    ) => Effect.Effect<Product, E | NotFound | InvalidProduct | SkuTaken>
    readonly findBySku: (tenantId: TenantId, sku: Sku) => Effect.Effect<SkuMatch, NotFound>
    /** Remove the product and free its skus (the stock ledger keeps its history). */
    readonly delete: (tenantId: TenantId, id: ProductId) => Effect.Effect<void, NotFound>
  }
>()("@chatshop/domain/catalog/CatalogRepository") {
  static readonly layerMemory = Layer.effect(CatalogRepository, Effect.sync(makeMemory))
}

const key = (tenantId: TenantId, id: string) => `${tenantId}\u0000${id}`

const byId = (a: Product, b: Product) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** In-memory store: every method runs synchronously, so each update is atomic. */
function makeMemory(): CatalogRepository["Service"] {
  const products = new Map<string, Product>()
  /** (tenant, sku) → the product owning it. */
  const skus = new Map<string, ProductId>()

  const takenBy = (product: Product): SkuTaken | undefined => {
    for (const v of product.variants) {
      const owner = skus.get(key(product.tenantId, v.sku))
      if (owner !== undefined && owner !== product.id) return new SkuTaken({ sku: v.sku, productId: owner })
    }
    return undefined
  }

  const write = (product: Product, previous?: Product) => {
    for (const v of previous?.variants ?? []) skus.delete(key(product.tenantId, v.sku))
    products.set(key(product.tenantId, product.id), product)
    for (const v of product.variants) skus.set(key(product.tenantId, v.sku), product.id)
  }

  const notFound = (id: string) => Effect.fail(new NotFound({ entity: "product", id }))

  return CatalogRepository.of({
    create: (product) =>
      Effect.suspend((): Effect.Effect<Product, InvalidProduct | ProductExists | SkuTaken> => {
        const valid = validate(product)
        if (Result.isFailure(valid)) return Effect.fail(valid.failure)
        if (products.has(key(product.tenantId, product.id))) {
          return Effect.fail(new ProductExists({ productId: product.id }))
        }
        const taken = takenBy(product)
        if (taken !== undefined) return Effect.fail(taken)
        write(product)
        return Effect.succeed(product)
      }),
    get: (tenantId, id) =>
      Effect.suspend(() => {
        const product = products.get(key(tenantId, id))
        return product === undefined ? notFound(id) : Effect.succeed(product)
      }),
    list: (tenantId, filter = {}) =>
      Effect.sync(() =>
        [...products.values()]
          .filter((p) => p.tenantId === tenantId && (filter.category === undefined || p.category === filter.category))
          .sort(byId)
      ),
    update: <E>(tenantId: TenantId, id: ProductId, f: (current: Product) => Result.Result<Product, E>) =>
      Effect.suspend((): Effect.Effect<Product, E | NotFound | InvalidProduct | SkuTaken> => {
        const current = products.get(key(tenantId, id))
        if (current === undefined) return notFound(id)
        const result = f(current)
        if (Result.isFailure(result)) return Effect.fail(result.failure)
        const next = result.success
        if (next.id !== id || next.tenantId !== tenantId) {
          return Effect.die(new Error(`product update changed the identity of ${id}`))
        }
        const valid = validate(next)
        if (Result.isFailure(valid)) return Effect.fail(valid.failure)
        const taken = takenBy(next)
        if (taken !== undefined) return Effect.fail(taken)
        write(next, current)
        return Effect.succeed(next)
      }),
    findBySku: (tenantId, sku) =>
      Effect.suspend(() => {
        const owner = skus.get(key(tenantId, sku))
        const product = owner === undefined ? undefined : products.get(key(tenantId, owner))
        const variant = product?.variants.find((v) => v.sku === sku)
        return product === undefined || variant === undefined
          ? Effect.fail(new NotFound({ entity: "sku", id: sku }))
          : Effect.succeed({ product, variant })
      }),
    delete: (tenantId, id) =>
      Effect.suspend(() => {
        const product = products.get(key(tenantId, id))
        if (product === undefined) return notFound(id)
        for (const v of product.variants) skus.delete(key(tenantId, v.sku))
        products.delete(key(tenantId, id))
        return Effect.void
      })
  })
}
