import { DedupeUnavailable, dedupeTtl, InboundDedupe } from "@chatshop/domain"
import { Effect, Layer } from "effect"
import type { Redis } from "ioredis"
import { microBatch } from "../queue/MicroBatch.ts"
import { call, RedisClient } from "./Client.ts"

export interface RedisDedupeOptions {
  /** Key prefix (default "chatshop:"); records are `<prefix>dedupe:<key>`. */
  readonly prefix?: string
  /**
   * Coalesce concurrent calls (SPEC §8 B1): the `seen` checks of one event loop turn as one `MGET`,
   * the claims as one script running `SET NX PX` per key in order; default true. A failed batch fails
   * every call in it. (A Redis Cluster would need the keys of a batch in one slot.)
   */
  readonly batch?: boolean
}

// Claims in order, so two claims of one key in a batch still give exactly one "new".
const claimScript = `local r = {}
for i, key in ipairs(KEYS) do
  if redis.call('SET', key, '1', 'PX', ARGV[i], 'NX') then r[i] = 1 else r[i] = 0 end
end
return r`

/**
 * InboundDedupe on Redis (SPEC §9.2): one `SET key 1 NX PX ttl` per claim, so concurrent claims
 * of a key get exactly one "new", and the record outlives any queue retention (≥ 7 days).
 * Redis errors become DedupeUnavailable: the webhook answers 5xx and the platform retries.
 */
export const makeRedisDedupe = (client: Redis, options: RedisDedupeOptions = {}) => {
  const prefix = `${options.prefix ?? "chatshop:"}dedupe:`
  const unavailable = (e: { readonly message: string }) => new DedupeUnavailable({ message: e.message })
  if (options.batch !== false) {
    const claimBatch = microBatch(
      (claims: ReadonlyArray<{ readonly key: string; readonly ttlMs: number }>) =>
        client.eval(claimScript, claims.length, ...claims.map((c) => c.key), ...claims.map((c) => c.ttlMs)) as Promise<
          ReadonlyArray<number>
        >
    )
    const seenBatch = microBatch((keys: ReadonlyArray<string>) => client.mget(...keys))
    return InboundDedupe.of({
      claim: (key, ttlMs) =>
        call(() => claimBatch({ key: prefix + key, ttlMs: dedupeTtl(ttlMs) })).pipe(
          Effect.map((reply) => (reply === 1 ? ("new" as const) : ("seen" as const))),
          Effect.mapError(unavailable)
        ),
      seen: (key) =>
        call(() => seenBatch(prefix + key)).pipe(
          Effect.map((value) => value !== null),
          Effect.mapError(unavailable)
        )
    })
  }
  return InboundDedupe.of({
    claim: (key, ttlMs) =>
      call(() => client.set(prefix + key, "1", "PX", dedupeTtl(ttlMs), "NX")).pipe(
        Effect.map((reply) => (reply === "OK" ? ("new" as const) : ("seen" as const))),
        Effect.mapError(unavailable)
      ),
    seen: (key) =>
      call(() => client.exists(prefix + key)).pipe(
        Effect.map((n) => n > 0),
        Effect.mapError(unavailable)
      )
  })
}

/** InboundDedupe over the process's `RedisClient`. */
export const layerDedupe = (options: RedisDedupeOptions = {}): Layer.Layer<InboundDedupe, never, RedisClient> =>
  Layer.effect(
    InboundDedupe,
    Effect.map(RedisClient, (client: RedisClient["Service"]) => makeRedisDedupe(client, options))
  )
