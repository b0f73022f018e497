import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import {
  defaultPersona,
  detectLanguage,
  evidenceImageKey,
  Money,
  Nlu,
  NluResult,
  normalizePhrase,
  PaymentEvidenceReader,
  ReplyWriter,
  TenantId,
  timestamp,
  wordingKeepsFacts
} from "@chatshop/domain"
import { nluContract, paymentEvidenceReaderContract, replyWriterContract } from "@chatshop/domain/testing"

const boots: NluResult = {
  intent: "ask_availability",
  language: "en",
  entities: { query: "boots", size: "38" },
  confidence: 0.9
}
const receipt = { amount: Money.make(1_250_000, "KZT"), reference: "TX-77", payer: "Anna", date: timestamp(1_000) }
const screenshot = { _tag: "Url", url: "https://cdn.example/receipt-1.jpg" } as const
const bytes = { _tag: "Bytes", bytes: new Uint8Array([1, 171, 255]), mimeType: "image/jpeg" } as const

nluContract("memory", Nlu.layerMemory)
nluContract("memory with phrases", Nlu.layerFrom([["Do you have boots in 38?", boots]]))
replyWriterContract("memory", ReplyWriter.layerMemory)
paymentEvidenceReaderContract("memory", PaymentEvidenceReader.layerMemory)
paymentEvidenceReaderContract(
  "memory fed a map",
  PaymentEvidenceReader.layerFrom([
    [evidenceImageKey(screenshot), receipt],
    [evidenceImageKey(bytes), { reference: "B-1" }]
  ]),
  [
    [screenshot, receipt],
    [bytes, { reference: "B-1" }]
  ]
)

const t = TenantId.make("t")

describe("dialog ports (memory)", () => {
  it.effect("nlu-table: a known phrase answers from the table, compared trimmed and case-blind", () =>
    Effect.gen(function* () {
      const nlu = yield* Nlu
      assert.deepStrictEqual(yield* nlu.classify(t, { text: "  do YOU have   boots in 38? " }), boots)
      assert.deepStrictEqual(yield* nlu.classify(t, { text: "что-то ещё", language: "en" }), {
        intent: "unknown",
        language: "ru",
        entities: {},
        confidence: 0
      })
      assert.strictEqual((yield* nlu.classify(t, { text: "42", language: "ru" })).language, "ru")
    }).pipe(Effect.provide(Nlu.layerFrom([["Do you have boots in 38?", boots]])))
  )

  it("nlu-language: the script with more letters wins, else the hint", () => {
    assert.strictEqual(detectLanguage("привет"), "ru")
    assert.strictEqual(detectLanguage("hello"), "en")
    assert.strictEqual(detectLanguage("Nike 42 чёрные"), "ru")
    assert.strictEqual(detectLanguage("Nike чёрн"), "en")
    assert.strictEqual(detectLanguage("ab вгд"), "ru")
    assert.strictEqual(detectLanguage("38", "ru"), "ru")
    assert.strictEqual(detectLanguage(""), "en")
    assert.strictEqual(normalizePhrase("  Hi \n THERE "), "hi there")
  })

  it("nlu-schema: the result Schema rejects what an LLM could get wrong and yields a JSON Schema", () => {
    const decode = Schema.decodeUnknownExit(NluResult)
    const bad = [
      { ...boots, intent: "buy" },
      { ...boots, language: "de" },
      { ...boots, confidence: 1.5 },
      { ...boots, confidence: -0.1 },
      { ...boots, entities: { quantity: 0 } },
      { ...boots, entities: { choice: 1.5 } },
      { ...boots, entities: { size: "" } },
      { ...boots, entities: { delivery: "courier" } }
    ]
    for (const input of bad) assert.strictEqual(decode(input)._tag, "Failure", JSON.stringify(input))
    assert.strictEqual(decode({ ...boots, entities: { quantity: 1, choice: 1, delivery: "pickup" } })._tag, "Success")
    const doc = Schema.toJsonSchemaDocument(NluResult)
    assert.include(JSON.stringify(doc), "ask_availability")
  })

  it("reply-facts: a wording must say something and keep every fact", () => {
    const intent = { key: "quote_price", text: "$59.90, 2 left", facts: ["$59.90", "2"] }
    assert.isTrue(wordingKeepsFacts(intent, "Only 2 left at $59.90!"))
    assert.isFalse(wordingKeepsFacts(intent, "Only two left at $59.90!"))
    assert.isFalse(wordingKeepsFacts({ ...intent, facts: [] }, "   "))
    assert.isTrue(wordingKeepsFacts({ ...intent, facts: [] }, "ok"))
    assert.deepStrictEqual(defaultPersona, { shopName: "", tone: "friendly", emoji: false })
  })

  it.effect("reply-template: the memory writer passes the template through", () =>
    Effect.gen(function* () {
      const writer = yield* ReplyWriter
      const text = yield* writer.word(t, {
        intent: { key: "greeting", text: "Здравствуйте!", facts: [] },
        language: "ru",
        persona: defaultPersona
      })
      assert.strictEqual(text, "Здравствуйте!")
    }).pipe(Effect.provide(ReplyWriter.layerMemory))
  )

  it("evidence-key: images are looked up by url, or by their bytes in hex", () => {
    assert.strictEqual(evidenceImageKey(screenshot), "https://cdn.example/receipt-1.jpg")
    assert.strictEqual(evidenceImageKey(bytes), "bytes:01abff")
  })
})
