import { LlmMocks } from "@chatshop/adapters/llm"
import { Catalog, Nlu, TenantId } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Redacted } from "effect"
import { loadConfig } from "../src/Config.ts"
import { dialogWiring } from "../src/Production.ts"

const production = {
  DATABASE_URL: "postgres://postgres@127.0.0.1:5432/chatshop",
  REDIS_URL: "redis://127.0.0.1:6379",
  CHATSHOP_SECRET_KEY: "secret"
}

const load = (env: Record<string, string>) =>
  Effect.result(loadConfig).pipe(
    Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnvRecord({ ...production, ...env })))
  )

describe("the worker's LLM configuration (SPEC §2)", () => {
  it.effect("worker-llm-env: LLM_* variables are read when a key is set", () =>
    Effect.gen(function* () {
      const r = yield* load({
        LLM_API_KEY: "sk-worker",
        LLM_BASE_URL: "http://127.0.0.1:11434/v1",
        LLM_MODEL: "llama3.1",
        LLM_VISION_MODEL: "llava",
        LLM_TIMEOUT_MS: "3000"
      })
      if (r._tag !== "Success") return assert.fail(`expected a config, got ${r.failure.message}`)
      const llm = r.success.llm
      assert.isDefined(llm)
      assert.strictEqual(Redacted.value(llm!.apiKey as Redacted.Redacted<string>), "sk-worker")
      assert.strictEqual(llm!.baseUrl, "http://127.0.0.1:11434/v1")
      assert.strictEqual(llm!.model, "llama3.1")
      assert.strictEqual(llm!.visionModel, "llava")
      assert.strictEqual(llm!.timeoutMs, 3_000)
    })
  )

  it.effect("worker-llm-off: without LLM_API_KEY / OPENAI_API_KEY the worker stays offline", () =>
    Effect.gen(function* () {
      const r = yield* load({ LLM_MODEL: "gpt-4o" })
      if (r._tag !== "Success") return assert.fail("expected a config")
      assert.isUndefined(r.success.llm)
      assert.deepStrictEqual(dialogWiring(r.success.llm), {})
      const withKey = yield* load({ OPENAI_API_KEY: "sk-openai" })
      if (withKey._tag !== "Success") return assert.fail("expected a config")
      assert.isDefined(withKey.success.llm)
    })
  )

  it.effect.each([
    [{ LLM_API_KEY: "k", LLM_BASE_URL: "localhost:11434" }, "LLM_BASE_URL"],
    [{ LLM_BASE_URL: "not a url" }, "LLM_BASE_URL"],
    [{ LLM_API_KEY: "k", LLM_TIMEOUT_MS: "soon" }, "LLM_TIMEOUT_MS"]
  ] as const)("worker-llm-bad: %o fails with one line naming %s", ([env, variable]) =>
    Effect.gen(function* () {
      const r = yield* load(env)
      if (r._tag !== "Failure") return assert.fail("expected a failure")
      assert.strictEqual(r.failure._tag, "ConfigInvalid")
      assert.strictEqual(r.failure.variable, variable)
      assert.match(r.failure.message, new RegExp(`^Invalid configuration: ${variable}: `))
      assert.notInclude(r.failure.message, "\n")
    })
  )

  it.live("worker-llm-wiring: with a key the worker's NLU asks the configured model", () =>
    Effect.gen(function* () {
      const mock = yield* LlmMocks.mockOpenAi(() =>
        JSON.stringify({
          intent: "greeting",
          language: "en",
          entities: Object.fromEntries(
            ["query", "productRef", "choice", "size", "color", "quantity", "city"]
              .concat(["phone", "address", "name", "delivery", "orderRef", "topic"])
              .map((k) => [k, null])
          ),
          confidence: 0.99
        })
      )
      const r = yield* load({ LLM_API_KEY: "sk-worker", LLM_BASE_URL: mock.url, LLM_MODEL: "m-worker" })
      if (r._tag !== "Success") return assert.fail("expected a config")
      const { nlu } = dialogWiring(r.success.llm)
      assert.isDefined(nlu)
      const result = yield* Nlu.use((n) => n.classify(TenantId.make("t-wiring"), { text: "yo" })).pipe(
        Effect.provide(nlu!.pipe(Layer.provide(Catalog.CatalogRepository.layerMemory)))
      )
      assert.strictEqual(result.confidence, 0.99)
      assert.strictEqual(mock.requests.length, 1)
      assert.strictEqual((mock.requests[0]!.json as { model: string }).model, "m-worker")
      assert.strictEqual(mock.requests[0]!.headers.authorization, "Bearer sk-worker")
    }).pipe(Effect.scoped)
  )
})
