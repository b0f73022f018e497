import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import {
  Catalog,
  HOUR,
  Inventory,
  Money,
  Order,
  PaymentEvidenceReader,
  ProductId,
  Sku,
  TenantId,
  timestamp
} from "@chatshop/domain"
import * as OfflineNlu from "@chatshop/adapters/nlu"
import { chat, send, type TurnResult } from "./Runner.ts"

const t = TenantId.make("t-sale")
const receipt = "https://cdn.example/receipt-1.jpg"
const kaspi = "https://cdn.example/kaspi-2.jpg"

const newProduct = (
  id: string,
  title: string,
  category: Catalog.Category,
  amount: number,
  variants: ReadonlyArray<readonly [string, Catalog.VariantOptions, number]>,
  brand?: string
): Catalog.NewProduct => {
  const [first, ...rest] = variants.map(([sku, options, stock]) => ({
    sku: Sku.make(sku),
    options,
    oneOfAKind: false,
    stock
  }))
  return {
    id: ProductId.make(id),
    tenantId: t,
    title,
    category,
    description: "",
    photos: [`https://cdn.example/${id}.jpg`],
    price: Money.make(amount, "USD"),
    variants: [first!, ...rest],
    ...(brand === undefined ? {} : { brand })
  }
}

const shop: ReadonlyArray<Catalog.NewProduct> = [
  newProduct("p-boots", "Chelsea boots", "shoes", 12_000, [
    ["boots-38", { size: "38", color: "Black" }, 2],
    ["boots-39", { size: "39", color: "Black" }, 1],
    ["boots-40", { size: "40", color: "Black" }, 0]
  ]),
  newProduct(
    "p-flap",
    "Classic flap bag",
    "bag",
    250_000,
    [
      ["flap-black", { color: "Black" }, 1],
      ["flap-white", { color: "White" }, 1]
    ],
    "Chanel"
  )
]

/** The memory shop: catalog repository, stock ledger, orders; the offline NLU; a fed vision reader. */
const world = (recipients: ReadonlyArray<string>) => {
  const policy = Layer.succeed(Order.OrderPolicy, {
    forTenant: () => Effect.succeed({ holdHours: 24, paymentAutoAcceptThreshold: 0.8, paymentRecipients: recipients })
  })
  const stores = Layer.mergeAll(
    Catalog.CatalogRepository.layerMemory,
    Inventory.StockLedger.layerMemory,
    Order.OrderRepository.layerMemory
  )
  const services = Layer.mergeAll(Catalog.Catalog.layer, Order.Orders.layer.pipe(Layer.provide(policy)))
  const reader = PaymentEvidenceReader.layerFrom([
    [receipt, { amount: Money.make(12_000, "USD"), reference: "TX-1001", date: timestamp(HOUR) }],
    [
      kaspi,
      {
        amount: Money.make(250_000, "USD"),
        recipient: "Kaspi +7 701 000 00 00",
        reference: "K-77",
        date: timestamp(HOUR)
      }
    ]
  ])
  return Layer.mergeAll(
    services.pipe(Layer.provideMerge(stores)),
    OfflineNlu.layerWithCatalog.pipe(Layer.provide(stores)),
    reader
  )
}

const seed = Effect.gen(function* () {
  const catalog = yield* Catalog.Catalog
  for (const p of shop) yield* catalog.create(p)
})

const asked = (turns: ReadonlyArray<TurnResult>) =>
  turns.flatMap((r) => r.keys.filter((k) => /^ask_(city|size|color|phone|delivery|address)$/.test(k)))

/** A seeded shop and a fresh chat: `say` sends a customer's message and records the turn. */
const startSale = Effect.gen(function* () {
  yield* seed
  const c = chat(t)
  const ledger = yield* Inventory.StockLedger
  const turns: Array<TurnResult> = []
  const say = (text: string, attachments: ReadonlyArray<string> = []) =>
    Effect.tap(send(c, text, attachments), (r) => Effect.sync(() => turns.push(r)))
  return { c, ledger, turns, say }
})

