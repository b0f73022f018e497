import { layerNlu, layerWithFallback, LlmMocks, type LlmOptions } from "@chatshop/adapters/llm"
import { classify, productWords } from "@chatshop/adapters/nlu"
import {
  Catalog,
  detectLanguage,
  intents,
  Nlu,
  type NluInput,
  NluResult,
  normalizePhrase,
  ProductId,
  Sku,
  TenantId
} from "@chatshop/domain"
import { nluContract } from "@chatshop/domain/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as OpenAiStructuredOutput from "effect/ai/OpenAiStructuredOutput"
import { capturingWarnings, nluAnswer, optionsFor, timed } from "./helpers.ts"

const { mockOpenAi, formatOf, jsonSchemaOf, systemPromptOf, userTextOf } = LlmMocks
const tenantId = TenantId.make("shop-llm-nlu")

// A product whose title word only the catalog knows: the offline fallback must read it as a search.
const zaraflex: Catalog.Product = {
  id: ProductId.make("p-zaraflex"),
  tenantId,
  title: "Zaraflex loafers",
  category: "shoes",
  description: "",
  photos: [],
  price: { amount: 5_990, currency: "USD" },
  variants: [{ sku: Sku.make("zf-40"), options: { size: "40" }, oneOfAKind: false }]
}

const catalog = Layer.effect(
  Catalog.CatalogRepository,
  Effect.gen(function* () {
    const repo = yield* Catalog.CatalogRepository
    yield* Effect.orDie(repo.create(zaraflex))
    return repo
  })
).pipe(Layer.provide(Catalog.CatalogRepository.layerMemory))

const withFallback = (options: LlmOptions) => layerWithFallback(options).pipe(Layer.provide(catalog))

/** What the offline NLU says over the same catalog: the fallback's answer must equal it. */
const offline = (input: NluInput) => classify(input, { knownWords: productWords([zaraflex]) })

const classifyWith = (layer: Layer.Layer<Nlu>, input: NluInput) =>
  Nlu.use((nlu) => nlu.classify(tenantId, input)).pipe(Effect.provide(layer))

const goodResult: NluResult = { intent: "search", language: "en", entities: { query: "boots" }, confidence: 0.8 }

