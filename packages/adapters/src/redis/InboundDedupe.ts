import { DedupeUnavailable, dedupeTtl, InboundDedupe } from "@chatshop/domain"
import { Effect, Layer } from "effect"
import type { Redis } from "ioredis"
import { call, RedisClient } from "./Client.ts"

export interface RedisDedupeOptions {
  /** Key prefix (default "chatshop:"); records are `<prefix>dedupe:<key>`. */
  readonly prefix?: string
}

/**
 * InboundDedupe on Redis (SPEC §9.2): one `SET key 1 NX PX ttl` per claim, so concurrent claims
 * of a key get exactly one "new", and the record outlives any queue retention (≥ 7 days).
 * Redis errors become DedupeUnavailable: the webhook answers 5xx and the platform retries.
 */
export const makeRedisDedupe = (client: Redis, options: RedisDedupeOptions = {}) => {
  const prefix = `${options.prefix ?? "chatshop:"}dedupe:`
  const unavailable = (e: { readonly message: string }) => new DedupeUnavailable({ message: e.message })
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
