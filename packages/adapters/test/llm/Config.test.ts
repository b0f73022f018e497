import { defaults, LlmMocks, loadConfig, settingsOf } from "@chatshop/adapters/llm"
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Option, Redacted } from "effect"

const load = (env: Record<string, string>) =>
  Effect.result(loadConfig).pipe(Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnvRecord(env))))

describe("LLM configuration (SPEC §2)", () => {
  it.effect("llm-config-none: without LLM_API_KEY or OPENAI_API_KEY there is no LLM (offline mode)", () =>
    Effect.gen(function* () {
      const r = yield* load({ LLM_MODEL: "gpt-4o", LLM_BASE_URL: "http://127.0.0.1:1/v1" })
      assert.strictEqual(r._tag, "Success")
      if (r._tag === "Success") assert.isTrue(Option.isNone(r.success))
    })
  )

  it.effect("llm-config-read: every LLM_* variable is read; the base URL loses its trailing slash", () =>
    Effect.gen(function* () {
      const r = yield* load({
        LLM_API_KEY: "sk-llm",
        OPENAI_API_KEY: "sk-openai",
        LLM_BASE_URL: "http://127.0.0.1:8080/v1/",
        LLM_MODEL: "qwen2.5",
        LLM_VISION_MODEL: "qwen2.5-vl",
        LLM_TIMEOUT_MS: "2500",
        LLM_VISION_TIMEOUT_MS: "30000"
      })
      if (r._tag !== "Success" || Option.isNone(r.success)) return assert.fail("expected options")
      const o = r.success.value
      assert.strictEqual(Redacted.value(o.apiKey as Redacted.Redacted<string>), "sk-llm")
      assert.strictEqual(o.baseUrl, "http://127.0.0.1:8080/v1")
      assert.strictEqual(o.model, "qwen2.5")
      assert.strictEqual(o.visionModel, "qwen2.5-vl")
      assert.strictEqual(o.timeoutMs, 2_500)
      assert.strictEqual(o.visionTimeoutMs, 30_000)
    })
  )

  it.effect("llm-config-openai-key: OPENAI_API_KEY alone enables the LLM with the defaults", () =>
    Effect.gen(function* () {
      const r = yield* load({ OPENAI_API_KEY: "sk-openai" })
      if (r._tag !== "Success" || Option.isNone(r.success)) return assert.fail("expected options")
      const s = settingsOf(r.success.value)
      assert.strictEqual(Redacted.value(s.apiKey), "sk-openai")
      assert.strictEqual(s.baseUrl, "https://api.openai.com/v1")
      assert.strictEqual(s.model, "gpt-4o-mini")
      assert.strictEqual(s.visionModel, "gpt-4o-mini")
      assert.strictEqual(s.timeoutMs, defaults.timeoutMs)
      assert.strictEqual(s.visionTimeoutMs, defaults.visionTimeoutMs)
      assert.strictEqual(s.maxRetries, 0)
      // The key never shows in logs.
      assert.notInclude(String(s.apiKey), "sk-openai")
    })
  )

  it("llm-config-options: plain options work without the environment; vision defaults to the text model", () => {
    const s = settingsOf({ apiKey: "k", model: "m" })
    assert.strictEqual(s.visionModel, "m")
    assert.strictEqual(Redacted.value(s.apiKey), "k")
  })

  const bad: ReadonlyArray<readonly [Record<string, string>, string]> = [
    [{ LLM_API_KEY: "k", LLM_BASE_URL: "not a url" }, "LLM_BASE_URL"],
    [{ LLM_BASE_URL: "ftp://models.example" }, "LLM_BASE_URL"],
    [{ LLM_API_KEY: "k", LLM_TIMEOUT_MS: "4s" }, "LLM_TIMEOUT_MS"],
    [{ LLM_API_KEY: "k", LLM_TIMEOUT_MS: "0" }, "LLM_TIMEOUT_MS"],
    [{ LLM_API_KEY: "k", LLM_VISION_TIMEOUT_MS: "-1" }, "LLM_VISION_TIMEOUT_MS"]
  ]
  it.effect.each(bad)("llm-config-bad: %o fails with one line naming %s", ([env, variable]) =>
    Effect.gen(function* () {
      const r = yield* load(env)
      if (r._tag !== "Failure") return assert.fail("expected a failure")
      assert.strictEqual(r.failure.variable, variable)
      assert.include(r.failure.message, variable)
      assert.notInclude(r.failure.message, "\n")
    })
  )
})

describe("mock OpenAI server", () => {
  it.live("llm-mock-shape: answers the real chat.completion shape on both paths; other routes are 404", () =>
    Effect.gen(function* () {
      const mock = yield* LlmMocks.mockOpenAi(() => '{"ok":true}')
      const post = (path: string) =>
        Effect.promise(() =>
          fetch(`${mock.origin}${path}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ model: "m1", messages: [{ role: "user", content: "hi" }] })
          }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }))
        )
      for (const path of ["/v1/chat/completions", "/chat/completions"]) {
        const { status, json } = yield* post(path)
        assert.strictEqual(status, 200)
        assert.strictEqual(json.object, "chat.completion")
        assert.strictEqual(json.model, "m1")
        assert.isString(json.id)
        assert.isNumber(json.created)
        assert.deepStrictEqual(json.choices, [
          {
            index: 0,
            message: { role: "assistant", content: '{"ok":true}', refusal: null },
            logprobs: null,
            finish_reason: "stop"
          }
        ])
        assert.hasAllKeys(json.usage as object, ["prompt_tokens", "completion_tokens", "total_tokens"])
      }
      assert.strictEqual((yield* post("/v1/embeddings")).status, 404)
      assert.deepStrictEqual(
        mock.requests.map((r) => r.path),
        ["/v1/chat/completions", "/chat/completions", "/v1/embeddings"]
      )
      assert.strictEqual(LlmMocks.userTextOf(mock.requests[0]!), "hi")
    }).pipe(Effect.scoped)
  )
})
