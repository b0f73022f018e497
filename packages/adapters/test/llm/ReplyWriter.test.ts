import { layerReplyWriter, LlmMocks, Wording } from "@chatshop/adapters/llm"
import { defaultPersona, type ReplyRequest, ReplyWriter, TenantId } from "@chatshop/domain"
import { replyWriterContract } from "@chatshop/domain/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as OpenAiStructuredOutput from "effect/ai/OpenAiStructuredOutput"
import { optionsFor, timed } from "./helpers.ts"

const { mockOpenAi, formatOf, jsonSchemaOf, systemPromptOf, userTextOf } = LlmMocks
const tenantId = TenantId.make("shop-llm-writer")

const quote: ReplyRequest = {
  intent: {
    key: "quote_price",
    text: "Chelsea boots cost 12 500.00 ₸, 2 left in size 38.",
    facts: ["12 500.00 ₸", "2", "38"]
  },
  language: "ru",
  persona: { shopName: "Boots KZ", tone: "formal", emoji: true }
}

const word = (layer: Layer.Layer<ReplyWriter>, request: ReplyRequest) =>
  ReplyWriter.use((writer) => writer.word(tenantId, request)).pipe(Effect.provide(layer))

const wording = (text: string) => JSON.stringify({ text })

describe("LLM ReplyWriter over an OpenAI-compatible API (issue 5)", () => {
  it.live("llm-writer-request: persona, language and facts go to the model; its wording comes back", () =>
    Effect.gen(function* () {
      const mock = yield* mockOpenAi(() => wording("Ботинки Челси стоят 12 500.00 ₸, в размере 38 осталось 2 пары 👢"))
      const text = yield* word(layerReplyWriter(optionsFor(mock)), quote)
      assert.strictEqual(text, "Ботинки Челси стоят 12 500.00 ₸, в размере 38 осталось 2 пары 👢")
      const request = mock.requests[0]!
      assert.strictEqual((request.json as { model: string }).model, "text-model")
      assert.strictEqual(formatOf(request), "reply_wording")
      assert.deepStrictEqual(jsonSchemaOf(request), OpenAiStructuredOutput.toCodecOpenAI(Wording).jsonSchema)
      assert.deepStrictEqual(JSON.parse(userTextOf(request) ?? ""), {
        text: quote.intent.text,
        facts: quote.intent.facts
      })
      const prompt = systemPromptOf(request) ?? ""
      assert.include(prompt, '"Boots KZ"')
      assert.include(prompt, "in Russian")
      assert.include(prompt, "polite and formal")
      assert.include(prompt, "with an emoji")
      assert.include(prompt, "exactly as written")
    }).pipe(Effect.scoped)
  )

  it.live("llm-writer-facts: a wording that drops or alters a fact is ReplyWriterUnavailable naming it", () =>
    Effect.gen(function* () {
      // "12 500 ₸" lost the ".00": the price is not verbatim any more.
      const mock = yield* mockOpenAi(() => wording("Ботинки стоят 12 500 ₸, в размере 38 осталось 2 пары"))
      const error = yield* Effect.flip(word(layerReplyWriter(optionsFor(mock)), quote))
      assert.strictEqual(error._tag, "ReplyWriterUnavailable")
      assert.include(error.reason, "12 500.00 ₸")
      assert.notInclude(error.reason, "38")
    }).pipe(Effect.scoped)
  )

  it.live("llm-writer-blank: an empty wording is refused too", () =>
    Effect.gen(function* () {
      const mock = yield* mockOpenAi(() => wording("   "))
      const request: ReplyRequest = {
        intent: { key: "greeting", text: "Hi!", facts: [] },
        language: "en",
        persona: defaultPersona
      }
      const error = yield* Effect.flip(word(layerReplyWriter(optionsFor(mock)), request))
      assert.strictEqual(error._tag, "ReplyWriterUnavailable")
    }).pipe(Effect.scoped)
  )

  const failures: ReadonlyArray<readonly [string, LlmMocks.ModelResponder, RegExp]> = [
    ["HTTP 500", () => ({ status: 500 }), /HTTP 500/],
    ["not JSON", () => "Sure! Here it is", /not JSON/],
    ["the wrong shape", () => JSON.stringify({ wording: "hi" }), /does not match reply_wording/]
  ]
  it.live.each(failures)(
    "llm-writer-failure: %s → ReplyWriterUnavailable (the caller sends the template)",
    ([, responder, why]) =>
      Effect.gen(function* () {
        const mock = yield* mockOpenAi(responder)
        const error = yield* Effect.flip(word(layerReplyWriter(optionsFor(mock)), quote))
        assert.strictEqual(error._tag, "ReplyWriterUnavailable")
        assert.match(error.reason, why)
      }).pipe(Effect.scoped)
  )

  it.live("llm-writer-timeout: a slow model is ReplyWriterUnavailable at the timeout", () =>
    Effect.gen(function* () {
      const mock = yield* mockOpenAi(() => ({ content: wording(quote.intent.text), delayMs: 5_000 }))
      const { value, ms } = yield* timed(
        Effect.flip(word(layerReplyWriter(optionsFor(mock, { timeoutMs: 200 })), quote))
      )
      assert.strictEqual(value._tag, "ReplyWriterUnavailable")
      assert.isBelow(ms, 3_000)
    }).pipe(Effect.scoped)
  )
})

/** A "model" that rewords by framing the text, which keeps every fact. */
const politeModel: LlmMocks.ModelResponder = (request) => {
  const { text } = JSON.parse(userTextOf(request) ?? "{}") as { text: string }
  return wording(`Of course! ${text}`)
}

replyWriterContract(
  "LLM (scripted model over HTTP)",
  Layer.unwrap(Effect.map(mockOpenAi(politeModel), (mock) => layerReplyWriter(optionsFor(mock))))
)
