import { Context, Effect, Layer, Result } from "effect"
import { StockLedger } from "../inventory/StockLedger.ts"
import type { ProductId, Sku, TenantId } from "../shared/Ids.ts"
import type { NotFound } from "../shared/TenantScope.ts"
import { CatalogRepository } from "./CatalogRepository.ts"
import type { InvalidProduct, ProductExists, SkuTaken } from "./Errors.ts"
import { validate, withoutStock } from "./Invariants.ts"
import type { NewProduct, Product } from "./Model.ts"
import { parseQuery } from "./Query.ts"
import {
  availability,
  type Requested,
  type SearchOptions,
  type SearchResult,
  type StockLookup,
  score,
  searchParsed,
  type VariantAvailability
} from "./Search.ts"
import { defaultVocabulary } from "./Vocabulary.ts"

/** A product as the dialog shows it: every variant with its price and live availability. */
export interface ProductView {
  readonly product: Product
  readonly requested: Requested
  readonly variants: ReadonlyArray<VariantAvailability>
  readonly available: number
}

/**
 * The catalog as customers see it: products from the CatalogRepository with live availability from
 * the StockLedger. Search itself is the pure `search`; this service only gathers its inputs.
 */
export class Catalog extends Context.Service<
  Catalog,
  {
    /** Validate, store the product, then open each variant's stock with its opening quantity. */
    readonly create: (
      product: NewProduct,
      options?: { readonly lowStockThreshold?: number }
    ) => Effect.Effect<Product, InvalidProduct | ProductExists | SkuTaken>
    /** SPEC §3.1: ranked products of this tenant only, with availability per variant. */
    readonly search: (
      tenantId: TenantId,
      text: string,
      options?: SearchOptions
    ) => Effect.Effect<ReadonlyArray<SearchResult>>
    /** One product with availability, restricted to a size/colour when given. */
    readonly view: (tenantId: TenantId, id: ProductId, requested?: Requested) => Effect.Effect<ProductView, NotFound>
    /** Units available now per sku of these products (a sku the ledger never saw has 0). */
    readonly stock: (tenantId: TenantId, products: ReadonlyArray<Product>) => Effect.Effect<StockLookup>
  }
>()("@chatshop/domain/catalog/Catalog") {
  static readonly layer = Layer.effect(
    Catalog,
    Effect.gen(function* () {
      const repository = yield* CatalogRepository
      const ledger = yield* StockLedger

      const stock = (tenantId: TenantId, products: ReadonlyArray<Product>) => {
        const skus = products.flatMap((p) => p.variants.map((v) => v.sku))
        // One read for every variant of every product (a search shows dozens); an unknown sku has 0.
        return Effect.map(ledger.levels(tenantId, skus), (levels): StockLookup => {
          const available = new Map<Sku, number>(skus.map((sku) => [sku, 0]))
          for (const level of levels) available.set(level.sku, level.available)
          return available
        })
      }

      return Catalog.of({
        create: (product, options = {}) =>
          Effect.gen(function* () {
            const valid = validate(product)
            if (Result.isFailure(valid)) return yield* valid.failure
            const stored = yield* repository.create(withoutStock(product))
            for (const v of product.variants) {
              yield* ledger.open(product.tenantId, v.sku, {
                onHand: v.stock,
                ...(options.lowStockThreshold === undefined ? {} : { lowStockThreshold: options.lowStockThreshold })
              })
            }
            return stored
          }),
        search: (tenantId, text, options = {}) =>
          Effect.gen(function* () {
            const vocabulary = options.vocabulary ?? defaultVocabulary
            const query = parseQuery(text, vocabulary)
            // Only matching products need stock: score first, then ask the ledger for their skus.
            const candidates = (yield* repository.list(tenantId)).filter((p) => score(p, query, vocabulary) > 0)
            return searchParsed(candidates, yield* stock(tenantId, candidates), query, options)
          }),
        view: (tenantId, id, requested = {}) =>
          Effect.gen(function* () {
            const product = yield* repository.get(tenantId, id)
            const levels = yield* stock(tenantId, [product])
            return { product, requested, ...availability(product, levels, requested) }
          }),
        stock
      })
    })
  )
}
