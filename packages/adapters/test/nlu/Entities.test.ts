import { assert, describe, it } from "@effect/vitest"
import { Catalog } from "@chatshop/domain"
import { Entities, findCity, productQuery, productWords } from "@chatshop/adapters/nlu"

const tokens = Catalog.Normalize.tokens
const typedWords = Catalog.Normalize.typedWords

describe("offline NLU entities", () => {
  it("phones: 7–15 digits with phone punctuation; sizes and short numbers are not phones", () => {
    assert.deepStrictEqual(Entities.findPhone("call +7 (701) 234-56-78 now"), { value: "+7 (701) 234-56-78", index: 5 })
    assert.strictEqual(Entities.findPhone("8 701 234 5678")?.value, "8 701 234 5678")
    assert.strictEqual(Entities.findPhone("+855 12 345 678")?.value, "+855 12 345 678")
    assert.isUndefined(Entities.findPhone("size 38.5, 2 pairs"))
    assert.isUndefined(Entities.findPhone("123456"))
    assert.isUndefined(Entities.findPhone("1234567890123456"))
  })

  it("addresses need a street word and a number, unless the address was asked", () => {
    assert.strictEqual(Entities.findAddress("my address is Abay ave 10", undefined, false), "Abay ave 10")
    assert.strictEqual(Entities.findAddress("адрес: ул. Абая 10, кв. 5", undefined, false), "ул. Абая 10, кв. 5")
    assert.isUndefined(Entities.findAddress("Abay 10", undefined, false))
    assert.strictEqual(Entities.findAddress("Abay 10", undefined, true), "Abay 10")
    assert.isUndefined(Entities.findAddress("street without a number", undefined, true))
    assert.strictEqual(
      Entities.findAddress("Tole bi street 59, +7 701 234 56 78", "+7 701 234 56 78", false),
      "Tole bi street 59"
    )
  })

  it("sizes: EU 35–46, halves, '42-й', letters in capitals or after a size word; anything when asked", () => {
    const size = (text: string, expecting = false) => Entities.findSize(text, tokens(text), expecting)
    assert.deepStrictEqual(
      ["boots 38", "38,5 please", "42-й", "size m", "M", "m", "размер 48", "34", "7", "XL?"].map((t) => size(t)),
      ["38", "38.5", "42", "M", "M", undefined, "48", undefined, undefined, "XL"]
    )
    assert.deepStrictEqual([size("7", true), size("m", true), size("48", true)], ["7", "M", "48"])
  })

  it("colours in English and Russian, any gender or case", () => {
    assert.deepStrictEqual(
      ["черный", "черная", "черные", "чёрную", "в белом", "gray", "navy", "nothing"].map((t) =>
        Entities.findColour(tokens(t))
      ),
      ["black", "black", "black", "black", "white", "grey", "blue", undefined]
    )
  })

  it("quantities: numbers with a count noun, words; a bare number only when asked", () => {
    const qty = (text: string, expecting = false) => Entities.findQuantity(tokens(text), expecting)
    assert.deepStrictEqual(
      ["2 pairs", "x3", "3x", "two", "две пары", "3 шт", "2", "one"].map((t) => qty(t)),
      [2, 3, 3, 2, 2, 3, undefined, undefined]
    )
    assert.strictEqual(qty("2", true), 2)
  })

  it("choices: ordinals, #n / №n, 'номер n', a digit after a list", () => {
    const choice = (text: string, expecting = false) => Entities.findChoice(text, tokens(text), expecting)
    assert.deepStrictEqual(
      ["the second", "вторую", "#3", "№ 2", "номер 4", "option 1", "2"].map((t) => choice(t)),
      [2, 2, 3, 2, 4, 1, undefined]
    )
    assert.deepStrictEqual([choice("2", true), choice("take 2 and 3 please", true)], [2, undefined])
  })

  it("delivery or pickup, whichever comes first", () => {
    const d = (t: string) => Entities.findDelivery(tokens(t))
    assert.deepStrictEqual(
      [d("delivery please"), d("самовывоз"), d("pick up, not delivery"), d("курьером"), d("hello")],
      ["delivery", "pickup", "pickup", "delivery", undefined]
    )
  })

  it("names after 'my name is' / 'меня зовут', capitalised; the words themselves when asked", () => {
    assert.deepStrictEqual(
      [
        Entities.findName("My name is Anna Smith", false),
        Entities.findName("I am looking for boots", false),
        Entities.findName("меня зовут айгерим", false),
        Entities.findName("Dana", true),
        Entities.findName("Dana 77", true)
      ],
      ["Anna Smith", undefined, "Айгерим", "Dana", undefined]
    )
  })

  it("cities: Latin and Cyrillic, Russian cases, multi-word; unknown words only when asked", () => {
    assert.deepStrictEqual(
      ["Алматы", "almaty", "в Москве", "Астану", "Нижний Новгород", "st petersburg", "la", "go to la now"].map(
        (t) => findCity(tokens(t))?.en
      ),
      ["Almaty", "Almaty", "Moscow", "Astana", "Nizhny Novgorod", "Saint Petersburg", "Los Angeles", undefined]
    )
    assert.strictEqual(Entities.findCityName(tokens("Москва"), "Москва", "en", false), "Moscow")
    assert.strictEqual(Entities.findCityName(tokens("taldykorgan"), "taldykorgan", "en", true), "Taldykorgan")
    assert.isUndefined(Entities.findCityName(tokens("taldykorgan"), "taldykorgan", "en", false))
  })

  it("order numbers", () => {
    assert.deepStrictEqual(
      ["order #1042", "заказ №77", "заказа ord_12", "my order please"].map(Entities.findOrderRef),
      ["1042", "77", "ord_12", undefined]
    )
  })

  it("the product query keeps brands, product words and the shop's title words", () => {
    const q = (text: string, known?: ReadonlySet<string>) =>
      productQuery(
        tokens(text),
        typedWords(text),
        new Set(),
        undefined,
        known === undefined ? {} : { knownWords: known }
      )
    assert.strictEqual(q("hi, do you have nike sneakers?"), "nike sneakers")
    assert.strictEqual(q("есть шанель?"), "шанель")
    assert.isUndefined(q("hello there"))
    // An unknown word is a product only after a search cue ("do you have …"), or when the shop sells it.
    assert.strictEqual(q("do you have milano?"), "milano")
    assert.isUndefined(q("milano?"))
    const shop: Catalog.Product = {
      id: "p" as Catalog.Product["id"],
      tenantId: "t" as Catalog.Product["tenantId"],
      title: "Milano loafers 2",
      category: "shoes",
      description: "",
      photos: [],
      price: { amount: 1, currency: "USD" },
      variants: [{ sku: "s" as Catalog.Variant["sku"], options: {}, oneOfAKind: false }]
    }
    const known = productWords([shop])
    assert.isTrue(known.has("milano"))
    assert.isFalse(known.has("2"))
    assert.strictEqual(q("milano?", known), "milano")
  })
})
