import { ConfigProvider, Effect, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import { loadConfig } from "../src/config.ts"

const load = (env: Record<string, string>) =>
  Effect.runPromise(
    Effect.result(loadConfig).pipe(Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnvRecord(env))))
  )

describe("the server's configuration (SPEC §2)", () => {
  it("defaults: PORT 3000, HOST 127.0.0.1, embedded mode without Redis", async () => {
    const r = await load({})
    if (r._tag !== "Success") throw new Error(r.failure.message)
    expect(r.success.listen).toEqual({ port: 3000, host: "127.0.0.1" })
    expect(r.success.mode).toMatchObject({ _tag: "embedded", dataDir: "./.chatshop", redis: undefined })
    expect(r.success.channels).toEqual({})
    expect(r.success.logLevel).toBe("Info")
    expect(r.success.rateLimits.apiPerMinute).toBe(600)
  })

  it("reads every variable; base URLs lose a trailing slash; embedded mode takes REDIS_URL and QUEUE_PREFIX", async () => {
    const r = await load({
      PORT: "8080",
      REDIS_URL: "redis://localhost:6379",
      ADMIN_TOKEN: "adm",
      WHATSAPP_API_BASE_URL: "http://127.0.0.1:9000/",
      LOG_LEVEL: "debug",
      QUEUE_PREFIX: "shop-eu"
    })
    if (r._tag !== "Success") throw new Error(r.failure.message)
    expect(r.success.listen.port).toBe(8080)
    expect(Redacted.value(r.success.adminToken!)).toBe("adm")
    expect(r.success.channels.whatsapp).toBe("http://127.0.0.1:9000")
    expect(r.success.logLevel).toBe("Debug")
    const redis = r.success.mode.redis
    expect(redis?.prefix).toBe("shop-eu")
    expect(Redacted.value(redis?.url as Redacted.Redacted<string>)).toBe("redis://localhost:6379")
  })

  it("DATABASE_URL decides production, with the key, Redis and pool size", async () => {
    const r = await load({
      DATABASE_URL: "postgres://db/chatshop",
      REDIS_URL: "redis://cache:6379",
      CHATSHOP_SECRET_KEY: "k",
      DATABASE_POOL_SIZE: "4"
    })
    if (r._tag !== "Success") throw new Error(r.failure.message)
    expect(r.success.mode).toMatchObject({ _tag: "production", poolSize: 4, redis: { prefix: "chatshop" } })
  })

  it.each([
    [{ PORT: "abc" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ TELEGRAM_API_BASE_URL: "not a url" }, "TELEGRAM_API_BASE_URL"],
    [{ DATABASE_URL: "postgres://x" }, "CHATSHOP_SECRET_KEY"],
    [{ DATABASE_URL: "postgres://x", CHATSHOP_SECRET_KEY: "k" }, "REDIS_URL"]
  ])("%o fails with one line naming %s", async (env, variable) => {
    const r = await load(env)
    expect(r._tag).toBe("Failure")
    if (r._tag === "Failure") {
      expect(r.failure.variable).toBe(variable)
      expect(r.failure.message).toContain(variable)
      expect(r.failure.message).not.toContain("\n")
    }
  })
})
