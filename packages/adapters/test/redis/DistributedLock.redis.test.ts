import {
  layerClient,
  layerConfig,
  layerUrl,
  lockKeys,
  makeRedisLock,
  ping,
  RedisClient,
  redactUrl
} from "@chatshop/adapters/redis"
import { DistributedLock, type Lease } from "@chatshop/domain"
import { distributedLockContract, freshId } from "@chatshop/domain/testing"
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Option } from "effect"
import * as fc from "fast-check"
import { Redis } from "ioredis"
import { afterAll } from "vitest"
import { describeWith } from "../env.ts"
import { deleteKeys, runPrefix } from "./cleanup.ts"

describe("Redis lock keys", () => {
  it("lease and fence share one cluster slot and the configured prefix", () => {
    assert.deepStrictEqual(lockKeys("app:", "conv:t1:c9"), {
      lease: "app:lock:{conv:t1:c9}",
      fence: "app:lock:{conv:t1:c9}:fence"
    })
  })

  it.live("an unreachable Redis fails the layer at start with one clear message", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        Effect.gen(function* () {
          yield* RedisClient
        }).pipe(Effect.provide(layerClient({ url: "redis://user:pw@127.0.0.1:1" })))
      )
      assert.strictEqual(error._tag, "RedisError")
      assert.match(error.message, /^Redis at redis:\/\/\*\*\*@127\.0\.0\.1:1 is unreachable: /)
    })
  )

  it.effect("layerConfig without REDIS_URL fails naming the variable", () =>
    Effect.gen(function* () {
      const env = ConfigProvider.layer(ConfigProvider.fromEnvRecord({}))
      const exit = yield* Effect.exit(
        Effect.gen(function* () {
          yield* DistributedLock
        }).pipe(Effect.provide(layerConfig.pipe(Layer.provide(env))))
      )
      assert.isTrue(exit._tag === "Failure" && String(exit.cause).includes("REDIS_URL"), String(exit))
    })
  )

  it("redactUrl hides the password in messages", () => {
    assert.strictEqual(redactUrl("redis://user:secret@host:6379/0"), "redis://***@host:6379/0")
    assert.strictEqual(redactUrl("redis://host:6379"), "redis://host:6379")
  })
})

// Real Redis at TEST_REDIS_URL/REDIS_URL (mandatory in CI); a prefix of its own per run. TTLs of 500 ms:
// short enough to expire within a test, long enough that a busy shared CI core does not stall a renewal past them.
describeWith("redis")("on Redis", ({ redis: url }) => {
  const prefix = `${runPrefix("lock")}:`
  afterAll(() => deleteKeys(url, prefix))

  distributedLockContract("Redis", layerUrl({ url, prefix }), { clock: "live", ttlMs: 500, numRuns: 50 })

  describe("Redis lock storage", () => {
    it.live("layerConfig reads REDIS_URL and REDIS_KEY_PREFIX; ping answers", () =>
      Effect.gen(function* () {
        const lock = yield* DistributedLock
        const lease = Option.getOrThrow(yield* lock.tryAcquire("configured", 5_000))
        const client = yield* RedisClient
        assert.isTrue(yield* ping(client))
        assert.strictEqual(yield* Effect.promise(() => client.get(lockKeys(prefix, "configured").lease)), lease.token)
        assert.isTrue(yield* lock.release(lease))
      }).pipe(
        Effect.provide(
          layerConfig.pipe(
            Layer.provide(
              ConfigProvider.layer(ConfigProvider.fromEnvRecord({ REDIS_URL: url, REDIS_KEY_PREFIX: prefix }))
            )
          )
        )
      )
    )

    it.live("a lease is a key with the token and a PX expiry; the fence counter persists", () =>
      Effect.gen(function* () {
        const redis = new Redis(url)
        const lock = makeRedisLock(redis, { prefix })
        const keys = lockKeys(prefix, "inspect")
        const lease = Option.getOrThrow(yield* lock.tryAcquire("inspect", 5_000))
        assert.strictEqual(yield* Effect.promise(() => redis.get(keys.lease)), lease.token)
        const ttl = yield* Effect.promise(() => redis.pttl(keys.lease))
        assert.isTrue(ttl > 4_000 && ttl <= 5_000, `pttl ${ttl}`)
        assert.isTrue(yield* lock.release(lease))
        assert.strictEqual(yield* Effect.promise(() => redis.exists(keys.lease)), 0)
        assert.strictEqual(yield* Effect.promise(() => redis.get(keys.fence)), String(lease.fencingToken))
        assert.strictEqual(yield* Effect.promise(() => redis.pttl(keys.fence)), -1, "the fence never expires")
        yield* Effect.promise(() => redis.quit())
      })
    )
  })
})

