import * as Env from "@chatshop/adapters/config"
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, LogLevel, Redacted } from "effect"
import * as fc from "fast-check"

const read = <A, E>(piece: Effect.Effect<A, E>, env: Record<string, string>) =>
  Effect.result(piece).pipe(Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnvRecord(env))))

const success = <A, E>(piece: Effect.Effect<A, E>, env: Record<string, string>) =>
  Effect.flatMap(read(piece, env), (r) =>
    r._tag === "Success"
      ? Effect.succeed(r.success)
      : Effect.die(new Error(`expected a value, got ${String(r.failure)}`))
  )

/** The piece fails with one `Invalid configuration: <variable>: …` line; returns the line. */
const oneLine = <A>(piece: Effect.Effect<A, Env.ConfigInvalid>, env: Record<string, string>, variable: string) =>
  Effect.gen(function* () {
    const r = yield* read(piece, env)
    if (r._tag !== "Failure") return assert.fail(`expected ${variable} to fail`)
    assert.strictEqual(r.failure.variable, variable)
    assert.match(r.failure.message, new RegExp(`^Invalid configuration: ${variable}: `))
    assert.notInclude(r.failure.message, "\n")
    return r.failure.message
  })

// Every level Effect has, by its name in lower case, and "warning" for Warn.
const levels: ReadonlyArray<readonly [string, LogLevel.LogLevel]> = [
  ...LogLevel.values.map((level) => [level.toLowerCase(), level] as const),
  ["warning", "Warn"]
]

describe("LOG_LEVEL (SPEC §2)", () => {
  it("every level name, in any letter case, is that level", () => {
    const named = fc
      .constantFrom(...levels)
      .chain(([name, level]) => fc.tuple(fc.mixedCase(fc.constant(name)), fc.constant(level)))
    fc.assert(
      fc.property(named, ([written, level]) => {
        assert.strictEqual(Effect.runSync(success(Env.logLevel, { LOG_LEVEL: written })), level)
      })
    )
  })

  it.effect("unset or blank is info", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* success(Env.logLevel, {}), "Info")
      assert.strictEqual(yield* success(Env.logLevel, { LOG_LEVEL: " " }), "Info")
    })
  )

  it("anything else fails with one line naming LOG_LEVEL and the levels it takes", () => {
    const other = fc.string({ minLength: 1 }).filter((s) => s.trim() !== "" && Env.parseLogLevel(s) === undefined)
    fc.assert(
      fc.property(other, (written) => {
        const line = Effect.runSync(oneLine(Env.logLevel, { LOG_LEVEL: written }, "LOG_LEVEL"))
        assert.include(line, Env.logLevelNames)
      })
    )
  })

  it.effect("loud and off (Effect has no Off level) are refused", () =>
    Effect.gen(function* () {
      const line = yield* oneLine(Env.logLevel, { LOG_LEVEL: "loud" }, "LOG_LEVEL")
      assert.strictEqual(
        line,
        'Invalid configuration: LOG_LEVEL: expected one of trace, debug, info, warn, error, fatal, none (any letter case), got "loud"'
      )
      yield* oneLine(Env.logLevel, { LOG_LEVEL: "off" }, "LOG_LEVEL")
    })
  )
})

