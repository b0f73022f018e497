import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import * as fc from "fast-check"
import { Catalog, ProductId, Sku, TenantId } from "@chatshop/domain"
import { CatalogArb, property } from "@chatshop/domain/testing"

const usd = (amount: number) => ({ amount, currency: "USD" as const })
const v = (
  sku: string,
  options: Catalog.VariantOptions = {},
  extra: Partial<Catalog.Variant> = {}
): Catalog.Variant => ({
  sku: Sku.make(sku),
  options,
  oneOfAKind: false,
  ...extra
})
const product = (variants: ReadonlyArray<Catalog.Variant>, extra: Partial<Catalog.Product> = {}): Catalog.Product => ({
  id: ProductId.make("p1"),
  tenantId: TenantId.make("t1"),
  title: "Chelsea boots",
  category: "shoes",
  description: "",
  photos: [],
  price: usd(15900),
  variants: [variants[0]!, ...variants.slice(1)],
  ...extra
})
const newProduct = (stocks: ReadonlyArray<[Catalog.Variant, number]>): Catalog.NewProduct => {
  const [first, ...rest] = stocks.map(([variant, stock]) => ({ ...variant, stock }))
  return { ...product([v("x")]), variants: [first!, ...rest] }
}
const codes = (p: Catalog.Product | Catalog.NewProduct) => Catalog.Invariants.problems(p).map((x) => x.code)

