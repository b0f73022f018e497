import { assert, describe, it } from "@effect/vitest"
import { Catalog, ProductId, Sku, TenantId } from "@chatshop/domain"

const v = Catalog.defaultVocabulary
const { key, textKey } = Catalog.Normalize
const colour = (word: string) => Catalog.colourOf(v, key(Catalog.Normalize.normalize(word)))

const only = (title: string, extra: Partial<Catalog.Product> = {}): Catalog.Product => ({
  id: ProductId.make("p"),
  tenantId: TenantId.make("t"),
  title,
  category: "other",
  description: "",
  photos: [],
  price: { amount: 1, currency: "USD" },
  variants: [{ sku: Sku.make("s"), options: {}, oneOfAKind: false }],
  ...extra
})
const scoreOf = (p: Catalog.Product, q: string) => Catalog.score(p, Catalog.parseQuery(q))

describe("search vocabulary", () => {
  it("names colours in English and by Russian stem with an adjective ending", () => {
    assert.strictEqual(colour("Black"), "black")
    assert.strictEqual(colour("navy"), "blue")
    assert.strictEqual(colour("черная"), "black")
    assert.strictEqual(colour("чёрную"), "black")
    assert.strictEqual(colour("синий"), "blue")
    assert.strictEqual(colour("синяя"), "blue")
    assert.strictEqual(colour("серая"), "grey")
    assert.strictEqual(colour("серебряная"), "silver")
    assert.strictEqual(colour("chernaya"), "black")
    assert.isUndefined(colour("серебро"))
    assert.isUndefined(colour("серьги"))
    assert.isUndefined(colour("boots"))
  })

  it("resolves brand aliases exactly, then within the typo budget, only among as many words", () => {
    assert.strictEqual(Catalog.brandOf(v, textKey("шанель")), "chanel")
    assert.strictEqual(Catalog.brandOf(v, textKey("шенель")), "chanel")
    assert.strictEqual(Catalog.brandOf(v, textKey("луи витон")), textKey("louis vuitton"))
    assert.strictEqual(Catalog.brandOf(v, textKey("h&m")), "h m")
    assert.isUndefined(Catalog.brandOf(v, textKey("шанельки сумки")))
    assert.isUndefined(Catalog.brandOf(v, textKey("boots")))
    assert.deepStrictEqual(v.brandSpellings.get("nike")?.slice(0, 3), ["nike", "naik", "naiki"])
    assert.strictEqual(v.longestAlias, 3)
  })

  it("maps product words to concepts with their synonyms", () => {
    assert.strictEqual(Catalog.conceptOf(v, textKey("кросовки"))?.category, "shoes")
    assert.include(Catalog.conceptOf(v, textKey("кроссовки"))?.keys ?? [], "sneakers")
    assert.strictEqual(Catalog.conceptOf(v, textKey("рюкзак"))?.category, "bag")
    assert.isUndefined(Catalog.conceptOf(v, textKey("qwerty")))
  })

  it("a shop's vocabulary adds to the defaults and ignores empty entries", () => {
    const shop = Catalog.makeVocabulary({ brands: { "!!": ["x"], aigerim: ["зиба", "?"] }, stopwords: ["please"] })
    assert.strictEqual(Catalog.brandOf(shop, textKey("зиба")), "aigerim")
    assert.strictEqual(Catalog.brandOf(shop, textKey("найк")), "nike")
    assert.isUndefined(Catalog.brandOf(shop, "x"))
    assert.deepStrictEqual(shop.brandSpellings.get("aigerim"), ["aigerim", "ziba"])
  })

  it("parses queries: stopwords go unless nothing else is left; the longest brand phrase wins", () => {
    assert.deepStrictEqual(
      Catalog.parseQuery("do you have the").terms.map((t) => t.text),
      ["do", "you", "have", "the"]
    )
    assert.deepStrictEqual(
      Catalog.parseQuery("do you have boots").terms.map((t) => t.text),
      ["boots"]
    )
    const ysl = Catalog.parseQuery("ив сен лоран сумка")
    assert.deepStrictEqual(
      ysl.terms.map((t) => [t.text, t.brand]),
      [
        ["ив сен лоран", textKey("yves saint laurent")],
        ["сумка", undefined]
      ]
    )
    assert.deepStrictEqual(Catalog.parseQuery("size S").allKeys, ["size", "s"])
    assert.deepStrictEqual(Catalog.parseQuery("").terms, [])
    assert.strictEqual(Catalog.parseQuery("Black boots").phrase, " blak bots ")
  })
})

describe("search scoring", () => {
  it("weights where a word matched: brand 4, title 3, options 2, category 2, description 1", () => {
    assert.strictEqual(scoreOf(only("Zorro"), "zorro"), 3)
    assert.strictEqual(scoreOf(only("X", { description: "zorro mask" }), "zorro"), 1)
    assert.strictEqual(scoreOf(only("X", { category: "shoes" }), "shoes"), 2)
    assert.strictEqual(
      scoreOf(only("X", { variants: [{ sku: Sku.make("s"), options: { size: "XXL" }, oneOfAKind: false }] }), "xxl"),
      2
    )
    assert.strictEqual(scoreOf(only("X", { brand: "Zorro" }), "zorro"), 4 + Catalog.exactBrandBoost)
    assert.strictEqual(scoreOf(only("X"), "zorro"), 0)
  })

  it("rates exact 1, prefix 0.8, a longer plural 0.7, a typo 0.6", () => {
    assert.strictEqual(scoreOf(only("Zorrobag"), "zorro"), 2.4)
    assert.strictEqual(scoreOf(only("Zorb"), "zorbs"), 2.1)
    assert.strictEqual(scoreOf(only("Zorb"), "zorbas"), 2.1)
    assert.strictEqual(scoreOf(only("Zorb"), "zorbasx"), 0)
    assert.strictEqual(scoreOf(only("Zorro"), "zoro"), 3)
    assert.strictEqual(scoreOf(only("Zorro"), "zorpo"), 1.8)
    assert.strictEqual(scoreOf(only("Зорро"), "зорпо"), 1.8)
    assert.strictEqual(scoreOf(only("X", { description: "zorro" }), "zorpo"), 0)
    assert.strictEqual(scoreOf(only("Zo"), "zoa"), 0)
  })

  it("sums the terms and adds the exact-brand boost once, also for a brand the vocabulary lacks", () => {
    const acne = only("Scarf", { brand: "Acne Studios" })
    assert.strictEqual(scoreOf(acne, "acne studios scarf"), 4 + 4 + 3 + Catalog.exactBrandBoost)
    assert.strictEqual(scoreOf(acne, "acne scarf"), 4 + 3)
    assert.strictEqual(scoreOf(only("Classic", { brand: "Chanel" }), "шанель"), 4 + Catalog.exactBrandBoost)
  })
})
