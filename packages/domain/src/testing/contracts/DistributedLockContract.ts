import { assert, describe } from "@effect/vitest"
import { Clock, Effect, Exit, Fiber, type Layer, Option } from "effect"
import * as fc from "fast-check"
import { DistributedLock, type Lease } from "../../ports/DistributedLock.ts"
import { makeFencedStoreMemory } from "../../ports/Fencing.ts"
import { freshId } from "../Fresh.ts"
import { type ClockMode, effectTest, eventually, pass } from "./Timing.ts"

export interface DistributedLockContractOptions {
  /** "test" for implementations timed by Effect's Clock (memory), "live" for real servers. */
  readonly clock?: ClockMode
  /**
   * The short TTL used by the expiry and renewal tests; default 50 ms. Against a real server, pick
   * one well above the longest event-loop stall of a busy CI machine (renewals run every third).
   */
  readonly ttlMs?: number
  /** fast-check runs of the interleaving property; default 100. */
  readonly numRuns?: number
}

// Long enough that no lease lapses within a test, so exclusion is checked without timing noise.
const LONG_TTL = 10_000

/**
 * The DistributedLock contract (SPEC §4, §9.5): mutual exclusion, expiry, compare-and-delete
 * release, renewal, waiting with a timeout, and fencing of a holder paused past its TTL.
 */
