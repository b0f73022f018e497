import { assert } from "@effect/vitest"
import { Clock, Effect, Fiber, Option } from "effect"
import * as fc from "fast-check"
import { DistributedLock } from "../../ports/DistributedLock.ts"
import { makeFencedStoreMemory } from "../../ports/Fencing.ts"
import { LONG_TTL, type LockKit } from "./DistributedLockKit.ts"
import { eventually, pass } from "./Timing.ts"

/** The DistributedLock contract's withLock, fencing and mutual-exclusion tests. */
export const withLockContract = (kit: LockKit, numRuns: number) => {
  const { mode, ttl, test, key, isFree, mustAcquire } = kit

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
      const next = yield* kit.acquireOnceLapsed(lock, k, "a second holder")
      yield* store.write(k, next.fencingToken, "second holder")
      const stale = yield* Effect.flip(store.write(k, paused.fencingToken, "first holder, after the pause"))
      assert.deepStrictEqual(
        [stale._tag, stale.token, stale.highest],
        ["StaleFencingToken", paused.fencingToken, next.fencingToken]
      )
      const stored = yield* store.read(k)
      assert.strictEqual(Option.getOrThrow(stored).value, "second holder")
      yield* lock.release(next)
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
      yield* Effect.promise(() => fc.assert(property, { numRuns }))
    }))
}
