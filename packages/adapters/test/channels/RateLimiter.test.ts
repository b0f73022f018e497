import {
  admit,
  admitWaitMs,
  defaultRetryPolicy,
  makeRateLimiter,
  sendPace,
  parseRetryAfter,
  retryDelay,
  take,
  windowOf
} from "@chatshop/adapters/channels"
import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import fc from "fast-check"

const perUser = { capacity: 1, refillEveryMs: 6_000 }

describe("token bucket", () => {
  it("a fresh bucket sends at once; the next send waits one refill; waiters queue up", () => {
    const a = take(undefined, perUser, 0)
    assert.strictEqual(a.waitMs, 0)
    const b = take(a.bucket, perUser, 0)
    assert.strictEqual(b.waitMs, 6_000)
    const c = take(b.bucket, perUser, 0)
    assert.strictEqual(c.waitMs, 12_000)
    assert.strictEqual(take(a.bucket, perUser, 3_000).waitMs, 3_000)
    assert.strictEqual(take(a.bucket, perUser, 6_000).waitMs, 0)
  })

  it("at epoch-millisecond times, fractional refills lose nothing to float rounding", () => {
    const now = Date.UTC(2026, 11, 4, 12, 0, 0)
    for (const rate of [
      { capacity: 8, refillEveryMs: 60_000 / 828 },
      { capacity: 20, refillEveryMs: 1_000 / 76 },
      { capacity: 3, refillEveryMs: 60_000 / 9 }
    ]) {
      let bucket: { readonly tat: number } | undefined
      for (let i = 0; i < rate.capacity; i++) {
        const r = take(bucket, rate, now)
        assert.strictEqual(r.waitMs, 0, `burst send ${i + 1} of ${rate.capacity} every ${rate.refillEveryMs} ms`)
        bucket = r.bucket
      }
      assert.strictEqual(take(bucket, rate, now).waitMs, Math.ceil(rate.refillEveryMs))
    }
  })

  it("capacity allows a burst, and an idle bucket never holds more than its capacity", () => {
    const rate = { capacity: 3, refillEveryMs: 1_000 }
    let bucket = take(undefined, rate, 0).bucket
    assert.strictEqual(take(bucket, rate, 0).waitMs, 0)
    bucket = take(bucket, rate, 0).bucket
    bucket = take(bucket, rate, 0).bucket
    assert.strictEqual(take(bucket, rate, 0).waitMs, 1_000)
    // After an hour idle: still only 3 at once.
    let idle = take(bucket, rate, 3_600_000).bucket
    idle = take(idle, rate, 3_600_000).bucket
    idle = take(idle, rate, 3_600_000).bucket
    assert.strictEqual(take(idle, rate, 3_600_000).waitMs, 1_000)
  })

  it("rate-never-exceeded: any schedule of sends granted by the bucket stays within capacity + elapsed/refill", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 2_000 }),
        fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 60 }),
        (capacity, refillEveryMs, gaps) => {
          const rate = { capacity, refillEveryMs }
          let bucket: ReturnType<typeof take>["bucket"] | undefined
          let now = 0
          const granted: Array<number> = []
          for (const gap of gaps) {
            now += gap
            const r = take(bucket, rate, now)
            bucket = r.bucket
            granted.push(now + r.waitMs)
          }
          granted.sort((x, y) => x - y)
          for (let i = 0; i < granted.length; i++) {
            for (let j = i; j < granted.length; j++) {
              const window = (granted[j] as number) - (granted[i] as number)
              assert.isAtMost(j - i + 1, capacity + Math.floor(window / refillEveryMs))
            }
          }
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe("send-time window", () => {
  it("the window a rate implies is what the bucket allows over it", () => {
    assert.deepStrictEqual(windowOf({ capacity: 1, refillEveryMs: 1_000 / 78 }), { windowMs: 1_000, limit: 78 })
    assert.deepStrictEqual(windowOf({ capacity: 1, refillEveryMs: 6_100 }), { windowMs: 6_100, limit: 1 })
    assert.deepStrictEqual(windowOf({ capacity: 3, refillEveryMs: 100 }), { windowMs: 1_000, limit: 12 })
  })

  it("a send waits until the oldest of the last `limit` sends leaves the window", () => {
    const window = { windowMs: 1_000, limit: 2 }
    assert.strictEqual(admitWaitMs([], window, 0), 0)
    assert.strictEqual(admitWaitMs([0], window, 0), 0)
    assert.strictEqual(admitWaitMs([0, 10], window, 500), 500)
    assert.strictEqual(admitWaitMs([0, 10], window, 1_000), 0)
    assert.strictEqual(admitWaitMs([0, 10, 20], window, 1_005), 5)
  })

  it("stall-proof: waiters waking late and together never put more than `limit` sends in any window", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 10, max: 2_000 }),
        fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 80 }),
        (limit, windowMs, wakes) => {
          const window = { windowMs, limit }
          // Each waiter wakes at its (arbitrary, bunched) time, checks, and re-sleeps as told.
          const pending = [...wakes].sort((a, b) => a - b)
          const sent: Array<number> = []
          while (pending.length > 0) {
            const now = pending.shift() as number
            const wait = admitWaitMs(sent.slice(-limit), window, now)
            if (wait === 0) sent.push(now)
            else {
              pending.push(now + wait)
              pending.sort((a, b) => a - b)
            }
          }
          assert.strictEqual(sent.length, wakes.length)
          for (let i = limit; i < sent.length; i++) {
            assert.isAtLeast((sent[i] as number) - (sent[i - limit] as number), windowMs)
          }
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe("send pace", () => {
  it("stall-proof pacing: waiters waking late and together leave one refill apart (at most two at once), within the window", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 200 }),
        fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 120 }),
        (refillEveryMs, wakes) => {
          const rate = { capacity: 1, refillEveryMs }
          const window = windowOf(rate)
          const log = { sendTat: 0, sent: [] as Array<number> }
          const sent: Array<number> = []
          const pending = [...wakes].sort((a, b) => a - b)
          while (pending.length > 0) {
            const now = pending.shift() as number
            const wait = admit(log, window, sendPace(rate), now)
            if (wait === 0) sent.push(now)
            else {
              pending.push(now + wait)
              pending.sort((a, b) => a - b)
            }
          }
          assert.strictEqual(sent.length, wakes.length)
          for (let i = 2; i < sent.length; i++) {
            assert.isAtLeast((sent[i] as number) - (sent[i - 2] as number), refillEveryMs, "three sends span a refill")
          }
          for (let i = window.limit; i < sent.length; i++) {
            assert.isAtLeast((sent[i] as number) - (sent[i - window.limit] as number), window.windowMs)
          }
        }
      ),
      { numRuns: 300 }
    )
  })

  it("a paced stream loses no rate to timers firing up to one refill late", () => {
    // Wakes at each slot plus a lateness below one refill: every one is admitted on its first check.
    const rate = { capacity: 1, refillEveryMs: 1_000 / 76 }
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 0.9, noNaN: true }), { minLength: 76, maxLength: 76 }), (late) => {
        const log = { sendTat: 0, sent: [] as Array<number> }
        for (const [i, l] of late.entries()) {
          // The clock reads whole milliseconds: the wake is at the first one not before its time.
          const now = Math.ceil(i * rate.refillEveryMs + l * rate.refillEveryMs)
          assert.strictEqual(admit(log, windowOf(rate), sendPace(rate), now), 0, `send ${i} at ${now}`)
        }
      })
    )
  })
})