export const distributedLockContract = (
  name: string,
  layer: Layer.Layer<DistributedLock, unknown>,
  options: DistributedLockContractOptions = {}
) =>
  describe(`DistributedLock contract: ${name}`, () => {
    const mode = options.clock ?? "test"
    const ttl = options.ttlMs ?? 50
    const test = (title: string, body: () => Effect.Effect<void, unknown, DistributedLock>) =>
      effectTest(mode)(title, () => body().pipe(Effect.provide(layer)))
    const key = () => freshId("lock")
    const isFree = (lock: DistributedLock["Service"], k: string) =>
      Effect.flatMap(lock.tryAcquire(k, LONG_TTL), (o) =>
        Option.isSome(o) ? Effect.as(lock.release(o.value), true) : Effect.succeed(false)
      )
    const mustAcquire = (lock: DistributedLock["Service"], k: string, ttlMs: number) =>
      Effect.flatMap(lock.tryAcquire(k, ttlMs), (o) =>
        Option.isSome(o) ? Effect.succeed(o.value) : Effect.die(new Error(`expected to acquire ${k}`))
      )

    test("a lease excludes other acquirers until released; fencing tokens grow", () =>
      Effect.gen(function* () {
        const lock = yield* DistributedLock
        const k = key()
        const first = yield* mustAcquire(lock, k, LONG_TTL)
        assert.deepStrictEqual([first.key, first.ttlMs], [k, LONG_TTL])
        assert.isTrue(first.token.length > 0)
        assert.isTrue(Option.isNone(yield* lock.tryAcquire(k, LONG_TTL)))
        assert.isTrue(yield* lock.release(first))
        assert.isFalse(yield* lock.release(first), "a second release finds nothing to release")
        const tokens = [first.fencingToken]
        for (let i = 0; i < 4; i++) {
          const lease = yield* mustAcquire(lock, k, LONG_TTL)
          assert.notStrictEqual(lease.token, first.token)
          tokens.push(lease.fencingToken)
          yield* lock.release(lease)
        }
        for (let i = 1; i < tokens.length; i++) assert.isTrue(tokens[i]! > tokens[i - 1]!, `tokens ${tokens}`)
      }))

    test("keys are independent", () =>
      Effect.gen(function* () {
        const lock = yield* DistributedLock
        const a = yield* mustAcquire(lock, key(), LONG_TTL)
        const b = yield* mustAcquire(lock, key(), LONG_TTL)
        assert.isTrue(yield* lock.release(a))
        assert.isTrue(yield* lock.release(b))
      }))

    test("release by a non-holder does nothing", () =>
      Effect.gen(function* () {
        const lock = yield* DistributedLock
        const k = key()
        const lease = yield* mustAcquire(lock, k, LONG_TTL)
        const forged: Lease = { ...lease, token: `${lease.token}-forged` }
        assert.isFalse(yield* lock.release(forged))
        assert.isFalse(yield* isFree(lock, k))
        assert.isTrue(yield* lock.release(lease))
        assert.isTrue(yield* isFree(lock, k))
      }))

    test("a lease expires after its TTL, and the old holder can then neither release nor renew", () =>
      Effect.gen(function* () {
        const lock = yield* DistributedLock
        const k = key()
        const start = yield* Clock.currentTimeMillis
        const old = yield* mustAcquire(lock, k, ttl)
        assert.isTrue(Option.isNone(yield* lock.tryAcquire(k, LONG_TTL)))
        let next: Lease | undefined
        yield* eventually(
          mode,
          "the lease to lapse",
          Effect.map(lock.tryAcquire(k, LONG_TTL), (o) => {
            if (Option.isSome(o)) next = o.value
            return Option.isSome(o)
          })
        )
        assert.isAtLeast((yield* Clock.currentTimeMillis) - start, ttl - 1)
        assert.isFalse(yield* lock.release(old))
        assert.strictEqual((yield* Effect.flip(lock.renew(old, ttl)))._tag, "LockLost")
        assert.isFalse(yield* isFree(lock, k), "the new holder keeps the key")
        assert.isTrue(yield* lock.release(next!))
      }))

    test("renew extends a held lease; renewing a released lease fails with LockLost", () =>
      Effect.gen(function* () {
        const lock = yield* DistributedLock
        const k = key()
        const lease = yield* mustAcquire(lock, k, ttl)
        for (let i = 0; i < 4; i++) {
          yield* pass(mode, Math.ceil(ttl / 4))
          yield* lock.renew(lease, ttl)
        }
        assert.isFalse(yield* isFree(lock, k), "held past its first TTL thanks to renewals")
        yield* lock.renew(lease, LONG_TTL)
        yield* pass(mode, ttl * 2)
        assert.isFalse(yield* isFree(lock, k), "renew sets the new TTL")
        assert.isTrue(yield* lock.release(lease))
        const lost = yield* Effect.flip(lock.renew(lease, ttl))
        assert.deepStrictEqual([lost._tag, lost.key, lost.token], ["LockLost", k, lease.token])
      }))

    test("a TTL that is not a positive integer is a defect", () =>
      Effect.gen(function* () {
        const lock = yield* DistributedLock
        for (const bad of [0, -5, 1.5]) {
          assert.isTrue(Exit.hasDies(yield* Effect.exit(lock.tryAcquire(key(), bad))), `ttl ${bad}`)
        }
      }))

    test("acquire waits for the holder's release, and times out with LockTimeout", () =>
      Effect.gen(function* () {
        const lock = yield* DistributedLock
        const k = key()
        const held = yield* mustAcquire(lock, k, LONG_TTL)
        const waiter = yield* Effect.forkChild(lock.acquire(k, LONG_TTL, { timeoutMs: 5_000, retryMs: 5 }))
        yield* pass(mode, 20)
        yield* lock.release(held)
        yield* eventually(
          mode,
          "the waiter to get the lease",
          Effect.sync(() => waiter.pollUnsafe() !== undefined)
        )
        const lease = yield* Fiber.join(waiter)
        assert.isTrue(lease.fencingToken > held.fencingToken)
        const timedOut = yield* Effect.forkChild(Effect.flip(lock.acquire(k, LONG_TTL, { timeoutMs: 40 })))
        yield* eventually(
          mode,
          "the acquire to time out",
          Effect.sync(() => timedOut.pollUnsafe() !== undefined)
        )
        const error = yield* Fiber.join(timedOut)
        assert.deepStrictEqual([error._tag, error.key, error.timeoutMs], ["LockTimeout", k, 40])
        yield* lock.release(lease)
      }))

    test("withLock holds the key while the body runs, renewing it past the TTL, then releases it", () =>
      Effect.gen(function* () {
        const lock = yield* DistributedLock
        const k = key()
        const result = yield* lock.withLock(k, ttl, (lease) =>
          Effect.gen(function* () {
            yield* pass(mode, ttl * 2)
            assert.isFalse(yield* isFree(lock, k), "still held after two TTLs")
            return lease.fencingToken
          })
        )
        assert.isTrue(result > 0)
        assert.isTrue(yield* isFree(lock, k))
        const plain = yield* lock.withLock(k, ttl, Effect.succeed("body as a plain effect"))
        assert.strictEqual(plain, "body as a plain effect")
      }))

    test("withLock releases the key when the body fails, and times out when the key stays held", () =>
      Effect.gen(function* () {
        const lock = yield* DistributedLock
        const k = key()
        const failed = yield* Effect.flip(lock.withLock(k, ttl, Effect.fail("boom" as const)))
        assert.strictEqual(failed, "boom")
        assert.isTrue(yield* isFree(lock, k))
        const held = yield* mustAcquire(lock, k, LONG_TTL)
        const waiting = yield* Effect.forkChild(Effect.flip(lock.withLock(k, ttl, Effect.void, { timeoutMs: 30 })))
        yield* eventually(
          mode,
          "withLock to time out",
          Effect.sync(() => waiting.pollUnsafe() !== undefined)
        )
        assert.strictEqual((yield* Fiber.join(waiting))._tag, "LockTimeout")
        yield* lock.release(held)
      }))

    test("withLock interrupts the body and fails with LockLost when the lease is lost", () =>
      Effect.gen(function* () {
        const lock = yield* DistributedLock
        const k = key()
        let finished = false
        const outcome = yield* Effect.flip(
          lock.withLock(k, ttl, (lease) =>
            Effect.gen(function* () {
              yield* lock.release(lease) // as if the lease lapsed while the process was stalled
              yield* pass(mode, ttl * 4)
              finished = true
            })
          )
        )
        assert.strictEqual(outcome._tag, "LockLost")
        assert.isFalse(finished)
      }))

    test("a holder paused past its TTL has its write rejected by the fencing check", () =>
      Effect.gen(function* () {
        const lock = yield* DistributedLock
        const store = makeFencedStoreMemory()
        const k = key()
        const paused = yield* mustAcquire(lock, k, ttl)
        yield* store.write(k, paused.fencingToken, "first holder, before the pause")
        let next: Lease | undefined
        yield* eventually(
          mode,
          "a second holder",
          Effect.map(lock.tryAcquire(k, LONG_TTL), (o) => {
            if (Option.isSome(o)) next = o.value
            return Option.isSome(o)
          })
        )
        yield* store.write(k, next!.fencingToken, "second holder")
        const stale = yield* Effect.flip(store.write(k, paused.fencingToken, "first holder, after the pause"))
        assert.deepStrictEqual(
          [stale._tag, stale.token, stale.highest],
          ["StaleFencingToken", paused.fencingToken, next!.fencingToken]
        )
        const stored = yield* store.read(k)
        assert.strictEqual(Option.getOrThrow(stored).value, "second holder")
        yield* lock.release(next!)
      }))

    test("mutual exclusion: concurrent withLock bodies with short TTLs never overlap", () =>
      Effect.gen(function* () {
        const lock = yield* DistributedLock
        const k = key()
        let inside = 0
        let most = 0
        const order: Array<number> = []
        const body = (i: number) =>
          Effect.gen(function* () {
            inside += 1
            most = Math.max(most, inside)
            yield* Effect.sleep(Math.ceil(ttl * 1.5)) // under TestClock, the eventually() below moves time
            order.push(i)
            inside -= 1
          })
        const all = Array.from({ length: 5 }, (_, i) => lock.withLock(k, ttl, body(i), { timeoutMs: 60_000 }))
        const fiber = yield* Effect.forkChild(Effect.all(all, { concurrency: "unbounded" }))
        yield* eventually(
          mode,
          "every body to run",
          Effect.sync(() => order.length === 5)
        )
        yield* Fiber.join(fiber)
        assert.strictEqual(most, 1)
        assert.strictEqual(order.length, 5)
      }))

    test("mutual exclusion: interleaved acquirers (fc.scheduler) never both hold a valid lease", () =>
      Effect.gen(function* () {
        const lock = yield* DistributedLock
        const run = Effect.runPromiseWith(yield* Effect.context<never>())
        const property = fc.asyncProperty(fc.scheduler(), fc.integer({ min: 2, max: 6 }), async (s, n) => {
          const k = key()
          // Conservative under real time: a holder counts until it starts releasing, and only while
          // its lease (from the moment it asked) cannot have lapsed.
          const holders = new Map<number, number>()
          const violations: Array<string> = []
          const acquirer = async (i: number) => {
            for (let attempt = 0; attempt < 4; attempt++) {
              await s.schedule(Promise.resolve(), `try ${i}`)
              const askedAt = await run(Clock.currentTimeMillis)
              const lease = await run(lock.tryAcquire(k, LONG_TTL))
              if (Option.isNone(lease)) continue
              const gotAt = await run(Clock.currentTimeMillis)
              for (const [j, since] of holders) if (gotAt < since + LONG_TTL) violations.push(`${i} while ${j}`)
              holders.set(i, askedAt)
              await s.schedule(Promise.resolve(), `work ${i}`)
              holders.delete(i)
              await run(lock.release(lease.value))
              return
            }
          }
          await s.waitFor(Promise.all(Array.from({ length: n }, (_, i) => acquirer(i))))
          assert.deepStrictEqual(violations, [])
        })
        yield* Effect.promise(() => fc.assert(property, { numRuns: options.numRuns ?? 100 }))
      }))
  })
