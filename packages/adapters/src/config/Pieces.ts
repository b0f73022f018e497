import { Effect, Option, type Redacted } from "effect"
import { type LlmOptions, loadConfig as loadLlmConfig } from "../llm/Config.ts"
import { ConfigInvalid, connectionUrl, integer, invalid, secret, text } from "./Read.ts"

// The pieces of the environment (SPEC §2), each read and checked on its own: a process reads the
// ones it needs, once, at start. Every failure is a `ConfigInvalid` naming one variable on one line.

/** PORT (3000) and HOST (127.0.0.1): where the HTTP server listens. */
export const listen = Effect.all({
  port: integer("PORT", 3000, { min: 1, max: 65_535, what: "a port from 1 to 65535" }),
  host: text("HOST", "127.0.0.1")
})

/** ADMIN_TOKEN: the platform admin's token; undefined = embedded mode generates one. */
export const adminToken = secret("ADMIN_TOKEN")

/** CHATSHOP_DATA_DIR: where embedded mode keeps PGlite and its generated secrets. */
export const dataDir = text("CHATSHOP_DATA_DIR", "./.chatshop")

/** DATABASE_POOL_SIZE: PostgreSQL connections per process (10). */
export const poolSize = integer("DATABASE_POOL_SIZE", 10, { min: 1 })

/** WORKER_CONCURRENCY: inbound jobs a worker process runs at once (32). */
export const workerConcurrency = integer("WORKER_CONCURRENCY", 32, { min: 1 })

/** API_RATE_LIMIT_PER_MINUTE: admin API requests per minute per API key in one server process (600); 0 = off. */
export const rateLimits = Effect.map(integer("API_RATE_LIMIT_PER_MINUTE", 600, { min: 0 }), (apiPerMinute) => ({
  apiPerMinute
}))

/** LLM_*: the OpenAI-compatible LLM when a key is set; undefined = the offline NLU. */
export const llm: Effect.Effect<LlmOptions | undefined, ConfigInvalid> = loadLlmConfig.pipe(
  Effect.mapError((e) => new ConfigInvalid({ variable: e.variable, message: e.message })),
  Effect.map(Option.getOrUndefined)
)

/** Redis and QUEUE_PREFIX, which every Redis key (queues, dedupe records, locks, web chat) starts with. */
export interface RedisConfig {
  readonly url: string | Redacted.Redacted<string>
  /** QUEUE_PREFIX; the adapters' default "chatshop" when undefined. */
  readonly prefix?: string
}

/** QUEUE_PREFIX ("chatshop"): servers and workers sharing a Redis must agree on it. */
export const queuePrefix = text("QUEUE_PREFIX", "chatshop")

/** REDIS_URL with QUEUE_PREFIX; undefined without REDIS_URL. */
export const redis: Effect.Effect<RedisConfig | undefined, ConfigInvalid> = Effect.gen(function* () {
  const redisUrl = yield* connectionUrl("REDIS_URL", "redis://host:6379")
  const prefix = yield* queuePrefix
  return redisUrl === undefined ? undefined : { url: redisUrl, prefix }
})

/** Production (DATABASE_URL set): PostgreSQL and Redis, shared by any number of servers and workers. */
export interface Production {
  readonly _tag: "production"
  readonly databaseUrl: Redacted.Redacted<string>
  readonly poolSize: number
  readonly redis: RedisConfig
  /** CHATSHOP_SECRET_KEY: seals channel secrets at rest; every process of a deployment has the same. */
  readonly secretKey: Redacted.Redacted<string>
}

/** Embedded (no DATABASE_URL): PGlite in the data dir, server and worker in one process. */
export interface Embedded {
  readonly _tag: "embedded"
  readonly dataDir: string
  /** With REDIS_URL, ingest still goes through Redis (dedupe, BullMQ). */
  readonly redis: RedisConfig | undefined
  /** Unset: generated once and kept in the data dir (`embeddedSecretKey`). */
  readonly secretKey: Redacted.Redacted<string> | undefined
}

export type Mode = Production | Embedded

/** Production or embedded, decided here once: DATABASE_URL set means production. */
export const mode: Effect.Effect<Mode, ConfigInvalid> = Effect.gen(function* () {
  const databaseUrl = yield* connectionUrl("DATABASE_URL", "postgres://user:password@host:5432/database")
  const secretKey = yield* secret("CHATSHOP_SECRET_KEY")
  const redisConfig = yield* redis
  if (databaseUrl === undefined) {
    return { _tag: "embedded", dataDir: yield* dataDir, redis: redisConfig, secretKey }
  }
  if (secretKey === undefined) {
    return yield* invalid(
      "CHATSHOP_SECRET_KEY",
      "required in production (DATABASE_URL is set) to encrypt channel secrets"
    )
  }
  // Production's workers are other processes: an in-process queue would take jobs nobody consumes.
  if (redisConfig === undefined) {
    return yield* invalid(
      "REDIS_URL",
      "required in production (DATABASE_URL is set): the worker consumes the queue on Redis"
    )
  }
  return { _tag: "production", databaseUrl, poolSize: yield* poolSize, redis: redisConfig, secretKey }
})
