import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect } from "effect"
import { loadConfig } from "../src/Config.ts"

const load = (env: Record<string, string>) =>
  Effect.result(loadConfig).pipe(
    Effect.provide(
      ConfigProvider.layer(
        ConfigProvider.fromEnvRecord({
          DATABASE_URL: "postgres://postgres@127.0.0.1:5432/chatshop",
          REDIS_URL: "redis://127.0.0.1:6379",
          CHATSHOP_SECRET_KEY: "secret",
          ...env
        })
      )
    )
  )

describe("the worker's configuration (SPEC §2)", () => {
  it.effect("QUEUE_PREFIX names the Redis keys the worker shares with the server (default chatshop)", () =>
    Effect.gen(function* () {
      const defaults = yield* load({})
      if (defaults._tag !== "Success") return assert.fail("expected a config")
      assert.strictEqual(defaults.success.mode.redis.prefix, "chatshop")
      const set = yield* load({ QUEUE_PREFIX: "shop-eu" })
      if (set._tag !== "Success") return assert.fail("expected a config")
      assert.strictEqual(set.success.mode.redis.prefix, "shop-eu")
    })
  )

  it.effect("a missing DATABASE_URL fails with one line naming it", () =>
    Effect.gen(function* () {
      const r = yield* Effect.result(loadConfig).pipe(
        Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnvRecord({ REDIS_URL: "redis://127.0.0.1:6379" })))
      )
      if (r._tag !== "Failure") return assert.fail("expected a failure")
      assert.strictEqual(r.failure.variable, "DATABASE_URL")
      assert.notInclude(r.failure.message, "\n")
    })
  )
})
