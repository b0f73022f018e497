import { assert, describe } from "@effect/vitest"
import * as fc from "fast-check"
import { Catalog, ProductId } from "@chatshop/domain"
import { CatalogArb, property } from "@chatshop/domain/testing"

const { textKey } = Catalog.Normalize

/** A catalog, one product of it, and the stock of its skus. */
const shop = CatalogArb.products().chain((products) =>
  fc.record({
    products: fc.constant(products),
    pick: fc.nat(products.length - 1),
    stock: CatalogArb.stockFor(products)
  })
)

const found = (results: ReadonlyArray<Catalog.SearchResult>, id: ProductId) => results.some((r) => r.product.id === id)

const longWord = fc.oneof(
  CatalogArb.latinWord(5, 10),
  CatalogArb.cyrillicWord(5, 10),
  fc.constantFrom(...[...CatalogArb.englishWords, ...CatalogArb.russianWords].filter((w) => w.length >= 5))
)

/** A product whose title has a word of ≥ 5 letters at a known place, and that word with one typo. */
const typoCase = fc
  .record({
    before: fc.array(CatalogArb.titleWord, { maxLength: 2 }),
    word: longWord,
    after: fc.array(CatalogArb.titleWord, { maxLength: 2 })
  })
  .chain(({ before, word, after }) =>
    fc.record({
      product: CatalogArb.productWith(
        ProductId.make("p-typo"),
        CatalogArb.tenantId,
        fc.constant([...before, word, ...after].join(" "))
      ),
      others: CatalogArb.products(),
      query: CatalogArb.typo(word).map((typed) => [...before, typed, ...after].join(" "))
    })
  )

const brandCase = fc.record({
  brand: fc.constantFrom(...CatalogArb.aliasedBrands),
  base: CatalogArb.productWith(ProductId.make("p-brand")),
  others: CatalogArb.products(),
  pick: fc.nat()
})

const cyrillicAliases = (brand: string) =>
  (Catalog.defaultBrands[brand.toLowerCase()] ?? []).filter((a) => Catalog.Normalize.hasCyrillic(a))

describe("search properties (SPEC §3.1)", () => {
  property(
    "search-own-title: a product is always found by its own title",
    [shop],
    ({ products, pick, stock }) => {
      const product = products[pick]!
      assert.isTrue(found(Catalog.search(products, stock, product.title), product.id))
    },
    1000
  )

  property(
    "search-brand-alias: a product is found by any Cyrillic alias of its brand",
    [brandCase],
    ({ brand, base, others, pick }) => {
      const product = { ...base, brand }
      const aliases = cyrillicAliases(brand)
      const alias = aliases[pick % aliases.length]!
      const results = Catalog.search([...others, product], new Map(), alias)
      assert.isTrue(found(results, product.id), `${alias} → ${brand}`)
      assert.strictEqual(results[0]?.product.brand !== undefined && textKey(results[0].product.brand), textKey(brand))
    },
    500
  )

  it_translit()

  property(
    "search-typo: one typo in a title word of ≥ 5 letters still finds the product",
    [typoCase],
    ({ product, others, query }) => {
      assert.isTrue(found(Catalog.search([...others, product], new Map(), query), product.id), query)
    },
    1000
  )

  property(
    "search-ranking-stable: the ranking depends on the catalog, not on its order, and never rises",
    [
      shop.chain((s) =>
        fc.record({
          s: fc.constant(s),
          order: fc.shuffledSubarray([...s.products], { minLength: s.products.length }),
          query: fc.oneof(CatalogArb.title, CatalogArb.titleWord)
        })
      )
    ],
    ({ s, order, query }) => {
      const view = (rs: ReadonlyArray<Catalog.SearchResult>) => rs.map((r) => [r.product.id, r.score, r.available])
      const once = Catalog.search(s.products, s.stock, query)
      assert.deepStrictEqual(view(Catalog.search(order, s.stock, query)), view(once))
      assert.deepStrictEqual(view(Catalog.search(s.products, s.stock, query)), view(once))
      for (let i = 1; i < once.length; i++) assert.isAtMost(once[i]!.score, once[i - 1]!.score)
      for (const r of once) assert.isAbove(r.score, 0)
    },
    500
  )

  property(
    "search-availability: no variant is listed as available beyond what the stock lookup holds",
    [
      shop.chain((s) =>
        fc.record({
          s: fc.constant(s),
          query: fc.oneof(
            CatalogArb.title,
            fc.constantFrom(...CatalogArb.sizePool, ...CatalogArb.colourPool, "black bag 38", "черные ботинки 38")
          )
        })
      )
    ],
    ({ s, query }) => {
      for (const r of Catalog.search(s.products, s.stock, query)) {
        let total = 0
        for (const v of r.variants) {
          const held = s.stock.get(v.variant.sku)
          assert.isAtLeast(v.available, 0)
          if (v.available > 0) assert.isTrue(held !== undefined && held >= v.available)
          else assert.isTrue(held === undefined || !(held >= 1))
          const sizeOk = r.requested.size === undefined || v.variant.options.size === r.requested.size
          if (v.matches) total += v.available
          if (!sizeOk) assert.isFalse(v.matches)
        }
        assert.strictEqual(r.available, total)
      }
    },
    1000
  )

  property(
    "search-size: naming a size the product has restricts availability to that size",
    [shop],
    ({ products, pick, stock }) => {
      const product = products[pick]!
      const size = Catalog.sizes(product)[0]
      if (size === undefined) return
      const r = Catalog.search(products, stock, `${product.title} ${size}`).find((x) => x.product.id === product.id)!
      assert.isDefined(r)
      assert.strictEqual(r.requested.size !== undefined, true)
      for (const v of r.variants) {
        if (v.matches)
          assert.strictEqual(
            Catalog.Normalize.normalize(v.variant.options.size ?? ""),
            Catalog.Normalize.normalize(r.requested.size!)
          )
      }
    },
    500
  )
})

/** search-translit-brands: every Cyrillic alias, its Latin spelling and that spelling's Cyrillic all name the brand. */
function it_translit() {
  const cases = Object.entries(Catalog.defaultBrands).flatMap(([brand, aliases]) =>
    aliases.map((alias) => [brand, alias] as const)
  )
  property(
    "search-translit-brands: aliases round-trip Cyrillic → Latin → Cyrillic to the same brand",
    [fc.constantFrom(...cases)],
    ([brand, alias]) => {
      const v = Catalog.defaultVocabulary
      const { toLatin, toCyrillic, normalize } = Catalog.Normalize
      const canonical = textKey(brand)
      assert.strictEqual(Catalog.brandOf(v, textKey(alias)), canonical, alias)
      const latin = toLatin(normalize(alias))
      assert.strictEqual(Catalog.brandOf(v, textKey(latin)), canonical, latin)
      assert.strictEqual(Catalog.brandOf(v, textKey(toCyrillic(latin))), canonical, toCyrillic(latin))
    },
    300
  )
}