// Model-based: the Redis lock answers every command exactly as the in-memory lock (the model) does,
// fencing tokens included. TTLs are long, so only the commands decide who holds what.
interface Pair {
  readonly real: Lease
  readonly model: Lease
}
interface World {
  readonly held: Map<number, Pair>
  readonly past: Array<Pair>
}
interface Locks {
  readonly real: DistributedLock["Service"]
  readonly model: DistributedLock["Service"]
  readonly key: (k: number) => string
}
const TTL = 60_000
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)

class TryAcquire implements fc.AsyncCommand<World, Locks> {
  readonly k: number
  constructor(k: number) {
    this.k = k
  }
  check = () => true
  async run(w: World, l: Locks) {
    const real = await run(l.real.tryAcquire(l.key(this.k), TTL))
    const model = await run(l.model.tryAcquire(l.key(this.k), TTL))
    assert.strictEqual(Option.isSome(real), Option.isSome(model))
    if (Option.isSome(real) && Option.isSome(model)) {
      assert.strictEqual(real.value.fencingToken, model.value.fencingToken)
      w.held.set(this.k, { real: real.value, model: model.value })
    }
  }
  toString = () => `tryAcquire(${this.k})`
}

/** A command on a lease the model and the server hold: the current one of key `k`, or a stale one. */
abstract class OnLease {
  readonly k: number
  readonly stale: boolean
  constructor(k: number, stale: boolean) {
    this.k = k
    this.stale = stale
  }
  check = (w: Readonly<World>) => (this.stale ? w.past.length > 0 : w.held.has(this.k))
  protected pair = (w: World) => (this.stale ? w.past[this.k % w.past.length]! : w.held.get(this.k)!)
}

class Release extends OnLease implements fc.AsyncCommand<World, Locks> {
  async run(w: World, l: Locks) {
    const pair = this.pair(w)
    const real = await run(l.real.release(pair.real))
    assert.strictEqual(real, await run(l.model.release(pair.model)))
    assert.strictEqual(real, !this.stale, "only the current holder releases")
    if (!this.stale) {
      w.held.delete(this.k)
      w.past.push(pair)
    }
  }
  override toString = () => `release(${this.k}${this.stale ? ", stale" : ""})`
}

class Renew extends OnLease implements fc.AsyncCommand<World, Locks> {
  async run(w: World, l: Locks) {
    const pair = this.pair(w)
    const real = await run(Effect.result(l.real.renew(pair.real, TTL)))
    const model = await run(Effect.result(l.model.renew(pair.model, TTL)))
    assert.strictEqual(real._tag, model._tag)
    assert.strictEqual(real._tag, this.stale ? "Failure" : "Success")
  }
  override toString = () => `renew(${this.k}${this.stale ? ", stale" : ""})`
}

describeWith("redis")("lock-model on Redis", ({ redis: url }) => {
  const prefix = `${runPrefix("lock-model")}:`
  const redis = new Redis(url, { lazyConnect: true })
  afterAll(async () => {
    await redis.quit()
    await deleteKeys(url, prefix)
  })

  it("lock-model: Redis agrees with the in-memory lock on every command", async () => {
    const k = fc.integer({ min: 0, max: 2 })
    const commands = fc.commands(
      [
        k.map((n) => new TryAcquire(n)),
        fc.tuple(k, fc.boolean()).map(([n, stale]) => new Release(n, stale)),
        fc.tuple(k, fc.boolean()).map(([n, stale]) => new Renew(n, stale))
      ],
      { maxCommands: 30 }
    )
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const ns = freshId("m")
        const model = await run(
          Effect.gen(function* () {
            return yield* DistributedLock
          }).pipe(Effect.provide(DistributedLock.layerMemory))
        )
        const locks: Locks = { real: makeRedisLock(redis, { prefix }), model, key: (n) => `${ns}-${n}` }
        await fc.asyncModelRun(() => ({ model: { held: new Map(), past: [] }, real: locks }), cmds)
      }),
      { numRuns: 100 }
    )
  })
})
