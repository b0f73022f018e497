import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import { Catalog, defaultShopSettings, Dialog, type NluResult, Sku, timestamp } from "@chatshop/domain"
import { CatalogArb, property } from "@chatshop/domain/testing"

type Product = Catalog.Product

// Issue 10: "do you have a red umbrella?" answered "Yes, Crossbody bag, Red is available". A colour or
// a size the customer names qualifies what they asked for; on its own it never makes a product a match.

/** Things no generated shop sells, in both languages, and invented words of either alphabet. */
const absentNouns = ["umbrella", "kettle", "bicycle", "зонт", "чайник", "велосипед", "телевизор"]
const noun = fc.oneof(fc.constantFrom(...absentNouns), CatalogArb.latinWord(4, 9), CatalogArb.cyrillicWord(4, 9))

const { key, textKey } = Catalog.Normalize
const vocabulary = Catalog.defaultVocabulary

/** A noun that names nothing in the catalog: not a stopword, colour or size, and found nowhere. */
const namesNothing = (word: string, products: ReadonlyArray<Product>): boolean => {
  const k = key(word)
  return (
    !vocabulary.stopwords.has(k) &&
    Catalog.colourOf(vocabulary, k) === undefined &&
    !CatalogArb.sizePool.some((s) => textKey(s) === k) &&
    Catalog.search(products, new Map(), word).length === 0
  )
}

/** The colours and sizes a product offers, as a customer would type them. */
const optionsOf = (product: Product): ReadonlyArray<string> => [
  ...Catalog.colours(product).map((c) => c.toLowerCase()),
  ...Catalog.sizes(product)
]

/** A shop, one of its products with an option, a noun the shop doesn't sell, and where the option goes. */
const unaskedCase = CatalogArb.products()
  .chain((products) =>
    fc.record({
      products: fc.constant(products),
      pick: fc.nat(products.length - 1),
      optionPick: fc.nat(),
      noun,
      before: fc.boolean(),
      stock: CatalogArb.stockFor(products)
    })
  )
  .filter(({ products, pick, noun }) => optionsOf(products[pick]!).length > 0 && namesNothing(noun, products))
  .map(({ products, pick, optionPick, noun, before, stock }) => {
    const product = products[pick]!
    const options = optionsOf(product)
    const option = options[optionPick % options.length]!
    return { products, product, option, query: before ? `${option} ${noun}` : `${noun} ${option}`, stock }
  })

/** Replies that tell the customer a product is what they asked for, or put it on the order. */
const affirming = new Set([
  "option_in_stock",
  "product",
  "product_from",
  "result_item",
  "result_item_sold_out",
  "search_intro",
  "added"
])

describe("a colour or size alone never answers for another product (issue 10)", () => {
  property(
    "search-modifier-alone: '<option> <noun>' never finds a product for its colour or size when the noun names nothing",
    [unaskedCase],
    ({ products, product, query, stock }) => {
      const found = Catalog.search(products, stock, query).map((r) => r.product.id)
      assert.notInclude(found, product.id, query)
    },
    1000
  )

  property(
    "dialog-modifier-alone: asking for '<option> <noun>' is answered 'nothing found', never with a yes or a line",
    [
      unaskedCase.chain((c) =>
        fc.record({
          c: fc.constant(c),
          intent: fc.constantFrom<NluResult["intent"]>("ask_availability", "search", "choose_product", "ask_price"),
          focused: fc.boolean(),
          language: fc.constantFrom("en" as const, "ru" as const)
        })
      )
    ],
    ({ c, intent, focused, language }) => {
      const colour = Catalog.colourOf(vocabulary, key(c.option))
      const size = Catalog.sizes(c.product).includes(c.option) ? c.option : undefined
      const nlu: NluResult = {
        intent,
        language,
        entities: {
          query: c.query,
          ...(colour === undefined ? {} : { color: colour }),
          ...(size === undefined ? {} : { size })
        },
        confidence: 0.9
      }
      // The customer may be looking at the very product whose colour or size they name.
      const state: Dialog.DialogState = focused
        ? { ...Dialog.initialDialogState, stage: "browsing", focus: c.product.id }
        : Dialog.initialDialogState
      const needs = Dialog.plan(state, nlu)
      assert.strictEqual(needs.search, c.query)
      const views = c.products.map((p) => ({ product: p, requested: {}, ...Catalog.availability(p, c.stock) }))
      const decision = Dialog.decide(state, nlu, {
        now: timestamp(1_800_000_000_000),
        owner: "bot",
        settings: defaultShopSettings,
        search: Catalog.search(c.products, c.stock, c.query),
        products: views,
        order: null,
        offers: [],
        attachments: [],
        paymentDetails: ""
      })
      const keys = decision.actions.flatMap((a) => (a._tag === "Reply" ? [a.key] : []))
      assert.deepStrictEqual(keys, ["nothing_found"], c.query)
      assert.isFalse(
        decision.actions.some((a) => a._tag === "AddLineToDraft" || a._tag === "Photos"),
        c.query
      )
      for (const k of keys) assert.isFalse(affirming.has(k), k)
    },
    500
  )
})

