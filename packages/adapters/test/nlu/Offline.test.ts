import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { Catalog, type NluEntities, type NluExpectedField, type NluResult, Nlu, TenantId } from "@chatshop/domain"
import { nluContract } from "@chatshop/domain/testing"
import * as OfflineNlu from "@chatshop/adapters/nlu"

nluContract("offline", OfflineNlu.layer)
nluContract(
  "offline with the tenant's catalog",
  OfflineNlu.layerWithCatalog.pipe(Layer.provide(Catalog.CatalogRepository.layerMemory))
)

type Row = readonly [text: string, intent: NluResult["intent"], entities: NluEntities, expecting?: NluExpectedField]

// biome-ignore format: a table reads best one row a line
const english: ReadonlyArray<Row> = [
  ["hello", "greeting", {}],
  ["Hi there!", "greeting", {}],
  ["Good morning", "greeting", {}],
  ["Hi! I'm looking for Nike sneakers", "search", { query: "Nike sneakers" }],
  ["show me black boots", "search", { query: "black boots", color: "black" }],
  ["any bags?", "search", { query: "bags" }],
  ["do you have these boots in 38?", "ask_availability", { query: "boots 38", size: "38" }],
  ["Is the white dress available in size M?", "ask_availability", { size: "M", color: "white" }],
  ["do you have it in 39?", "ask_availability", { size: "39" }],
  ["how much are the chelsea boots?", "ask_price", { query: "chelsea boots" }],
  ["what's the price?", "ask_price", {}],
  ["what sizes do you have?", "ask_size", {}],
  ["which size should I take?", "ask_size", {}],
  ["I'll take the second one", "choose_product", { choice: 2 }],
  ["I'll take it in size 41", "choose_product", { size: "41" }],
  ["2", "choose_product", { choice: 2 }, "choice"],
  ["the first one please", "choose_product", { choice: 1 }],
  ["I want to order two pairs", "choose_product", { quantity: 2 }],
  ["38", "provide_field", { size: "38" }, "size"],
  ["size M", "provide_field", { size: "M" }],
  ["black", "provide_field", { color: "black" }, "color"],
  ["grey please", "provide_field", { color: "grey" }, "color"],
  ["Almaty", "provide_field", { city: "Almaty" }, "city"],
  ["I live in Astana", "provide_field", { city: "Astana" }],
  ["Taldykorgan", "provide_field", { city: "Taldykorgan" }, "city"],
  ["+7 701 234 56 78", "provide_field", { phone: "+7 701 234 56 78" }, "phone"],
  ["my number is +1 (415) 555-0100", "provide_field", { phone: "+1 (415) 555-0100" }],
  ["Abay avenue 10, apt 5", "provide_field", { address: "Abay avenue 10, apt 5" }, "address"],
  ["deliver to 221B Baker Street", "provide_field", { address: "221B Baker Street", delivery: "delivery" }],
  ["Delivery please", "provide_field", { delivery: "delivery" }, "delivery"],
  ["I'll pick it up myself", "provide_field", { delivery: "pickup" }],
  ["My name is Anna Smith", "provide_field", { name: "Anna Smith" }],
  ["yes", "confirm", {}],
  ["Yes, confirm", "confirm", {}],
  ["ok", "confirm", {}],
  ["no", "cancel", { topic: "decline" }],
  ["please cancel my order", "cancel", {}],
  ["where is my order?", "order_status", {}],
  ["status of order #1042", "order_status", { orderRef: "1042" }],
  ["I paid", "payment_sent", {}],
  ["I've sent the money, here's the receipt", "payment_sent", {}],
  ["I want to talk to a real person", "ask_human", {}],
  ["can I speak to a manager?", "ask_human", {}],
  ["how long does delivery take?", "faq", { topic: "delivery" }],
  ["can I return it if it doesn't fit?", "faq", { topic: "returns" }],
  ["what time do you open?", "faq", { topic: "hours" }],
  ["how can I pay?", "faq", { topic: "payment" }],
  ["stop", "opt_out", {}],
  ["unsubscribe me please", "opt_out", {}],
  ["any deals today?", "search", { query: "deals today" }],
  ["thanks!", "greeting", { topic: "thanks" }],
  ["what colours does it come in?", "ask_availability", {}],
  ["Did you get my payment?", "payment_sent", {}],
  ["when will I get it?", "order_status", {}],
  ["don't text me anymore", "opt_out", {}],
  ["No, change the size", "cancel", { topic: "decline" }],
  ["change size to 40", "provide_field", { size: "40" }],
  ["I'm in London", "provide_field", { city: "London" }],
  ["Tole bi 59, apt 12", "provide_field", { address: "Tole bi 59, apt 12" }, "address"],
  ["I want these", "choose_product", {}],
  ["can I see photos?", "ask_availability", {}],
  ["what color is it?", "ask_availability", {}],
  ["add to cart", "choose_product", {}],
  ["What's on sale?", "search", { query: "sale" }],
  ["do you have Adidas Samba?", "ask_availability", { query: "Adidas Samba" }],
  [
    "Hi, I'd like to buy Chanel bag in black, delivery to Almaty, my phone +77011234567",
    "choose_product",
    { query: "Chanel bag black", color: "black", city: "Almaty", phone: "+77011234567", delivery: "delivery" }
  ],
  ["asdfgh qwerty", "unknown", {}]
]