describe("RateLimiter on Effect's Clock", () => {
  it.effect("three sends to one customer go out at 0, 6 s and 12 s; another customer is not held back", () =>
    Effect.gen(function* () {
      const limiter = makeRateLimiter(perUser)
      const times: Array<[string, number]> = []
      const sendTo = (key: string) =>
        Effect.flatMap(limiter.acquire(key), () =>
          Effect.map(Clock.currentTimeMillis, (t) => void times.push([key, t]))
        )
      const fibers = yield* Effect.forEach(["a", "a", "a", "b"], (k) => Effect.forkChild(sendTo(k)))
      yield* TestClock.adjust(12_000)
      yield* Effect.forEach(fibers, Fiber.join)
      assert.deepStrictEqual(times, [
        ["a", 0],
        ["b", 0],
        ["a", 6_000],
        ["a", 12_000]
      ])
    })
  )

  it.effect("pruning idle keys keeps the limits of busy ones", () =>
    Effect.gen(function* () {
      const limiter = makeRateLimiter(perUser, { maxKeys: 2 })
      yield* limiter.acquire("a")
      yield* limiter.acquire("b")
      yield* TestClock.adjust(6_000)
      yield* limiter.acquire("c") // prunes a and b, both full again
      const fiber = yield* Effect.forkChild(limiter.acquire("c"))
      yield* TestClock.adjust(5_999)
      assert.isUndefined(fiber.pollUnsafe())
      yield* TestClock.adjust(1)
      yield* Fiber.join(fiber)
      yield* limiter.acquire("a")
    })
  )
})

describe("retry policy", () => {
  const policy = { ...defaultRetryPolicy, maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 }

  it("exponential with equal jitter, capped, and never shorter than Retry-After", () => {
    assert.strictEqual(retryDelay(policy, 1, undefined, 0), 50)
    assert.strictEqual(retryDelay(policy, 1, undefined, 0.999999), 100)
    assert.strictEqual(retryDelay(policy, 3, undefined, 0), 200)
    assert.strictEqual(retryDelay(policy, 3, undefined, 0.5), 300)
    assert.strictEqual(retryDelay(policy, 4, undefined, 0.999999), 800)
    assert.strictEqual(retryDelay({ ...policy, maxAttempts: 10 }, 8, undefined, 0.999999), 1_000)
    assert.strictEqual(retryDelay(policy, 1, 2_000, 0.3), 2_000)
    assert.strictEqual(retryDelay(policy, 1, 5_000, 0.3), 5_000)
  })

  it("gives up after maxAttempts, or when asked to wait longer than maxRetryAfterMs", () => {
    assert.isDefined(retryDelay(policy, 4, undefined, 0))
    assert.isUndefined(retryDelay(policy, 5, undefined, 0))
    assert.isUndefined(retryDelay(policy, 1, 5_001, 0))
  })

  it("retry-jitter: every delay lies in [half, full] of the capped exponential", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: 0, max: 0.9999, noNaN: true }),
        (attempt, random) => {
          const delay = retryDelay(policy, attempt, undefined, random) as number
          const full = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
          assert.isAtLeast(delay, Math.floor(full / 2))
          assert.isAtMost(delay, full)
        }
      )
    )
  })

  it("Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z")
    assert.strictEqual(parseRetryAfter("3", now), 3_000)
    assert.strictEqual(parseRetryAfter(" 1.5 ", now), 1_500)
    assert.strictEqual(parseRetryAfter("Thu, 01 Jan 2026 00:00:07 GMT", now), 7_000)
    assert.strictEqual(parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now), 0)
    assert.isUndefined(parseRetryAfter("soon", now))
    assert.isUndefined(parseRetryAfter(null, now))
    assert.isUndefined(parseRetryAfter(undefined, now))
  })
})
