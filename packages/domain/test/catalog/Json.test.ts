import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { Catalog, ProductId, TenantId } from "@chatshop/domain"

const ids = { tenantId: TenantId.make("t1"), id: ProductId.make("p1") }
const decode = Schema.decodeUnknownResult(Catalog.ProductInput)

const body = {
  title: "Chelsea boots",
  category: "shoes",
  price: { amount: "159.90", currency: "USD" },
  variants: [
    { sku: "boot-38", options: { size: "38" }, stock: 3 },
    { sku: "boot-39", options: { size: "39" }, stock: 0, price: { amount: "149", currency: "USD" } }
  ]
}

describe("admin API product JSON (SPEC §5)", () => {
  it("decodes the fixed request shape and fills the optional fields", () => {
    const input = Result.getOrThrow(decode(body))
    const product = Result.getOrThrow(Catalog.fromInput(input, ids))
    assert.deepStrictEqual(product, {
      id: ids.id,
      tenantId: ids.tenantId,
      title: "Chelsea boots",
      category: "shoes",
      description: "",
      photos: [],
      price: { amount: 15990, currency: "USD" },
      variants: [
        { sku: "boot-38", options: { size: "38" }, oneOfAKind: false, stock: 3 },
        {
          sku: "boot-39",
          options: { size: "39" },
          price: { amount: 14900, currency: "USD" },
          oneOfAKind: false,
          stock: 0
        }
      ]
    } as unknown as Catalog.NewProduct)
  })

  it("keeps brand, description, photos, measurements and the one-of-a-kind flag", () => {
    const thrift = {
      ...body,
      brand: "Levi's",
      description: "Worn once",
      photos: ["https://img.example/1.jpg"],
      variants: [{ sku: "jk", options: { size: "M" }, stock: 1, oneOfAKind: true, measurements: { chest: 52 } }]
    }
    const product = Result.getOrThrow(Catalog.fromInput(Result.getOrThrow(decode(thrift)), ids))
    assert.deepStrictEqual(
      [product.brand, product.description, product.photos],
      ["Levi's", "Worn once", ["https://img.example/1.jpg"]]
    )
    assert.deepStrictEqual(product.variants[0], {
      sku: "jk",
      options: { size: "M" },
      measurements: { chest: 52 },
      oneOfAKind: true,
      stock: 1
    } as unknown as Catalog.NewVariant)
  })

  it("reports every bad amount and rule violation at once", () => {
    const bad = {
      ...body,
      price: { amount: "1.999", currency: "USD" },
      variants: [
        { sku: "a", stock: 2, oneOfAKind: true },
        { sku: "b", stock: 1, price: { amount: "abc", currency: "USD" } }
      ]
    }
    const money = Catalog.fromInput(Result.getOrThrow(decode(bad)), ids)
    assert.isTrue(Result.isFailure(money))
    if (Result.isFailure(money)) {
      assert.deepStrictEqual(
        money.failure.problems.map((p) => `${p.code}:${p.sku ?? ""}`),
        ["invalid_amount:", "invalid_amount:b"]
      )
    }
    const rules = Catalog.fromInput(
      Result.getOrThrow(decode({ ...bad, price: body.price, variants: [bad.variants[0]] })),
      ids
    )
    assert.isTrue(Result.isFailure(rules))
    if (Result.isFailure(rules))
      assert.deepStrictEqual(
        rules.failure.problems.map((p) => p.code),
        ["one_of_a_kind_stock"]
      )
  })

  it("refuses malformed bodies at decoding", () => {
    assert.isTrue(Result.isFailure(decode({ ...body, variants: [] })))
    assert.isTrue(Result.isFailure(decode({ ...body, price: 59.9 })))
    assert.isTrue(Result.isFailure(decode({ ...body, category: "hats" })))
    assert.isTrue(Result.isFailure(decode({ ...body, variants: [{ sku: "x" }] })))
  })

  it("answers a stored product with decimal-string prices", () => {
    const product = Catalog.Invariants.withoutStock(
      Result.getOrThrow(Catalog.fromInput(Result.getOrThrow(decode(body)), ids))
    )
    const json = Catalog.toJson(product)
    assert.deepStrictEqual(json.price, { amount: "159.90", currency: "USD" })
    assert.deepStrictEqual(
      json.variants.map((v) => v.price),
      [undefined, { amount: "149.00", currency: "USD" }]
    )
    assert.isFalse("price" in json.variants[0]!)
  })
})
