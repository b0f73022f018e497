import { ConfigProvider, Effect, Redacted } from "effect"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { check, makeLimiter, policy, take } from "../src/api/RateLimit.ts"
import { makeApp } from "../src/app.ts"
import { loadConfig } from "../src/config.ts"
import { ADMIN, makeHarness, NOW } from "./harness.ts"

// biome-ignore lint/suspicious/noExplicitAny: response JSON under test, checked field by field
type Json = any

const policies = fc.record({ perMinute: fc.integer({ min: 1, max: 1200 }), burst: fc.integer({ min: 1, max: 20 }) })
const gaps = fc.array(fc.integer({ min: 0, max: 4_000 }), { minLength: 1, maxLength: 120 })
const timesFrom = (start: number, steps: ReadonlyArray<number>) => {
  let t = start
  return steps.map((step) => {
    t += step
    return t
  })
}

/** Runs one bucket over the request times; true where admitted. */
const admissions = (p: { perMinute: number; burst: number }, times: ReadonlyArray<number>) => {
  let bucket: Parameters<typeof take>[1]
  return times.map((t) => {
    const decision = take(p, bucket, t)
    bucket = decision.bucket
    return decision.admitted
  })
}

describe("token bucket", () => {
  it("never admits more than burst + rate × elapsed in any window of requests", () => {
    fc.assert(
      fc.property(policies, gaps, (p, steps) => {
        const times = timesFrom(NOW, steps)
        const admitted = admissions(p, times)
        for (let i = 0; i < times.length; i++) {
          let count = 0
          for (let j = i; j < times.length; j++) {
            if (admitted[j]) count++
            const allowance = p.burst + (p.perMinute * (times[j]! - times[i]!)) / 60_000
            if (count > allowance) return false
          }
        }
        return true
      })
    )
  })

  it("a clock that jumps back refills nothing", () => {
    fc.assert(
      fc.property(policies, fc.array(fc.integer({ min: -60_000, max: 60_000 }), { maxLength: 120 }), (p, offsets) => {
        const times = offsets.map((o) => NOW + o)
        const admitted = admissions(p, times).filter(Boolean).length
        const span = times.length === 0 ? 0 : Math.max(...times) - times[0]!
        return admitted <= p.burst + (p.perMinute * Math.max(0, span)) / 60_000
      })
    )
  })

  it("admits a burst back to back, and a rejected request is admitted after retryAfterMs", () => {
    fc.assert(
      fc.property(policies, gaps, (p, steps) => {
        let bucket: Parameters<typeof take>[1]
        for (let i = 0; i < p.burst; i++) {
          const d = take(p, bucket, NOW)
          if (!d.admitted) return false
          bucket = d.bucket
        }
        for (const t of timesFrom(NOW, steps)) {
          const d = take(p, bucket, t)
          bucket = d.bucket
          if (!d.admitted) {
            if (d.retryAfterMs < 1 || check(p, bucket, t + d.retryAfterMs - 1).admitted) return false
            if (!check(p, bucket, t + d.retryAfterMs).admitted) return false
          }
        }
        return true
      })
    )
  })

  it("the limiter decides as one bucket per key would, dropping only full buckets", () => {
    const ops = fc.array(fc.tuple(fc.constantFrom("k1", "k2", "k3", "k4"), fc.integer({ min: 0, max: 30_000 })), {
      maxLength: 200
    })
    fc.assert(
      fc.property(policies, ops, (p, steps) => {
        const limiter = makeLimiter(p, { sweepEveryMs: 10_000 })
        const model = new Map<string, Parameters<typeof take>[1]>()
        let t = NOW
        for (const [key, step] of steps) {
          t += step
          const expected = take(p, model.get(key), t)
          model.set(key, expected.bucket)
          if (limiter.take(key, t).admitted !== expected.admitted) return false
          if (limiter.size() > 4) return false
        }
        return true
      })
    )
  })

  it("memory stays bounded: idle buckets are swept, and past maxEntries the least recent goes", () => {
    const p = policy(60)
    const limiter = makeLimiter(p, { maxEntries: 50, sweepEveryMs: 1_000 })
    for (let i = 0; i < 500; i++) limiter.take(`key-${i}`, NOW)
    expect(limiter.size()).toBe(50)
    // Each bucket refills within a second; the next call after that sweeps them all.
    limiter.take("late", NOW + 2_000)
    expect(limiter.size()).toBe(1)
  })
})

