import { Layer, type LogLevel, type Redacted, References } from "effect"
import * as Postgres from "../postgres/index.ts"
import * as Queue from "../queue/index.ts"
import * as Redis from "../redis/index.ts"
import type { RedisConfig } from "./Pieces.ts"

// The adapter layers the server, the worker and the embedded launcher build from their config: one
// place decides how QUEUE_PREFIX names Redis keys and which pool a process opens.

/** Redis keys (dedupe records, the intake stream, locks, web chat) live under `<prefix>:`. */
export const redisKeys = (redis: RedisConfig) => ({ prefix: `${redis.prefix ?? "chatshop"}:` })

/** A connection of its own to `redis` (ioredis `options` on top of the adapter's). */
export const redisClient = (redis: RedisConfig, options?: Redis.RedisConnectionConfig["options"]) =>
  Redis.layerClient(options === undefined ? { url: redis.url } : { url: redis.url, options })

/** BullMQ queues under QUEUE_PREFIX, each with connections of its own. */
export const bullMq = (redis: RedisConfig) =>
  Queue.layer(redis.prefix === undefined ? { url: redis.url } : { url: redis.url, prefix: redis.prefix })

/** Redis dedupe records (over a `RedisClient`). */
export const redisDedupe = (redis: RedisConfig) => Redis.layerDedupe(redisKeys(redis))

/** The Redis intake: dedupe record + staged job in one step (over a `RedisClient`). */
export const redisIntake = (redis: RedisConfig) => Redis.layerIntake(redisKeys(redis))

/** Web chat replies over Redis pub/sub, so a worker's reply reaches any server's stream (over a `RedisClient`). */
export const redisWebchatHub = (redis: RedisConfig) => Redis.layerWebchatHub(redisKeys(redis))

/** Redis locks over a connection of their own. */
export const redisLocks = (redis: RedisConfig) => Redis.layerUrl({ url: redis.url, ...redisKeys(redis) })

/**
 * The relay that moves jobs the Redis intake staged onto the MessageQueue (BullMQ), over a
 * connection of its own: what a worker process runs, and the embedded launcher when given Redis.
 */
export const intakeRelay = (redis: RedisConfig) =>
  Redis.layerIntakeRelay(redisKeys(redis)).pipe(Layer.provide(redisClient(redis)))

/** PostgreSQL: every repository over this process's pool, named `applicationName` in pg_stat_activity. */
export const postgres = (
  database: { readonly databaseUrl: string | Redacted.Redacted<string>; readonly poolSize?: number },
  applicationName: string,
  options: { readonly migrate?: boolean } = {}
) =>
  Postgres.layer({
    url: database.databaseUrl,
    applicationName,
    ...(database.poolSize === undefined ? {} : { poolSize: database.poolSize }),
    ...options
  })

/** Logs below `level` dropped, for every fiber of the layer's runtime (LOG_LEVEL). */
export const minimumLogLevel = (level: LogLevel.LogLevel) => Layer.succeed(References.MinimumLogLevel, level)
