import { ChannelMocks } from "@chatshop/adapters/channels"
import * as Llm from "@chatshop/adapters/llm"
import { Conversation, Inventory, Money, type NluResult, normalizePhrase, Order, Sku, TenantId } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { bootsSale } from "./SaleScript.ts"
import { customerChat, memoryStorage, seed, whatsappTexts, type WorldOptions, world } from "./harness.ts"

const { mockOpenAi, formatOf, userTextOf, imageUrlsOf } = Llm.LlmMocks
const tenantId = TenantId.make("shop-sale-llm")
const customer = "77015550002"
// Sent the way WhatsApp sends pictures: a media id the worker downloads from the platform (the mock
// serves a tiny PNG), so the vision model gets the screenshot's bytes as a data URL.
const receipt = { mediaId: "1048576" }
const receiptDataUrl = `data:image/png;base64,${Buffer.from(ChannelMocks.pixelPng).toString("base64")}`
const reworded = "Sure — "

/** What an LLM makes of each sentence of the sale (a scripted model, not the offline NLU). */
const understood: Record<string, NluResult> = {
  hi: { intent: "greeting", language: "en", entities: {}, confidence: 0.97 },
  "do you have chelsea boots?": {
    intent: "ask_availability",
    language: "en",
    entities: { query: "chelsea boots" },
    confidence: 0.95
  },
  "yes, i'll take them": { intent: "choose_product", language: "en", entities: {}, confidence: 0.9 },
  almaty: { intent: "provide_field", language: "en", entities: { city: "Almaty" }, confidence: 0.95 },
  "39": { intent: "provide_field", language: "en", entities: { size: "39" }, confidence: 0.95 },
  "delivery please": { intent: "provide_field", language: "en", entities: { delivery: "delivery" }, confidence: 0.95 },
  "abay avenue 10, apt 5": {
    intent: "provide_field",
    language: "en",
    entities: { address: "Abay avenue 10, apt 5" },
    confidence: 0.95
  },
  yes: { intent: "confirm", language: "en", entities: {}, confidence: 0.96 },
  "": { intent: "payment_sent", language: "en", entities: {}, confidence: 0.6 }
}

const strict = (result: NluResult) => {
  const keys = ["query", "productRef", "choice", "size", "color", "quantity", "city", "phone", "address"] as const
  const more = ["name", "delivery", "orderRef", "topic"] as const
  return JSON.stringify({
    ...result,
    entities: Object.fromEntries([...keys, ...more].map((k) => [k, result.entities[k] ?? null]))
  })
}

/** The order total the screenshot shows: set once the order is placed. */
let paidAmount = ""
/** Sentences the scripted model had no answer for (the offline NLU would have stepped in). */
const misses: Array<string> = []

const model: Llm.LlmMocks.ModelResponder = (request) => {
  switch (formatOf(request)) {
    case "nlu_result": {
      const text = userTextOf(request) ?? ""
      const said = understood[normalizePhrase(text)]
      if (said === undefined) misses.push(text)
      return said === undefined ? { status: 500, message: "the scripted model has no answer" } : strict(said)
    }
    case "reply_wording": {
      const { text } = JSON.parse(userTextOf(request) ?? "{}") as { text: string }
      // The catalog answer comes back without its price: the adapter must refuse it (template sent).
      if (text.includes("38, 39, 40")) return JSON.stringify({ text: `${reworded}we have them, take a look!` })
      return JSON.stringify({ text: `${reworded}${text}` })
    }
    case "payment_evidence":
      return imageUrlsOf(request).includes(receiptDataUrl)
        ? JSON.stringify({
            isPaymentProof: true,
            amount: paidAmount,
            currency: "USD",
            payer: "Aigerim S.",
            recipient: "Demo Shoes",
            reference: `TX-${Date.now()}`,
            date: new Date().toISOString()
          })
        : { status: 400, message: "unknown image" }
    default:
      return { status: 400, message: "unexpected request" }
  }
}

describe("a whole sale with the LLM adapter against a mock OpenAI server (issue 5)", () => {
  it.live(
    "LLM NLU, LLM wording and vision: same sale, facts kept, the receipt pays the order without staff",
    () =>
      Effect.gen(function* () {
        const wa = yield* ChannelMocks.mockPlatform(ChannelMocks.whatsapp)
        const llm = yield* mockOpenAi(model)
        const options = { apiKey: "sk-test", baseUrl: llm.url, model: "gpt-test", visionModel: "gpt-vision-test" }
        const worldOptions: WorldOptions = {
          urls: { whatsapp: wa.url },
          worker: { schedulers: false },
          nlu: Llm.layerWithFallback(options),
          replyWriter: Llm.layerReplyWriter(options),
          evidenceReader: Llm.layerEvidenceReader(options)
        }
        yield* Effect.gen(function* () {
          // The default auto-accept threshold (0.8): the proof must match amount, recipient, date and a
          // fresh reference — the recipient is one the shop's settings name.
          yield* seed(tenantId, {
            burstDebounceMs: 10,
            paymentRecipients: ["Demo Shoes", "+7 701 000 00 00"],
            paymentDetails: "Kaspi transfer to +7 701 000 00 00 (Demo Shoes)"
          })
          const { say, screenshot } = customerChat(tenantId, customer, () => whatsappTexts(wa.requests, customer))

          const { hello, found, take, address, placed } = yield* bootsSale(say)
          assert.include(hello, reworded)
          // The model's wording dropped the price: the template went out, with every figure.
          assert.notInclude(found, "take a look")
          assert.include(take, reworded)
          assert.include(address, reworded)
          assert.include(placed, "$120.00")
          assert.include(placed, "Kaspi transfer to +7 701 000 00 00 (Demo Shoes)", "the shop's payment details")

          const orders = yield* Order.OrderRepository
          const [order] = yield* orders.list(tenantId, {})
          assert.strictEqual(order?.status, "placed")
          assert.strictEqual(order?.lines[0]?.sku, "boots-39")
          paidAmount = Money.toDecimalString(Order.total(order!))
          assert.strictEqual(paidAmount, "120.00")

          const answer = yield* screenshot(receipt)
          assert.match(answer, /confirmed/i)
          assert.include(answer, reworded)
          const paid = yield* orders.get(tenantId, order!.id)
          assert.strictEqual(paid.status, "paid")
          assert.strictEqual(paid.payments.length, 1)
          assert.isTrue(paid.payments[0]?.assessment.breakdown.amount)
          const ledger = yield* Inventory.StockLedger
          const movements = yield* ledger.movements(tenantId, Sku.make("boots-39"))
          assert.isTrue(movements.some((m) => m.kind === "commit"))

          // The model really was asked: every turn's NLU, the wordings, and the screenshot.
          const asked = (format: string) => llm.requests.filter((r) => formatOf(r) === format)
          assert.isAtLeast(asked("nlu_result").length, 8)
          assert.deepStrictEqual(misses, [])
          assert.isAtLeast(asked("reply_wording").length, 8)
          assert.deepStrictEqual(
            asked("payment_evidence").map((r) => [(r.json as { model: string }).model, imageUrlsOf(r)]),
            [["gpt-vision-test", [receiptDataUrl]]]
          )
          const conversations = yield* Conversation.ConversationRepository
          const [conversation] = yield* conversations.list(tenantId, {})
          assert.strictEqual(conversation?.owner, "bot")
        }).pipe(Effect.provide(world(memoryStorage, worldOptions)))
      }),
    120_000
  )
})
