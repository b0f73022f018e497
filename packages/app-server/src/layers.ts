import { layer as bullMqLayer } from "@chatshop/adapters/queue"
import { layerClient, layerDedupe, ping, RedisClient } from "@chatshop/adapters/redis"
import { Effect, Layer, type Redacted } from "effect"
import { memoryDomain, memoryStores, Readiness } from "./runtime.ts"

export interface RedisWiring {
  readonly url: string | Redacted.Redacted<string>
  /** Key prefix for dedupe records (default "chatshop:") and BullMQ (default "chatshop"). */
  readonly prefix?: string
}

/**
 * Production ingest over Redis: durable dedupe records and BullMQ queues, plus `/ready` pinging
 * Redis. Commands fail fast while Redis is down (no offline queue), so webhooks answer 503.
 */
export const redisLayer = (redis: RedisWiring) => {
  // Auto-pipelining sends the dedupe commands of concurrent webhooks in one write per tick (SPEC §8 B1).
  const client = layerClient({ url: redis.url, options: { enableOfflineQueue: false, enableAutoPipelining: true } })
  const dedupe = layerDedupe(redis.prefix === undefined ? {} : { prefix: `${redis.prefix}:` })
  const readiness = Layer.effect(
    Readiness,
    Effect.map(RedisClient, (c: RedisClient["Service"]) => [{ name: "redis", check: ping(c) }])
  )
  const queue = bullMqLayer(redis.prefix === undefined ? { url: redis.url } : { url: redis.url, prefix: redis.prefix })
  return { dedupe: dedupe.pipe(Layer.provide(client)), readiness: readiness.pipe(Layer.provide(client)), queue }
}

/** Memory stores with Redis dedupe, BullMQ and the Redis readiness check. */
export const memoryWithRedis = (redis: RedisWiring) => {
  const r = redisLayer(redis)
  return Layer.mergeAll(memoryDomain().pipe(Layer.provideMerge(memoryStores())), r.dedupe, r.queue, r.readiness)
}
