import { randomUUID } from "node:crypto"
import { DistributedLock, LockLost, Ports } from "@chatshop/domain"
import { Effect, Layer, Option } from "effect"
import type { Redis } from "ioredis"
import { call, RedisClient } from "./Client.ts"

// Set the lease only if the key is free, and only then draw the next fencing token: one atomic step.
const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('INCR', KEYS[2])
end
return 0`

// Compare-and-delete: only the holder's token releases.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`

// Compare-and-extend: only the holder's token renews.
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`

export interface RedisLockOptions {
  /** Prepended to every key (default "chatshop:"), so several apps or test runs can share one Redis. */
  readonly prefix?: string
}

/**
 * Keys for a lock. The hash tag `{…}` keeps the lease and its fence counter in one cluster slot.
 * The fence counter never expires: tokens must keep growing across every lease of the key.
 */
export const lockKeys = (prefix: string, key: string) => ({
  lease: `${prefix}lock:{${key}}`,
  fence: `${prefix}lock:{${key}}:fence`
})

/**
 * DistributedLock on one Redis (SPEC §2 production mode): `SET NX PX` with a random token,
 * fencing tokens from `INCR`, Lua compare-and-delete release and compare-and-pexpire renewal.
 * Redis being unreachable is a defect here: the caller's request fails (5xx) and is retried.
 */
export const makeRedisLock = (redis: Redis, options: RedisLockOptions = {}): DistributedLock["Service"] => {
  const prefix = options.prefix ?? "chatshop:"
  return Ports.makeDistributedLock({
    tryAcquire: (key, ttlMs) =>
      Effect.gen(function* () {
        const token = randomUUID()
        const keys = lockKeys(prefix, key)
        const fence = yield* call(() => redis.eval(ACQUIRE, 2, keys.lease, keys.fence, token, ttlMs))
        const fencingToken = Number(fence)
        return fencingToken > 0 ? Option.some({ key, token, fencingToken, ttlMs }) : Option.none()
      }).pipe(Effect.orDie),
    release: (lease) =>
      call(() => redis.eval(RELEASE, 1, lockKeys(prefix, lease.key).lease, lease.token)).pipe(
        Effect.map((deleted) => Number(deleted) === 1),
        Effect.orDie
      ),
    renew: (lease, ttlMs) =>
      call(() => redis.eval(RENEW, 1, lockKeys(prefix, lease.key).lease, lease.token, ttlMs)).pipe(
        Effect.orDie,
        Effect.flatMap((renewed) =>
          Number(renewed) === 1 ? Effect.void : Effect.fail(new LockLost({ key: lease.key, token: lease.token }))
        )
      )
  })
}

/** Locks over a client the caller owns (and closes). */
export const layer = (redis: Redis, options?: RedisLockOptions): Layer.Layer<DistributedLock> =>
  Layer.succeed(DistributedLock, makeRedisLock(redis, options))

/** Locks over the `RedisClient` in context. */
export const layerFromClient = (options?: RedisLockOptions): Layer.Layer<DistributedLock, never, RedisClient> =>
  Layer.effect(
    DistributedLock,
    RedisClient.useSync((redis) => makeRedisLock(redis, options))
  )
