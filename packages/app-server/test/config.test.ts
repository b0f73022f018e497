import { ConfigProvider, Effect, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import { loadConfig } from "../src/config.ts"

const load = (env: Record<string, string>) =>
  Effect.runPromise(
    Effect.result(loadConfig).pipe(Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnvRecord(env))))
  )

describe("config (SPEC §2)", () => {
  it("defaults: PORT 3000, HOST 127.0.0.1, embedded mode", async () => {
    const r = await load({})
    expect(r._tag).toBe("Success")
    if (r._tag === "Success") {
      expect(r.success.port).toBe(3000)
      expect(r.success.host).toBe("127.0.0.1")
      expect(r.success.redisUrl).toBeUndefined()
      expect(r.success.baseUrls).toEqual({})
      expect(r.success.queuePrefix).toBeUndefined()
    }
  })

  it("reads every variable; base URLs lose a trailing slash", async () => {
    const r = await load({
      PORT: "8080",
      REDIS_URL: "redis://localhost:6379",
      ADMIN_TOKEN: "adm",
      WHATSAPP_API_BASE_URL: "http://127.0.0.1:9000/",
      LOG_LEVEL: "Debug",
      QUEUE_PREFIX: "shop-eu"
    })
    if (r._tag !== "Success") throw new Error("expected success")
    expect(r.success.port).toBe(8080)
    expect(Redacted.value(r.success.adminToken!)).toBe("adm")
    expect(r.success.baseUrls.whatsapp).toBe("http://127.0.0.1:9000")
    expect(r.success.logLevel).toBe("Debug")
    expect(r.success.queuePrefix).toBe("shop-eu")
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
