import { assert, describe, it } from "@effect/vitest"
import { Catalog, Sku } from "@chatshop/domain"
import { airmax, boots, catalog, flap, jacket, stock, sumka } from "./fixtures.ts"

const ids = (query: string, options: Catalog.SearchOptions = {}) =>
  Catalog.search(catalog, stock, query, options).map((r) => r.product.id)
const first = (query: string) => Catalog.search(catalog, stock, query)[0]

describe("search examples (SPEC §3.1)", () => {
  it("finds by title and brand, and reads the size from the query: 'boots 38'", () => {
    const r = first("do you have these boots in 38?")!
    assert.strictEqual(r.product.id, boots.id)
    assert.deepStrictEqual(r.requested, { size: "38" })
    assert.strictEqual(r.available, 2)
    assert.deepStrictEqual(
      r.variants.map((x) => [x.variant.sku, x.available, x.matches]),
      [
        ["boot-37", 0, false],
        ["boot-38", 2, true],
        ["boot-38.5", 1, false]
      ]
    )
    assert.deepStrictEqual(first("ботинки 38,5")!.requested, { size: "38.5" })
    assert.strictEqual(first("boots 37")!.available, 0)
  })

  it("reads the colour in Russian: 'черная сумка' → the black bag", () => {
    const results = Catalog.search(catalog, stock, "черная сумка")
    const bag = results.find((r) => r.product.id === flap.id)!
    assert.deepStrictEqual(bag.requested, { color: "Black" })
    assert.strictEqual(bag.available, 1)
    assert.deepStrictEqual(results[0]!.product.id, flap.id)
    assert.deepStrictEqual(first("white chanel")!.requested, { color: "White" })
    assert.strictEqual(first("white chanel")!.available, 0)
    assert.deepStrictEqual(first("коричневую сумку")!.requested, { color: "Коричневый" })
    assert.deepStrictEqual(first("brown bag")!.product.id, sumka.id)
  })

  it("brand aliases in Cyrillic and transliteration: найк, nayk, шанель, мартинсы", () => {
    for (const q of ["найк", "Nayk", "naik", "NIKE", "найки"]) assert.strictEqual(ids(q)[0], airmax.id, q)
    for (const q of ["шанель", "шанел", "shanel", "Chanel"]) assert.strictEqual(ids(q)[0], flap.id, q)
    assert.strictEqual(ids("доктор мартинс")[0], boots.id)
    assert.strictEqual(ids("мартинсы")[0], boots.id)
  })

  it("the exact brand outranks a product that only mentions it", () => {
    const results = Catalog.search(catalog, stock, "nike")
    assert.deepStrictEqual(
      results.map((r) => r.product.id),
      [airmax.id, jacket.id]
    )
    assert.strictEqual(results[0]!.score - results[1]!.score > Catalog.exactBrandBoost, true)
  })

  it("Russian product words map to categories and English words, and back", () => {
    assert.sameMembers(ids("кроссовки"), [airmax.id, boots.id])
    assert.strictEqual(ids("кросовки").length, 2)
    assert.sameMembers(ids("сумку"), [flap.id, sumka.id])
    assert.sameMembers(ids("sumka"), [flap.id, sumka.id])
    assert.deepStrictEqual(ids("куртка"), [jacket.id])
    assert.deepStrictEqual(ids("jacket"), [jacket.id])
    assert.include(ids("bag"), sumka.id)
  })

  it("tolerates typos and word endings", () => {
    assert.strictEqual(ids("chelsae bots")[0], boots.id)
    assert.strictEqual(ids("clasic flap")[0], flap.id)
    assert.strictEqual(ids("jackets")[0], jacket.id)
    assert.strictEqual(ids("сумкой кожанной")[0], sumka.id)
    assert.deepStrictEqual(ids("vintaeg"), [jacket.id])
    assert.deepStrictEqual(ids("fla"), [flap.id])
    assert.deepStrictEqual(ids("fl"), [])
  })

  it("answers nothing for nothing", () => {
    assert.deepStrictEqual(ids(""), [])
    assert.deepStrictEqual(ids("?!"), [])
    assert.deepStrictEqual(ids("zzzzqqq"), [])
    assert.deepStrictEqual(Catalog.search([], stock, "boots"), [])
  })

  it("ties go to what is in stock, then to the product id; limit keeps the best", () => {
    const twin = {
      ...boots,
      id: "p-a-twin" as typeof boots.id,
      variants: [{ ...boots.variants[0], sku: Sku.make("tw") }] as const
    }
    const results = Catalog.search([twin, boots], new Map([[Sku.make("boot-38"), 1]]), "chelsea")
    assert.deepStrictEqual(
      results.map((r) => r.product.id),
      [boots.id, twin.id]
    )
    const both = Catalog.search(
      [boots, twin],
      new Map([
        [Sku.make("boot-38"), 1],
        [Sku.make("tw"), 1]
      ]),
      "chelsea"
    )
    assert.deepStrictEqual(
      both.map((r) => r.product.id),
      [twin.id, boots.id]
    )
    assert.deepStrictEqual(ids("shoes", { limit: 1 }), [airmax.id])
    assert.deepStrictEqual(ids("shoes", { limit: 0 }), [])
    assert.strictEqual(ids("shoes", { limit: -3 }).length, 0)
  })

  it("a lookup's nonsense counts as nothing available", () => {
    const odd = new Map<Sku, number>([
      [Sku.make("boot-37"), Number.NaN],
      [Sku.make("boot-38"), -4],
      [Sku.make("boot-38.5"), 2.7]
    ])
    const r = Catalog.search([boots], odd, "boots")[0]!
    assert.deepStrictEqual(
      r.variants.map((x) => x.available),
      [0, 0, 2]
    )
    assert.strictEqual(r.available, 2)
    assert.strictEqual(Catalog.availableOf(odd, Sku.make("unknown")), 0)
    assert.strictEqual(Catalog.availableOf(new Map([[Sku.make("x"), Number.POSITIVE_INFINITY]]), Sku.make("x")), 0)
  })

  it("prices each variant with its override", () => {
    const priced = {
      ...boots,
      variants: [{ ...boots.variants[0], price: { amount: 5, currency: "USD" as const } }] as const
    }
    const { variants } = Catalog.availability(priced, stock)
    assert.deepStrictEqual(variants[0]!.price, { amount: 5, currency: "USD" })
  })

  it("a shop can add its own brands, product words and stopwords", () => {
    const local = { ...jacket, id: "p-local" as typeof jacket.id, brand: "Aigerim", title: "Chapan", description: "" }
    const vocabulary = Catalog.makeVocabulary({
      brands: { aigerim: ["зиба", "айгерим бренд"] },
      concepts: [{ category: "clothing", words: ["chapan", "чапан"] }],
      stopwords: ["chelsea"]
    })
    assert.deepStrictEqual(
      Catalog.search([local], stock, "зиба", { vocabulary }).map((r) => r.product.id),
      ["p-local"]
    )
    assert.deepStrictEqual(
      Catalog.search([local], stock, "чапан", { vocabulary }).map((r) => r.product.id),
      ["p-local"]
    )
    assert.deepStrictEqual(Catalog.search([local], stock, "айгерим бренд", { vocabulary })[0]?.product.id, "p-local")
    assert.deepStrictEqual(Catalog.search([local], stock, "зиба").length, 0)
    assert.deepStrictEqual(
      Catalog.search([boots], stock, "chelsea boots", { vocabulary })[0]!.score,
      Catalog.search([boots], stock, "boots", { vocabulary })[0]!.score
    )
  })
})