describe("LLM Nlu over an OpenAI-compatible API (issue 5)", () => {
  it.live("llm-nlu-request: chat.completions with the json_schema derived from NluResult, key, model, hints", () =>
    Effect.gen(function* () {
      const mock = yield* mockOpenAi(() =>
        nluAnswer({ intent: "provide_field", language: "ru", entities: { city: "Алматы" }, confidence: 0.9 })
      )
      yield* classifyWith(withFallback(optionsFor(mock)), { text: "Алматы", language: "ru", expecting: "city" })
      assert.strictEqual(mock.requests.length, 1)
      const request = mock.requests[0]!
      assert.strictEqual(request.method, "POST")
      assert.strictEqual(request.path, "/v1/chat/completions")
      assert.strictEqual(request.headers.authorization, "Bearer sk-test")
      const body = request.json as {
        model: string
        response_format: { type: string; json_schema: { name: string; strict: boolean } }
      }
      assert.strictEqual(body.model, "text-model")
      assert.strictEqual(body.response_format.type, "json_schema")
      assert.strictEqual(formatOf(request), "nlu_result")
      assert.isTrue(body.response_format.json_schema.strict)
      assert.deepStrictEqual(jsonSchemaOf(request), OpenAiStructuredOutput.toCodecOpenAI(NluResult).jsonSchema)
      for (const intent of intents) assert.include(JSON.stringify(jsonSchemaOf(request)), `"${intent}"`)
      assert.strictEqual(userTextOf(request), "Алматы")
      const prompt = systemPromptOf(request) ?? ""
      assert.include(prompt, "just asked for the city (entities.city)")
      assert.include(prompt, 'answer "ru", the conversation\'s language')
      assert.include(prompt, "payment_sent: says they paid")
    }).pipe(Effect.scoped)
  )

  it.live("llm-nlu-decode: the model's answer is decoded (nulls dropped), not replaced by the offline NLU", () =>
    Effect.gen(function* () {
      const said: NluResult = {
        intent: "provide_field",
        language: "en",
        entities: { city: "Almaty", delivery: "pickup" },
        confidence: 0.93
      }
      const mock = yield* mockOpenAi(() => nluAnswer(said))
      const input = { text: "I'm in Almaty, will pick it up myself" }
      const { value, warnings } = yield* capturingWarnings(classifyWith(withFallback(optionsFor(mock)), input))
      assert.deepStrictEqual(value, said)
      assert.notDeepEqual(value, offline(input))
      assert.deepStrictEqual(warnings, [])
    }).pipe(Effect.scoped)
  )

  const failures: ReadonlyArray<readonly [string, LlmMocks.ModelResponder, RegExp]> = [
    ["HTTP 500", () => ({ status: 500, message: "upstream exploded" }), /HTTP 500/],
    ["HTTP 429", () => ({ status: 429, message: "rate limited" }), /HTTP 429/],
    ["malformed JSON", () => '{"intent": "search", "language": ', /not JSON/],
    ["an unknown intent", () => nluAnswer({ ...goodResult, intent: "buy" as never }), /does not match nlu_result/],
    ["confidence above 1", () => nluAnswer({ ...goodResult, confidence: 1.5 }), /does not match nlu_result/],
    ["an empty entity", () => nluAnswer({ ...goodResult, entities: { size: "" } }), /does not match nlu_result/],
    ["no content", () => "", /no content/]
  ]

  it.live.each(failures)(
    "llm-nlu-fallback: %s → the offline NLU's result, one warning naming why",
    ([, responder, why]) =>
      Effect.gen(function* () {
        const mock = yield* mockOpenAi(responder)
        const input: NluInput = { text: "zaraflex?" }
        // The catalog word makes the offline answer a search: proof the fallback reads the catalog.
        assert.notDeepEqual(offline(input), classify(input))
        const { value, warnings } = yield* capturingWarnings(classifyWith(withFallback(optionsFor(mock)), input))
        assert.strictEqual(mock.requests.length, 1)
        assert.deepStrictEqual(value, offline(input))
        assert.strictEqual(warnings.length, 1)
        assert.match(warnings[0]!, why)
      }).pipe(Effect.scoped)
  )

  it.live("llm-nlu-timeout: a model slower than the timeout → the offline result long before it answers", () =>
    Effect.gen(function* () {
      const mock = yield* mockOpenAi(() => ({ content: nluAnswer(goodResult), delayMs: 5_000 }))
      const input: NluInput = { text: "39", expecting: "size" }
      const { value, ms } = yield* timed(
        capturingWarnings(classifyWith(withFallback(optionsFor(mock, { timeoutMs: 200 })), input))
      )
      assert.deepStrictEqual(value.value, offline(input))
      assert.isBelow(ms, 3_000)
      assert.match(value.warnings[0] ?? "", /200 ms|abort|timed? ?out/i)
    }).pipe(Effect.scoped)
  )

  it.live("llm-nlu-unavailable: without a fallback every failure is NluUnavailable with its reason", () =>
    Effect.gen(function* () {
      const mock = yield* mockOpenAi(() => ({ status: 503, message: "overloaded" }))
      const error = yield* Effect.flip(classifyWith(layerNlu(optionsFor(mock)), { text: "hi" }))
      assert.strictEqual(error._tag, "NluUnavailable")
      assert.match(error.reason, /HTTP 503/)
    }).pipe(Effect.scoped)
  )
})

/** A deterministic "model" for the shared contract: greets hellos, reads the script's language. */
const scriptedModel: LlmMocks.ModelResponder = (request) => {
  const text = userTextOf(request) ?? ""
  const greeting = ["hello", "привет"].includes(normalizePhrase(text))
  return nluAnswer({
    intent: greeting ? "greeting" : "unknown",
    language: detectLanguage(text),
    entities: {},
    confidence: greeting ? 0.9 : 0.2
  })
}

nluContract(
  "LLM with offline fallback (scripted model over HTTP)",
  Layer.unwrap(Effect.map(mockOpenAi(scriptedModel), (mock) => withFallback(optionsFor(mock))))
)