describe("the environment's pieces (SPEC §2)", () => {
  it.effect(
    "defaults: listen on 127.0.0.1:3000, data in ./.chatshop, pool 10, 32 jobs at once, 600 API calls a minute",
    () =>
      Effect.gen(function* () {
        assert.deepStrictEqual(yield* success(Env.listen, {}), { port: 3000, host: "127.0.0.1" })
        assert.strictEqual(yield* success(Env.dataDir, {}), "./.chatshop")
        assert.strictEqual(yield* success(Env.poolSize, {}), 10)
        assert.strictEqual(yield* success(Env.workerConcurrency, {}), 32)
        assert.deepStrictEqual(yield* success(Env.rateLimits, {}), { apiPerMinute: 600 })
        assert.isUndefined(yield* success(Env.adminToken, {}))
        assert.isUndefined(yield* success(Env.llm, {}))
      })
  )

  it.effect("a blank variable (`FOO=` in an env file) is unset", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(yield* success(Env.listen, { PORT: "", HOST: " " }), { port: 3000, host: "127.0.0.1" })
      assert.isUndefined(yield* success(Env.adminToken, { ADMIN_TOKEN: "" }))
    })
  )

  it.effect.each([
    [Env.listen, { PORT: "0" }, "PORT"],
    [Env.listen, { PORT: "65536" }, "PORT"],
    [Env.listen, { PORT: "80a" }, "PORT"],
    [Env.poolSize, { DATABASE_POOL_SIZE: "0" }, "DATABASE_POOL_SIZE"],
    [Env.workerConcurrency, { WORKER_CONCURRENCY: "1.5" }, "WORKER_CONCURRENCY"],
    [Env.rateLimits, { API_RATE_LIMIT_PER_MINUTE: "-1" }, "API_RATE_LIMIT_PER_MINUTE"],
    [Env.channelBaseUrls, { GREENAPI_API_BASE_URL: "api.green-api.com" }, "GREENAPI_API_BASE_URL"],
    [Env.llm, { LLM_API_KEY: "k", LLM_TIMEOUT_MS: "soon" }, "LLM_TIMEOUT_MS"]
  ] as const)("%#: a bad value fails with one line naming %2$s", ([piece, env, variable]) =>
    Effect.asVoid(oneLine(piece as Effect.Effect<unknown, Env.ConfigInvalid>, env, variable))
  )

  it.effect("the five channel base URLs are read into one record, set ones only, without trailing slashes", () =>
    Effect.gen(function* () {
      const urls = yield* success(Env.channelBaseUrls, {
        WHATSAPP_API_BASE_URL: "http://127.0.0.1:9001/",
        TIKTOK_API_BASE_URL: "http://127.0.0.1:9004"
      })
      assert.deepStrictEqual(urls, { whatsapp: "http://127.0.0.1:9001", tiktok: "http://127.0.0.1:9004" })
      assert.deepStrictEqual(Env.channelsConfig(urls), {
        whatsapp: { baseUrl: "http://127.0.0.1:9001" },
        tiktok: { baseUrl: "http://127.0.0.1:9004" }
      })
    })
  )
})

describe("production or embedded, decided once (SPEC §2)", () => {
  const production = {
    DATABASE_URL: "postgres://app:pw@db:5432/chatshop",
    REDIS_URL: "redis://cache:6379",
    CHATSHOP_SECRET_KEY: "k"
  }

  it.effect("no DATABASE_URL: embedded, in the data dir, with Redis when REDIS_URL is set", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(yield* success(Env.mode, { CHATSHOP_DATA_DIR: "/var/shop" }), {
        _tag: "embedded",
        dataDir: "/var/shop",
        redis: undefined,
        secretKey: undefined
      })
      const withRedis = yield* success(Env.mode, { REDIS_URL: "redis://cache:6379", QUEUE_PREFIX: "eu" })
      assert.strictEqual(withRedis.redis?.prefix, "eu")
    })
  )

  it.effect("DATABASE_URL: production with the key, Redis under QUEUE_PREFIX (chatshop) and the pool size", () =>
    Effect.gen(function* () {
      const mode = yield* success(Env.mode, { ...production, DATABASE_POOL_SIZE: "3" })
      if (mode._tag !== "production") return assert.fail("expected production")
      assert.strictEqual(Redacted.value(mode.databaseUrl), production.DATABASE_URL)
      assert.strictEqual(mode.poolSize, 3)
      assert.strictEqual(mode.redis.prefix, "chatshop")
      assert.deepStrictEqual(Env.redisKeys(mode.redis), { prefix: "chatshop:" })
      assert.strictEqual(Redacted.value(mode.secretKey), "k")
    })
  )

  it.effect("production refuses to start without its key, then without Redis; a bad URL never shows its password", () =>
    Effect.gen(function* () {
      yield* oneLine(Env.mode, { DATABASE_URL: production.DATABASE_URL }, "CHATSHOP_SECRET_KEY")
      yield* oneLine(Env.mode, { DATABASE_URL: production.DATABASE_URL, CHATSHOP_SECRET_KEY: "k" }, "REDIS_URL")
      const line = yield* oneLine(Env.mode, { ...production, DATABASE_URL: "pw-in-here@db" }, "DATABASE_URL")
      assert.notInclude(line, "pw-in-here")
    })
  )
})