describe("API_RATE_LIMIT_PER_MINUTE", () => {
  const load = (env: Record<string, string>) =>
    Effect.runPromise(
      Effect.result(loadConfig).pipe(Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnvRecord(env))))
    )

  it("defaults to 600; 0 is allowed (off)", async () => {
    const byDefault = await load({})
    const off = await load({ API_RATE_LIMIT_PER_MINUTE: "0" })
    expect(byDefault._tag === "Success" && byDefault.success.rateLimits.apiPerMinute).toBe(600)
    expect(off._tag === "Success" && off.success.rateLimits.apiPerMinute).toBe(0)
  })

  it.each(["-1", "abc", "1.5"])("%s fails with one line naming the variable", async (value) => {
    const r = await load({ API_RATE_LIMIT_PER_MINUTE: value })
    expect(r._tag).toBe("Failure")
    if (r._tag === "Failure") {
      expect(r.failure.variable).toBe("API_RATE_LIMIT_PER_MINUTE")
      expect(r.failure.message).toContain("API_RATE_LIMIT_PER_MINUTE")
      expect(r.failure.message).not.toContain("\n")
    }
  })
})

describe("admin API rate limits (429)", () => {
  let h: Awaited<ReturnType<typeof makeHarness>>
  beforeAll(async () => {
    h = await makeHarness()
  })
  afterAll(() => h.dispose())

  const appWith = (options: { apiRateLimitPerMinute?: number; failedAuthPerMinute?: number } = {}) => {
    const clock = { now: NOW }
    const app = makeApp(h.runtime, { adminToken: Redacted.make(ADMIN), now: () => clock.now, ...options })
    const call = async (
      key: string | undefined,
      method: string,
      path: string,
      options: { ip?: string; body?: unknown } = {}
    ) => {
      const response = await app.request(
        `/api/v1${path}`,
        {
          method,
          headers: {
            "content-type": "application/json",
            ...(key === undefined ? {} : { authorization: `Bearer ${key}` })
          },
          ...(method === "POST" ? { body: JSON.stringify(options.body ?? { name: "Shop", currency: "USD" }) } : {})
        },
        options.ip === undefined ? undefined : { incoming: { socket: { remoteAddress: options.ip } } }
      )
      const text = await response.text()
      return {
        status: response.status,
        retryAfter: response.headers.get("retry-after"),
        body: (text === "" ? undefined : JSON.parse(text)) as Json
      }
    }
    const createShop = async (): Promise<string> => {
      const r = await call(ADMIN, "POST", "/tenants")
      expect(r.status).toBe(201)
      return r.body.apiKey
    }
    return { clock, call, createShop }
  }

  it("the request past a key's limit gets 429 rate_limited with Retry-After; the clock lets it through again", async () => {
    const { clock, call, createShop } = appWith({ apiRateLimitPerMinute: 3 })
    const key = await createShop()
    for (let i = 0; i < 3; i++) expect((await call(key, "GET", "/products")).status).toBe(200)
    const limited = await call(key, "GET", "/orders")
    expect(limited.status).toBe(429)
    expect(limited.body.error.code).toBe("rate_limited")
    expect(typeof limited.body.error.message).toBe("string")
    // 3 a minute: one request's credit every 20 seconds.
    expect(limited.retryAfter).toBe("20")

    clock.now += 19_000
    expect((await call(key, "GET", "/products")).status).toBe(429)
    expect((await call(key, "GET", "/products")).retryAfter).toBe("1")
    clock.now += 1_000
    expect((await call(key, "GET", "/products")).status).toBe(200)
    expect((await call(key, "GET", "/products")).status).toBe(429)

    clock.now += 60_000
    for (let i = 0; i < 3; i++) expect((await call(key, "GET", "/shop")).status).toBe(200)
    expect((await call(key, "GET", "/shop")).status).toBe(429)
  })

  it("another tenant's key, and another key of the same tenant, keep their own budget", async () => {
    const { call, createShop } = appWith({ apiRateLimitPerMinute: 2 })
    const a = await createShop()
    const b = await createShop()
    const second = await call(a, "POST", "/keys", { body: { role: "staff" } })
    expect(second.status).toBe(201)
    expect((await call(a, "GET", "/products")).status).toBe(200)
    expect((await call(a, "GET", "/products")).status).toBe(429)
    expect((await call(second.body.apiKey, "GET", "/products")).status).toBe(200)
    expect((await call(b, "GET", "/products")).status).toBe(200)
    expect((await call(b, "GET", "/products")).status).toBe(200)
    expect((await call(b, "GET", "/products")).status).toBe(429)
  })

  it("unauthenticated requests (401) are not counted against any key", async () => {
    const { call, createShop } = appWith({ apiRateLimitPerMinute: 2 })
    const key = await createShop()
    for (let i = 0; i < 10; i++) {
      expect((await call("csk_wrong", "GET", "/products")).status).toBe(401)
      expect((await call(undefined, "GET", "/products")).status).toBe(401)
    }
    expect((await call(key, "GET", "/products")).status).toBe(200)
    expect((await call(key, "GET", "/products")).status).toBe(200)
  })

  it("0 turns the per-key limit off", async () => {
    const { call, createShop } = appWith({ apiRateLimitPerMinute: 0 })
    const key = await createShop()
    for (let i = 0; i < 50; i++) expect((await call(key, "GET", "/shop")).status).toBe(200)
  })

  it("by default a key gets 600 requests a minute", async () => {
    const { call, createShop } = appWith()
    const key = await createShop()
    const statuses = new Set<number>()
    for (let i = 0; i < 600; i++) statuses.add((await call(key, "GET", "/shop")).status)
    expect([...statuses]).toEqual([200])
    expect((await call(key, "GET", "/shop")).status).toBe(429)
  })

  it("rejected credentials from one address hit 429, even for a valid key, until the clock moves", async () => {
    const { clock, call, createShop } = appWith({ failedAuthPerMinute: 5 })
    const key = await createShop()
    const ip = "203.0.113.9"
    for (let i = 0; i < 4; i++) expect((await call(`csk_guess${i}`, "GET", "/orders", { ip })).status).toBe(401)
    expect((await call("not-the-admin-token", "POST", "/tenants", { ip })).status).toBe(401)
    const blocked = await call("csk_guess5", "GET", "/orders", { ip })
    expect(blocked.status).toBe(429)
    expect(blocked.body.error.code).toBe("rate_limited")
    expect(blocked.retryAfter).toBe("12")
    expect((await call(key, "GET", "/orders", { ip })).status).toBe(429)
    // Another address, and requests without credentials, are not affected.
    expect((await call(key, "GET", "/orders", { ip: "198.51.100.7" })).status).toBe(200)
    expect((await call(undefined, "GET", "/orders", { ip })).status).toBe(401)

    clock.now += 12_000
    expect((await call(key, "GET", "/orders", { ip })).status).toBe(200)
    expect((await call("csk_guess6", "GET", "/orders", { ip })).status).toBe(401)
    expect((await call("csk_guess7", "GET", "/orders", { ip })).status).toBe(429)
  })

  it("the OpenAPI document lists 429 with Retry-After on authenticated routes", async () => {
    const { call } = appWith()
    const doc = (await call(undefined, "GET", "/openapi.json")).body
    const listed = doc.paths["/api/v1/products"].get.responses["429"]
    expect(listed.headers["Retry-After"].schema.type).toBe("integer")
    expect(listed.content["application/json"].schema).toBeDefined()
    expect(doc.paths["/health"].get.responses["429"]).toBeUndefined()
  })
})