describe("a whole sale through the offline NLU and the dialog", () => {
  it.effect(
    "English: shoes — size asked, colour not, address last; held on placing; screenshot → review → approved → paid",
    () =>
      Effect.gen(function* () {
        const { c, ledger, turns, say } = yield* startSale

        assert.deepStrictEqual((yield* say("Hi there!")).keys, ["greeting"])
        const card = yield* say("Do you have chelsea boots?")
        assert.strictEqual(card.nlu.intent, "ask_availability")
        assert.include(card.text, "Chelsea boots — $120.00.")
        assert.include(card.text, "Sizes in stock: 38, 39.")
        const take = yield* say("Great, I'll take them")
        assert.deepStrictEqual(take.keys, ["added", "ask_city"])
        assert.include((yield* say("Almaty")).text, "Which size of Chelsea boots? In stock: 38, 39.")
        assert.deepStrictEqual((yield* say("39")).keys, ["ask_phone"])
        assert.deepStrictEqual((yield* say("+7 701 234 56 78")).keys, ["ask_delivery"])
        assert.deepStrictEqual((yield* say("Delivery please")).keys, ["ask_address"])
        const summary = yield* say("Abay avenue 10, apt 5")
        assert.include(summary.text, "1. Chelsea boots, size 39 × 1 — $120.00")
        assert.include(
          summary.text,
          "Total: $120.00. Delivery to Almaty, Abay avenue 10, apt 5. Phone: +7 701 234 56 78."
        )
        assert.deepStrictEqual(asked(turns), ["ask_city", "ask_size", "ask_phone", "ask_delivery", "ask_address"])

        const placed = yield* say("Yes, confirm")
        assert.deepStrictEqual(placed.keys, ["order_placed", "payment_instructions"])
        assert.include(placed.text, "Please pay $120.00 to Kaspi +7 701 000 00 00")
        const level = yield* ledger.level(t, Sku.make("boots-39"))
        assert.deepStrictEqual([level.onHand, level.reserved, level.available], [1, 1, 0])

        const paid = yield* say("I paid, here is the screenshot", [receipt])
        assert.deepStrictEqual(paid.keys, ["payment_review"])
        const orders = yield* Order.Orders
        assert.strictEqual((yield* orders.approve(t, c.orderId!, "staff@shop")).state.status, "paid")
        const after = yield* ledger.level(t, Sku.make("boots-39"))
        assert.deepStrictEqual([after.onHand, after.reserved], [0, 0])
        assert.include((yield* say("what's my order status?")).text, "is paid")
      }).pipe(Effect.provide(world([])))
  )

  it.effect(
    "Russian: a bag in several colours — colour asked, pickup, placed, screenshot to the shop's account → paid",
    () =>
      Effect.gen(function* () {
        const { ledger, turns, say } = yield* startSale

        const hello = yield* say("Здравствуйте!")
        assert.deepStrictEqual([hello.nlu.language, hello.keys], ["ru", ["greeting"]])
        const card = yield* say("Покажите сумку шанель")
        assert.include(card.text, "Classic flap bag — $2,500.00.")
        assert.include(card.text, "Цвета в наличии: Black, White.")
        assert.deepStrictEqual((yield* say("беру")).keys, ["added", "ask_city"])
        const colour = yield* say("Москва")
        assert.include(colour.text, "Какой цвет Classic flap bag? В наличии: Black, White.")
        assert.deepStrictEqual((yield* say("чёрную")).keys, ["ask_phone"])
        assert.deepStrictEqual((yield* say("8 701 234 5678")).keys, ["ask_delivery"])
        const summary = yield* say("самовывоз")
        assert.include(summary.text, "Итого: $2,500.00. Самовывоз, Москва. Телефон: 8 701 234 5678.")
        assert.deepStrictEqual(asked(turns), ["ask_city", "ask_color", "ask_phone", "ask_delivery"])

        const placed = yield* say("да")
        assert.include(placed.text, "Заказ ord-1 оформлен")
        assert.include(placed.text, "Пожалуйста, оплатите $2,500.00: Kaspi +7 701 000 00 00")
        assert.strictEqual((yield* ledger.level(t, Sku.make("flap-black"))).reserved, 1)

        const paid = yield* say("оплатила, вот чек", [kaspi])
        assert.deepStrictEqual(paid.keys, ["payment_accepted"])
        const black = yield* ledger.level(t, Sku.make("flap-black"))
        assert.deepStrictEqual([black.onHand, black.reserved], [0, 0])
      }).pipe(Effect.provide(world(["Kaspi +7 701 000 00 00"])))
  )

  it.effect("English, the short way: the size in the first question is kept; pickup; no address asked", () =>
    Effect.gen(function* () {
      yield* seed
      const c = chat(t)
      const first = yield* send(c, "Hi, do you have chelsea boots in 39?")
      assert.deepStrictEqual(first.keys, ["product", "option_in_stock", "ask_take"])
      assert.include(first.text, "1 left, $120.00")
      assert.deepStrictEqual((yield* send(c, "great, I'll take them")).keys, ["added", "ask_city"])
      assert.deepStrictEqual((yield* send(c, "I'm in Astana")).keys, ["ask_phone"])
      assert.deepStrictEqual((yield* send(c, "blah blah")).keys, ["unknown", "ask_phone"])
      assert.deepStrictEqual((yield* send(c, "my number is +7 777 123 45 67")).keys, ["ask_delivery"])
      const summary = yield* send(c, "I'll pick it up")
      assert.include(summary.text, "Total: $120.00. Pickup in Astana. Phone: +7 777 123 45 67.")
      assert.deepStrictEqual((yield* send(c, "yes")).keys, ["order_placed", "payment_instructions"])
      assert.deepStrictEqual((yield* send(c, "thanks!")).keys, ["welcome"])
      const level = yield* (yield* Inventory.StockLedger).level(t, Sku.make("boots-39"))
      assert.strictEqual(level.reserved, 1)
    }).pipe(Effect.provide(world([])))
  )

  it.effect("the customer cancels a placed order in Russian: the hold is released", () =>
    Effect.gen(function* () {
      yield* seed
      const c = chat(t)
      const ledger = yield* Inventory.StockLedger
      for (const text of ["ищу ботинки челси", "беру 38 размер", "Алматы", "+7 701 111 22 33", "заберу сам", "да"]) {
        yield* send(c, text)
      }
      assert.strictEqual((yield* ledger.level(t, Sku.make("boots-38"))).reserved, 1)
      const cancelled = yield* send(c, "отмените заказ")
      assert.deepStrictEqual(cancelled.keys, ["order_cancelled"])
      assert.strictEqual((yield* ledger.level(t, Sku.make("boots-38"))).reserved, 0)
    }).pipe(Effect.provide(world([])))
  )
})