// biome-ignore format: a table reads best one row a line
const russian: ReadonlyArray<Row> = [
  ["привет", "greeting", {}],
  ["Здравствуйте!", "greeting", {}],
  ["добрый вечер", "greeting", {}],
  ["Здравствуйте, есть черные кроссовки найк?", "ask_availability", { query: "черные кроссовки найк", color: "black" }],
  ["покажите сумки шанель", "search", { query: "сумки шанель" }],
  ["ищу платье", "search", { query: "платье" }],
  ["хочу шанель сумку", "search", { query: "шанель сумку" }],
  ["есть ли эти ботинки 38 размера?", "ask_availability", { query: "ботинки 38", size: "38" }],
  ["а 39 есть?", "ask_availability", { size: "39" }],
  ["есть в белом цвете?", "ask_availability", { color: "white" }],
  ["сколько стоят кроссовки?", "ask_price", { query: "кроссовки" }],
  ["какая цена?", "ask_price", {}],
  ["какие размеры есть?", "ask_size", {}],
  ["беру вторую, 39 размер", "choose_product", { choice: 2, size: "39" }],
  ["беру", "choose_product", {}],
  ["хочу заказать две пары", "choose_product", { quantity: 2 }],
  ["первую", "choose_product", { choice: 1 }],
  ["номер 3", "choose_product", { choice: 3 }],
  ["42-й", "provide_field", { size: "42" }],
  ["40", "provide_field", { size: "40" }, "size"],
  ["чёрную", "provide_field", { color: "black" }, "color"],
  ["черные", "provide_field", { color: "black" }],
  ["Москва", "provide_field", { city: "Москва" }, "city"],
  ["я из Алматы", "provide_field", { city: "Алматы" }],
  ["в Астане", "provide_field", { city: "Астана" }],
  ["+7 701 234 56 78", "provide_field", { phone: "+7 701 234 56 78" }, "phone"],
  ["мой номер 8 701 234 5678", "provide_field", { phone: "8 701 234 5678" }],
  ["ул. Абая 10, кв 5", "provide_field", { address: "ул. Абая 10, кв 5" }, "address"],
  ["адрес: улица Пушкина, дом 3", "provide_field", { address: "улица Пушкина, дом 3" }],
  ["доставка", "provide_field", { delivery: "delivery" }, "delivery"],
  ["самовывоз", "provide_field", { delivery: "pickup" }],
  ["меня зовут Айгерим", "provide_field", { name: "Айгерим" }],
  ["да", "confirm", {}],
  ["да, всё верно", "confirm", {}],
  ["подтверждаю", "confirm", {}],
  ["нет", "cancel", { topic: "decline" }],
  ["отмените заказ", "cancel", {}],
  ["передумала", "cancel", {}],
  ["где мой заказ?", "order_status", {}],
  ["какой статус заказа №77?", "order_status", { orderRef: "77" }],
  ["оплатила", "payment_sent", {}],
  ["перевела деньги, вот чек", "payment_sent", {}],
  ["позовите оператора", "ask_human", {}],
  ["хочу поговорить с живым человеком", "ask_human", {}],
  ["менеджер", "ask_human", {}],
  ["сколько стоит доставка?", "faq", { topic: "delivery" }],
  ["можно вернуть если не подойдет?", "faq", { topic: "returns" }],
  ["до скольки вы работаете?", "faq", { topic: "hours" }],
  ["как оплатить?", "faq", { topic: "payment" }],
  ["стоп", "opt_out", {}],
  ["отписаться", "opt_out", {}],
  ["больше не пишите мне", "opt_out", {}],
  ["какие есть акции?", "ask_availability", { query: "акции" }],
  ["спасибо!", "greeting", { topic: "thanks" }],
  ["а другие цвета есть?", "ask_availability", {}],
  ["покажите что есть", "search", {}],
  ["скинула чек", "payment_sent", {}],
  ["когда привезут?", "order_status", {}],
  ["ул Толе би 59 кв 12", "provide_field", { address: "ул Толе би 59 кв 12" }],
  ["Алматы, мкр Самал-2, дом 33", "provide_field", { address: "Алматы, мкр Самал-2, дом 33", city: "Алматы" }],
  ["нужны кеды белые 37 размера", "search", { query: "кеды белые 37", size: "37", color: "white" }],
  ["в Питер", "provide_field", { city: "Санкт-Петербург" }],
  ["+7 (777) 123-45-67", "provide_field", { phone: "+7 (777) 123-45-67" }],
  ["закажу 2 штуки", "choose_product", { quantity: 2 }],
  ["какой цвет есть?", "ask_availability", {}],
  ["покажите фото", "ask_availability", {}],
  ["хочу их", "choose_product", {}],
  ["есть мартинсы 39?", "ask_availability", { query: "мартинсы 39", size: "39" }],
  ["мой телефон 87011234567, Алматы", "provide_field", { city: "Алматы", phone: "87011234567" }],
  ["ывапролд", "unknown", {}]
]