/** The demo shop's bags: a crossbody bag that also comes in red, and a tote that doesn't. */
const bag = (id: string, title: string, colours: ReadonlyArray<string>): Product => {
  const [first, ...rest] = colours.map((color) => ({
    sku: Sku.make(`${id}-${color.toLowerCase()}`),
    options: { color },
    oneOfAKind: false
  }))
  return {
    id: id as Product["id"],
    tenantId: CatalogArb.tenantId,
    title,
    category: "bag",
    description: "A small bag with an adjustable strap.",
    photos: [],
    price: { amount: 6_500, currency: "USD" },
    variants: [first!, ...rest]
  }
}
const crossbody = bag("p-crossbody", "Crossbody bag", ["Black", "Olive", "Red"])
const tote = bag("p-tote", "Leather tote bag", ["Black", "Tan", "Burgundy"])
const shop = [crossbody, tote]
const stock = new Map(shop.flatMap((p) => p.variants.map((v) => [v.sku, 3] as const)))
const ids = (text: string) => Catalog.search(shop, stock, text).map((r) => r.product.id)

describe("the demo shop's red umbrella (issue 10)", () => {
  it("'red umbrella', 'красный зонт', 'tan umbrella', 'umbrella 38' find nothing", () => {
    for (const text of ["red umbrella", "do you have a red umbrella?", "есть красный зонт?", "зонт красный"]) {
      assert.deepStrictEqual(ids(text), [], text)
    }
    // "tan" is no colour word we know, but the tote has it only as an option: still no umbrella.
    assert.deepStrictEqual(ids("tan umbrella"), [])
    assert.deepStrictEqual(ids("umbrella 38"), [])
  })

  it("a Russian colour is never read as a typo of a product word: 'белый' is not 'belt'", () => {
    const belt = { ...bag("p-belt", "Ремень", ["Белый"]), category: "accessory" as const }
    assert.deepStrictEqual(Catalog.parseQuery("белый").terms[0]?.category, undefined)
    assert.deepStrictEqual(Catalog.search([belt], stock, "белый зонт"), [])
    assert.deepStrictEqual(
      Catalog.search([belt], stock, "белый ремень").map((r) => r.product.id),
      [belt.id]
    )
  })

  it("a colour with what the shop sells, or a colour alone, still finds it", () => {
    assert.deepStrictEqual(ids("red bag")[0], crossbody.id)
    assert.deepStrictEqual(Catalog.search(shop, stock, "красная сумка")[0]?.requested, { color: "Red" })
    assert.deepStrictEqual(ids("red"), [crossbody.id])
    assert.deepStrictEqual(ids("tan"), [tote.id])
    assert.sameMembers(ids("black"), [crossbody.id, tote.id])
  })
})
