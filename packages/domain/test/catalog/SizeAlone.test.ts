import { assert, describe, it } from "@effect/vitest"
import { Catalog, defaultShopSettings, Dialog, type NluResult, type ProductId, Sku, timestamp } from "@chatshop/domain"
import { CatalogArb } from "@chatshop/domain/testing"

type Product = Catalog.Product

// Issue 10, in Russian: "хочу челси 39" listed Leather sneakers beside Chelsea boots. "Челси" names the
// boots (and, as shoes, the sneakers' category); the sneakers also come in 39, and that size alone
// brought them close enough to be listed. A size both have must never change which one was meant.

const shoe = (id: string, title: string, sizes: ReadonlyArray<string>, brand?: string): Product => {
  const [first, ...rest] = sizes.map((size) => ({
    sku: Sku.make(`${id}-${size}`),
    options: { size, color: "Black" },
    oneOfAKind: false
  }))
  return {
    id: id as ProductId,
    tenantId: CatalogArb.tenantId,
    title,
    ...(brand === undefined ? {} : { brand }),
    category: "shoes",
    description: "Leather, with a rubber sole.",
    photos: [],
    price: { amount: 8_900, currency: "USD" },
    variants: [first!, ...rest]
  }
}

const chelsea = shoe("p-chelsea", "Chelsea boots", ["38", "39", "40"])
const sneakers = shoe("p-sneakers", "Leather sneakers", ["39", "40", "41"], "Veja")
const runners = shoe("p-runners", "Running sneakers", ["40", "42"])
const shop = [chelsea, sneakers, runners]
const stock = new Map(shop.flatMap((p) => p.variants.map((v) => [v.sku, 2] as const)))
const search = (text: string) => Catalog.search(shop, stock, text)
const ratio = (text: string) => {
  const [first, second] = search(text)
  return first!.score / second!.score
}

/** One turn from a fresh chat: the customer's intent, with the query and the size in it. */
const decide = (intent: NluResult["intent"], query: string, size: string) =>
  Dialog.decide(
    Dialog.initialDialogState,
    { intent, language: "ru", entities: { query, size }, confidence: 0.8 },
    {
      now: timestamp(1_800_000_000_000),
      owner: "bot",
      settings: defaultShopSettings,
      search: Catalog.search(shop, stock, query),
      products: shop.map((p) => ({ product: p, requested: {}, ...Catalog.availability(p, stock) })),
      order: null,
      offers: [],
      attachments: [],
      paymentDetails: ""
    }
  )
const replies = (d: ReturnType<typeof decide>) => d.actions.flatMap((a) => (a._tag === "Reply" ? [a.key] : []))
const lines = (d: ReturnType<typeof decide>) => d.actions.flatMap((a) => (a._tag === "AddLineToDraft" ? [a] : []))

describe("a size alone never makes another product a match (issue 10, 'хочу челси 39')", () => {
  it("a size never brings a product named less well closer to the one named", () => {
    for (const [named, sized] of [
      ["челси", "челси 39"],
      ["челси", "челси в 39 размере"],
      ["chelsea boots", "chelsea boots 39"]
    ] as const) {
      assert.strictEqual(search(sized)[0]?.product.id, chelsea.id, sized)
      assert.deepStrictEqual(search(sized)[0]?.requested, { size: "39" }, sized)
      assert.isAtLeast(ratio(sized), ratio(named), sized)
      assert.isAtLeast(ratio(sized), Dialog.CLEAR_WINNER, sized)
    }
    // Nor does a size only one of them has: "челси 41" is still the boots (which don't come in 41).
    assert.strictEqual(search("челси 41")[0]?.product.id, chelsea.id)
    assert.strictEqual(ratio("челси 41"), ratio("челси"))
    // Among products named equally well, the one with the size comes first.
    assert.deepStrictEqual(
      search("sneakers 42").map((r) => r.product.id),
      [runners.id, sneakers.id, chelsea.id]
    )
    // Alone, a size still finds what has it.
    assert.sameMembers(
      search("39").map((r) => r.product.id),
      [chelsea.id, sneakers.id]
    )
  })

  it("'хочу челси 39' (choose) puts Chelsea boots in 39 on the order; asked, it shows them alone", () => {
    const chosen = decide("choose_product", "челси 39", "39")
    assert.deepStrictEqual(
      lines(chosen).map((a) => [a.line.sku, a.line.size]),
      [[Sku.make("p-chelsea-39"), "39"]]
    )
    const asked = decide("ask_availability", "челси 39", "39")
    assert.deepStrictEqual(replies(asked), ["product", "option_in_stock", "ask_take"])
  })

  it("'I want sneakers in 40' with two alike lists them, never puts the first on the order", () => {
    const chosen = decide("choose_product", "sneakers 40", "40")
    assert.deepStrictEqual(lines(chosen), [])
    assert.include(replies(chosen), "search_intro")
  })
})
