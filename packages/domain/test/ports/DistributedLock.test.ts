import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Option, Scope } from "effect"
import { TestClock } from "effect/testing"
import { DistributedLock, FencedStore, fencingCheck, Ports } from "@chatshop/domain"
import { distributedLockContract, property } from "@chatshop/domain/testing"
import * as fc from "fast-check"

distributedLockContract("memory", DistributedLock.layerMemory)

describe("DistributedLock memory", () => {
  const withLock = <A, E>(body: (lock: DistributedLock["Service"]) => Effect.Effect<A, E>) =>
    Effect.gen(function* () {
      return yield* body(yield* DistributedLock)
    }).pipe(Effect.provide(DistributedLock.layerMemory))

  it.effect("lock-ttl-boundary: a lease is valid for exactly its TTL", () =>
    withLock((lock) =>
      Effect.gen(function* () {
        const lease = Option.getOrThrow(yield* lock.tryAcquire("k", 100))
        assert.strictEqual(lease.fencingToken, 1)
        yield* TestClock.adjust(99)
        assert.isTrue(Option.isNone(yield* lock.tryAcquire("k", 100)), "held at ttl - 1")
        yield* TestClock.adjust(1)
        const next = yield* lock.tryAcquire("k", 100)
        assert.strictEqual(Option.getOrThrow(next).fencingToken, 2, "free at exactly ttl")
      })
    )
  )

  it.effect("lock-renew-boundary: renew at ttl - 1 extends from now; at ttl it is lost", () =>
    withLock((lock) =>
      Effect.gen(function* () {
        const lease = Option.getOrThrow(yield* lock.tryAcquire("k", 100))
        yield* TestClock.adjust(99)
        yield* lock.renew(lease, 100)
        yield* TestClock.adjust(99)
        assert.isTrue(Option.isNone(yield* lock.tryAcquire("k", 100)), "renewed until 199")
        yield* TestClock.adjust(1)
        assert.strictEqual((yield* Effect.flip(lock.renew(lease, 100)))._tag, "LockLost")
        assert.isFalse(yield* lock.release(lease), "an expired lease releases nothing")
        assert.isTrue(Exit.hasDies(yield* Effect.exit(lock.renew(lease, 0))))
      })
    )
  )

  it.effect("lock-acquire-default-timeout: acquire waits at most the TTL by default", () =>
    withLock((lock) =>
      Effect.gen(function* () {
        yield* lock.tryAcquire("k", 10_000)
        const waiting = yield* Effect.forkChild(Effect.flip(lock.acquire("k", 300)))
        yield* TestClock.adjust(299)
        assert.isUndefined(waiting.pollUnsafe())
        yield* TestClock.adjust(1)
        const error = yield* Fiber.join(waiting)
        assert.deepStrictEqual([error._tag, error.timeoutMs], ["LockTimeout", 300])
      })
    )
  )

  it.effect("lock-acquire-immediate: acquire with timeoutMs 0 tries exactly once", () =>
    withLock((lock) =>
      Effect.gen(function* () {
        const first = yield* lock.acquire("k", 1_000, { timeoutMs: 0 })
        assert.strictEqual(first.fencingToken, 1)
        const error = yield* Effect.flip(lock.acquire("k", 1_000, { timeoutMs: 0 }))
        assert.strictEqual(error._tag, "LockTimeout")
      })
    )
  )

  it.effect("lock-scoped: acquireScoped releases the lease when the scope closes", () =>
    withLock((lock) =>
      Effect.gen(function* () {
        const scope = yield* Scope.make()
        const lease = yield* lock.acquireScoped("k", 10_000).pipe(Scope.provide(scope))
        assert.isTrue(Option.isNone(yield* lock.tryAcquire("k", 10_000)))
        yield* Scope.close(scope, Exit.void)
        assert.isFalse(yield* lock.release(lease), "already released by the scope")
        assert.isTrue(Option.isSome(yield* lock.tryAcquire("k", 10_000)))
      })
    )
  )

  it.effect("lock-interrupt-waiter: interrupting a waiting acquire leaves no lease behind", () =>
    withLock((lock) =>
      Effect.gen(function* () {
        const held = Option.getOrThrow(yield* lock.tryAcquire("k", 10_000))
        const waiting = yield* Effect.forkChild(lock.withLock("k", 1_000, Effect.void, { timeoutMs: 60_000 }))
        yield* TestClock.adjust(50)
        yield* Fiber.interrupt(waiting)
        assert.isTrue(yield* lock.release(held))
        assert.isTrue(Option.isSome(yield* lock.tryAcquire("k", 10_000)))
      })
    )
  )

  it("lock-renew-period: renewal every third of the TTL, retries a tenth within 5..100 ms", () => {
    assert.deepStrictEqual([1, 2, 3, 50, 300].map(Ports.renewEvery), [1, 1, 1, 16, 100])
    assert.deepStrictEqual([1, 50, 60, 500, 1_000, 5_000].map(Ports.defaultRetryMs), [5, 5, 6, 50, 100, 100])
  })
})

describe("fencing", () => {
  it("fence-check-edges: the first write passes; equal passes; lower is refused", () => {
    assert.isTrue(fencingCheck(undefined, 1))
    assert.isTrue(fencingCheck(3, 3))
    assert.isTrue(fencingCheck(3, 4))
    assert.isFalse(fencingCheck(3, 2))
  })

  property(
    "fence-check: accepts exactly the tokens at least the highest seen",
    [fc.nat(), fc.nat()],
    (h, t) => fencingCheck(h, t) === t >= h
  )

  it.effect("fence-store: keeps the newest holder's write and names the stale token", () =>
    Effect.gen(function* () {
      const store = yield* FencedStore
      assert.isTrue(Option.isNone(yield* store.read("k")))
      yield* store.write("k", 2, "a")
      yield* store.write("k", 2, "b")
      const stale = yield* Effect.flip(store.write("k", 1, "c"))
      assert.deepStrictEqual([stale._tag, stale.key, stale.token, stale.highest], ["StaleFencingToken", "k", 1, 2])
      yield* store.write("other", 1, "independent key")
      assert.deepStrictEqual(Option.getOrThrow(yield* store.read("k")), { fencingToken: 2, value: "b" })
    }).pipe(Effect.provide(FencedStore.layerMemory))
  )
})
