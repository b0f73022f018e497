import { assert, describe } from "@effect/vitest"
import { Clock, Effect, Exit, Fiber, type Layer, Option } from "effect"
import { DistributedLock, type Lease } from "../../ports/DistributedLock.ts"
import { LONG_TTL, makeLockKit } from "./DistributedLockKit.ts"
import { withLockContract } from "./DistributedLockWithLock.ts"
import { type ClockMode, eventually, pass } from "./Timing.ts"

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
    const kit = makeLockKit(mode, ttl, layer)
    const { test, key, isFree, mustAcquire } = kit

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
        const next = yield* kit.acquireOnceLapsed(lock, k, "the lease to lapse")
        assert.isAtLeast((yield* Clock.currentTimeMillis) - start, ttl - 1)
        assert.isFalse(yield* lock.release(old))
        assert.strictEqual((yield* Effect.flip(lock.renew(old, ttl)))._tag, "LockLost")
        assert.isFalse(yield* isFree(lock, k), "the new holder keeps the key")
        assert.isTrue(yield* lock.release(next))
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
    withLockContract(kit, options.numRuns ?? 100)
  })
