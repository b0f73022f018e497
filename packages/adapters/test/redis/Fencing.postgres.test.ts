import { Db, layer } from "@chatshop/adapters/postgres"
import { makeRedisLock } from "@chatshop/adapters/redis"
import { type Lease, StaleFencingToken } from "@chatshop/domain"
import { freshId, freshTenant } from "@chatshop/domain/testing"
import { assert, it } from "@effect/vitest"
import { Clock, Effect, Option } from "effect"
import { Redis } from "ioredis"
import { afterAll } from "vitest"
import { databaseUrl, describeWith, redisUrl } from "../env.ts"
import { committedTokens, guardedWrite } from "../postgres/FencingSuite.ts"
import { deleteKeys, runPrefix } from "./cleanup.ts"

const pgUrl = databaseUrl()
const url = redisUrl()

// The real Redis lock guarding writes on real PostgreSQL (issue 3, acceptance 5): the lock's
// fencing token, checked by `fencedWrite` in the write's own transaction, is what stops a holder
// that was paused past its TTL. TTLs are short (300 ms) so leases really lapse during the test.
describeWith("database", "redis")("Redis lock + PostgreSQL fencing", () => {
  const prefix = `${runPrefix("fence")}:`
  const redis = new Redis(url ?? "", { lazyConnect: true })
  afterAll(async () => {
    await redis.quit()
    if (url !== undefined) await deleteKeys(url, prefix)
  })
  const db = layer({ url: pgUrl ?? "", poolSize: 4, migrate: true })
  const lock = makeRedisLock(redis, { prefix })
  const TTL = 300

  it.live("a holder paused past its TTL has its write rejected; the new holder's write lands", () =>
    Effect.gen(function* () {
      const { kysely } = yield* Db
      const tenant = freshTenant()
      const key = freshId("conv")
      const askedAt = yield* Clock.currentTimeMillis
      const paused = Option.getOrThrow(yield* lock.tryAcquire(key, TTL))
      yield* guardedWrite(kysely, tenant, key, paused.fencingToken) // before the pause

      // The first holder stalls (GC, network); its lease lapses and another process takes the key.
      const next = yield* lock.acquire(key, 10_000, { timeoutMs: 5_000, retryMs: 10 })
      const waited = (yield* Clock.currentTimeMillis) - askedAt
      assert.isAtLeast(waited, TTL - 2, "the key was free only once the first lease lapsed")
      assert.isAbove(next.fencingToken, paused.fencingToken)
      yield* guardedWrite(kysely, tenant, key, next.fencingToken)

      // The first holder wakes up still believing it holds the lock, and writes: refused, rolled back.
      const refused = yield* Effect.flip(guardedWrite(kysely, tenant, key, paused.fencingToken))
      assert.instanceOf(refused, StaleFencingToken)
      assert.deepStrictEqual(refused instanceof StaleFencingToken ? [refused.token, refused.highest] : [], [
        paused.fencingToken,
        next.fencingToken
      ])
      assert.deepStrictEqual(yield* committedTokens(kysely, tenant, key), [paused.fencingToken, next.fencingToken])
      assert.strictEqual((yield* Effect.flip(lock.renew(paused, TTL)))._tag, "LockLost")
      assert.isTrue(yield* lock.release(next))
    }).pipe(Effect.provide(db))
  )

  it.live("many contenders with short TTLs: accepted writes carry strictly increasing tokens", () =>
    Effect.gen(function* () {
      const { kysely } = yield* Db
      const tenant = freshTenant()
      const key = freshId("hot")
      const leases: Array<Lease> = []
      const refused: Array<StaleFencingToken> = []
      const accepted: Array<number> = []
      // Every fourth turn stalls well past the TTL; the others work briefly and release.
      const contender = (i: number) =>
        Effect.gen(function* () {
          for (let round = 0; round < 3; round++) {
            const lease = yield* lock.acquire(key, TTL, { timeoutMs: 30_000 })
            leases.push(lease)
            const stall = (i + round) % 4 === 0
            yield* Effect.sleep(stall ? TTL * 2 + 100 : (i * 7 + round * 3) % 20)
            yield* guardedWrite(kysely, tenant, key, lease.fencingToken).pipe(
              Effect.map(() => accepted.push(lease.fencingToken)),
              Effect.catchTag("StaleFencingToken", (e) => Effect.sync(() => refused.push(e)))
            )
            yield* lock.release(lease)
          }
        })
      yield* Effect.all(
        Array.from({ length: 12 }, (_, i) => contender(i)),
        { concurrency: "unbounded" }
      )

      const tokens = leases.map((l) => l.fencingToken)
      assert.strictEqual(new Set(tokens).size, 36, "every acquisition got its own fencing token")
      const committed = yield* committedTokens(kysely, tenant, key)
      assert.sameMembers(committed, accepted)
      assert.strictEqual(committed.length + refused.length, 36)
      for (let i = 1; i < committed.length; i++) {
        assert.isAbove(committed[i]!, committed[i - 1]!, `committed in this order: ${committed}`)
      }
      for (const r of refused) assert.isAbove(r.highest, r.token)
      assert.isAtLeast(refused.length, 1, "some stalled holder woke after a newer holder had written")
    }).pipe(Effect.provide(db))
  )
})