const t = TenantId.make("t-nlu")

const check = (rows: ReadonlyArray<Row>, language: "en" | "ru") =>
  Effect.gen(function* () {
    const nlu = yield* Nlu
    const wrong: Array<string> = []
    for (const [text, intent, entities, expecting] of rows) {
      // The conversation's language so far is the hint for text without letters ("40", a phone).
      const input = { text, language, ...(expecting === undefined ? {} : { expecting }) }
      const result = yield* nlu.classify(t, input)
      const got = Object.fromEntries(Object.keys(entities).map((k) => [k, result.entities[k as keyof NluEntities]]))
      if (
        result.intent !== intent ||
        result.language !== language ||
        JSON.stringify(got) !== JSON.stringify(entities)
      ) {
        wrong.push(`${text} → ${result.intent} ${result.language} ${JSON.stringify(result.entities)}`)
      }
    }
    assert.deepStrictEqual(wrong, [])
  }).pipe(Effect.provide(OfflineNlu.layer))

describe("offline NLU: intents and entities", () => {
  it("the tables are big enough", () => {
    assert.isAtLeast(english.length, 40)
    assert.isAtLeast(russian.length, 40)
  })
  it.effect("nlu-table-en: English utterances", () => check(english, "en"))
  it("nlu-expected-field: a yes/no/hello is never taken as the city or name the bot asked for", () => {
    for (const [text, expecting] of [
      ["Yes", "city"],
      ["да", "city"],
      ["hello", "name"],
      ["нет", "name"]
    ] as const) {
      assert.deepStrictEqual(OfflineNlu.classify({ text, expecting }).entities.city, undefined, text)
      assert.deepStrictEqual(OfflineNlu.classify({ text, expecting }).entities.name, undefined, text)
    }
    assert.strictEqual(OfflineNlu.classify({ text: "Kapchagay", expecting: "city" }).entities.city, "Kapchagay")
  })
  it.effect("nlu-table-ru: Russian utterances", () => check(russian, "ru"))
})