describe("catalog model (SPEC §3.1)", () => {
  it("a variant's price overrides the product price", () => {
    const p = product([v("a"), v("b", {}, { price: usd(9900) })])
    assert.deepStrictEqual(Catalog.effectivePrice(p, p.variants[0]), usd(15900))
    assert.deepStrictEqual(Catalog.effectivePrice(p, p.variants[1]!), usd(9900))
    assert.strictEqual(Catalog.variantBySku(p, Sku.make("b"))?.sku, "b")
    assert.isUndefined(Catalog.variantBySku(p, Sku.make("zz")))
  })

  it("sizes and colours are distinct, in variant order, case- and space-insensitive", () => {
    const p = product([
      v("a", { size: "38", color: "Black" }),
      v("b", { size: "39", color: "black " }),
      v("c", { size: "38", color: "White" }),
      v("d", {})
    ])
    assert.deepStrictEqual(Catalog.sizes(p), ["38", "39"])
    assert.deepStrictEqual(Catalog.colours(p), ["Black", "White"])
    assert.isTrue(Catalog.hasSizes(p))
    assert.isTrue(Catalog.hasSeveralColours(p))
    const bag = product([v("a", { color: "Red" }), v("b", { color: "red" })])
    assert.isFalse(Catalog.hasSizes(bag))
    assert.isFalse(Catalog.hasSeveralColours(bag))
    assert.deepStrictEqual(Catalog.sizes(bag), [])
  })

  it("variantsMatching filters by the chosen options; an omitted option matches anything", () => {
    const p = product([
      v("a", { size: "38", color: "Black" }),
      v("b", { size: "39", color: "Black" }),
      v("c", { color: "Red" })
    ])
    const skus = (chosen: { size?: string; color?: string }) => Catalog.variantsMatching(p, chosen).map((x) => x.sku)
    assert.deepStrictEqual(skus({}), ["a", "b", "c"])
    assert.deepStrictEqual(skus({ size: "38" }), ["a"])
    assert.deepStrictEqual(skus({ color: " black" }), ["a", "b"])
    assert.deepStrictEqual(skus({ size: "39", color: "red" }), [])
  })

  it("validation names every problem: duplicate sku, negative price, currency, unsafe amounts", () => {
    assert.deepStrictEqual(codes(product([v("a"), v("b")])), [])
    assert.deepStrictEqual(codes(product([v("a"), v("a")])), ["duplicate_sku"])
    assert.deepStrictEqual(codes(product([v("a")], { price: usd(-1) })), ["negative_price"])
    assert.deepStrictEqual(codes(product([v("a")], { price: usd(0) })), [])
    assert.deepStrictEqual(codes(product([v("a", {}, { price: usd(-1) })])), ["negative_price"])
    assert.deepStrictEqual(codes(product([v("a", {}, { price: usd(0) })])), [])
    assert.deepStrictEqual(codes(product([v("a", {}, { price: { amount: 100, currency: "EUR" } })])), [
      "currency_mismatch"
    ])
    assert.deepStrictEqual(codes(product([v("a")], { price: usd(0.5) })), ["unsafe_amount"])
    assert.deepStrictEqual(codes(product([v("a", {}, { price: usd(2 ** 60) })])), ["unsafe_amount"])
    const p = Catalog.Invariants.problems(product([v("a"), v("a", {}, { price: usd(-3) })]))
    assert.deepStrictEqual(
      p.map((x) => `${x.code}:${x.sku}`),
      ["duplicate_sku:a", "negative_price:a"]
    )
    assert.match(p[0]!.message, /a appears twice/)
  })

  it("each problem says what is wrong in words a merchant understands", () => {
    const messages = (p: Catalog.Product | Catalog.NewProduct) => Catalog.Invariants.problems(p).map((x) => x.message)
    assert.deepStrictEqual(messages(product([v("a")], { price: usd(-1) })), ["the price is negative"])
    assert.deepStrictEqual(messages(product([v("a")], { price: usd(0.5) })), ["the price is not a safe integer"])
    assert.deepStrictEqual(messages(product([v("a", {}, { price: usd(-1) })])), ["the price of a is negative"])
    assert.deepStrictEqual(messages(product([v("a", {}, { price: usd(0.5) })])), [
      "the price of a is not a safe integer"
    ])
    assert.deepStrictEqual(messages(product([v("a", {}, { price: { amount: 1, currency: "EUR" } })])), [
      "a is priced in EUR, the product in USD"
    ])
    assert.deepStrictEqual(messages(newProduct([[v("t", {}, { oneOfAKind: true }), 3]])), [
      "t is one of a kind: its stock must be 1"
    ])
    assert.deepStrictEqual(messages(newProduct([[v("a"), -1]])), ["the stock of a must be a whole number ≥ 0"])
    assert.deepStrictEqual(Catalog.Invariants.problems(product([v("a")], { price: usd(-1) }))[0], {
      code: "negative_price",
      message: "the price is negative"
    })
  })

  it("opening stock: one-of-a-kind exactly 1, others a whole number ≥ 0", () => {
    const thrift = v("t", {}, { oneOfAKind: true, measurements: { chest: 52 } })
    assert.deepStrictEqual(codes(newProduct([[thrift, 1]])), [])
    assert.deepStrictEqual(codes(newProduct([[thrift, 0]])), ["one_of_a_kind_stock"])
    assert.deepStrictEqual(codes(newProduct([[thrift, 2]])), ["one_of_a_kind_stock"])
    assert.deepStrictEqual(codes(newProduct([[v("a"), 0]])), [])
    assert.deepStrictEqual(codes(newProduct([[v("a"), 7]])), [])
    assert.deepStrictEqual(codes(newProduct([[v("a"), -1]])), ["negative_stock"])
    assert.deepStrictEqual(codes(newProduct([[v("a"), 1.5]])), ["negative_stock"])
    assert.isTrue(
      Catalog.Invariants.openingStockValid(
        newProduct([
          [thrift, 1],
          [v("a"), 0]
        ])
      )
    )
    assert.isFalse(Catalog.Invariants.openingStockValid(newProduct([[thrift, 2]])))
    assert.isFalse(Catalog.Invariants.openingStockValid(newProduct([[v("a"), -1]])))
    assert.isFalse(Catalog.Invariants.openingStockValid(newProduct([[v("a"), 0.5]])))
  })

  it("validate answers the product or InvalidProduct listing the problems", () => {
    const ok = product([v("a")])
    assert.strictEqual(Result.getOrThrow(Catalog.Invariants.validate(ok)), ok)
    const bad = Catalog.Invariants.validate(product([v("a"), v("a")], { price: usd(-1) }))
    assert.isTrue(Result.isFailure(bad))
    if (Result.isFailure(bad)) {
      assert.strictEqual(bad.failure._tag, "InvalidProduct")
      assert.strictEqual(bad.failure.productId, "p1")
      assert.deepStrictEqual(
        bad.failure.problems.map((x) => x.code),
        ["negative_price", "duplicate_sku"]
      )
    }
  })

  it("withoutStock drops the opening stock and keeps everything else", () => {
    const thrift = v("t", { size: "M" }, { oneOfAKind: true, measurements: { chest: 52 } })
    const stored = Catalog.Invariants.withoutStock(
      newProduct([
        [thrift, 1],
        [v("a"), 4]
      ])
    )
    assert.deepStrictEqual(stored.variants, [thrift, v("a")])
  })

  it("the Product schema decodes boundary JSON and rejects what breaks field rules", () => {
    const decode = Schema.decodeUnknownResult(Catalog.Product)
    const json = {
      id: "p1",
      tenantId: "t1",
      title: "Tote",
      category: "bag",
      description: "",
      photos: ["https://img.example/a.jpg"],
      price: usd(100),
      variants: [{ sku: "s1", options: { color: "Red" }, oneOfAKind: true, measurements: { width: 40.5 } }]
    }
    assert.isTrue(Result.isSuccess(decode(json)))
    assert.isTrue(Result.isFailure(decode({ ...json, category: "hats" })))
    assert.isTrue(Result.isFailure(decode({ ...json, variants: [] })))
    assert.isTrue(Result.isFailure(decode({ ...json, price: usd(-1) })))
    assert.isTrue(Result.isFailure(decode({ ...json, title: " Tote" })))
    assert.isTrue(Result.isFailure(decode({ ...json, title: "" })))
    const negative = decode({ ...json, price: usd(-1) })
    if (Result.isFailure(negative)) assert.match(negative.failure.message, /non-negative price/)
    assert.isTrue(Result.isFailure(decode({ ...json, photos: ["ftp://x"] })))
    assert.isTrue(
      Result.isFailure(decode({ ...json, variants: [{ ...json.variants[0], measurements: { width: 0 } }] }))
    )
    assert.isTrue(Result.isFailure(decode({ ...json, variants: [{ ...json.variants[0], options: { size: "" } }] })))
    const decodeNew = Schema.decodeUnknownResult(Catalog.NewProduct)
    assert.isTrue(Result.isSuccess(decodeNew({ ...json, variants: [{ ...json.variants[0], stock: 1 }] })))
    assert.isTrue(Result.isFailure(decodeNew({ ...json, variants: [{ ...json.variants[0], stock: 1.5 }] })))
  })

  property(
    "cat-arbitrary-valid: generated products pass every rule and the schema",
    [CatalogArb.product],
    (p) => {
      assert.deepStrictEqual(Catalog.Invariants.problems(p), [])
      assert.isTrue(Schema.is(Catalog.Product)(p))
    },
    300
  )

  property(
    "cat-unique-skus: a product with a repeated sku is always refused",
    [CatalogArb.product, fc.nat()],
    (p, pick) => {
      const copy = p.variants[pick % p.variants.length]!
      const broken = { ...p, variants: [...p.variants, copy] as unknown as Catalog.Product["variants"] }
      assert.isFalse(Catalog.Invariants.uniqueSkus(broken))
      assert.include(codes(broken), "duplicate_sku")
    },
    300
  )

  property(
    "cat-prices: a negative price anywhere is refused; the effective price is never negative for valid products",
    [CatalogArb.product, fc.integer({ min: -100_000, max: -1 })],
    (p, negative) => {
      for (const variant of p.variants) assert.isAtLeast(Catalog.effectivePrice(p, variant).amount, 0)
      assert.isTrue(Catalog.Invariants.nonNegativePrices(p))
      const broken = { ...p, price: usd(negative) }
      assert.isFalse(Catalog.Invariants.nonNegativePrices(broken))
      assert.include(codes(broken), "negative_price")
    },
    300
  )

  property(
    "cat-one-of-a-kind: created one-of-a-kind pieces start with exactly one in stock",
    [CatalogArb.newProduct(ProductId.make("p9")), fc.integer({ min: 2, max: 5 })],
    (p, wrong) => {
      assert.isTrue(Catalog.Invariants.openingStockValid(p))
      const index = p.variants.findIndex((x) => x.oneOfAKind)
      if (index < 0) return
      const [first, ...rest] = p.variants.map((x, i): Catalog.NewVariant => (i === index ? { ...x, stock: wrong } : x))
      const broken: Catalog.NewProduct = { ...p, variants: [first!, ...rest] }
      assert.include(codes(broken), "one_of_a_kind_stock")
    },
    300
  )

  property(
    "cat-sizes-colours: hasSizes ⇔ some size; colours/sizes are distinct",
    [CatalogArb.product],
    (p) => {
      assert.strictEqual(Catalog.hasSizes(p), Catalog.sizes(p).length > 0)
      assert.strictEqual(Catalog.hasSeveralColours(p), Catalog.colours(p).length > 1)
      for (const list of [Catalog.sizes(p), Catalog.colours(p)]) {
        const lowered = list.map((x) => x.trim().toLowerCase())
        assert.strictEqual(new Set(lowered).size, list.length)
      }
      for (const s of Catalog.sizes(p)) assert.isAbove(Catalog.variantsMatching(p, { size: s }).length, 0)
    },
    300
  )
})
