import { Config, Context, Effect, Layer, Redacted, Schema } from "effect"
import { Redis, type RedisOptions } from "ioredis"

/** A Redis command that failed: connection refused or lost, script error, server out of memory. */
export class RedisError extends Schema.TaggedError<RedisError>()("RedisError", {
  message: Schema.String
}) {}

export const redisError = (cause: unknown): RedisError =>
  new RedisError({ message: cause instanceof Error ? cause.message : String(cause) })

/** Run one ioredis call; a failure is a `RedisError`. */
export const call = <A>(f: () => Promise<A>): Effect.Effect<A, RedisError> =>
  Effect.tryPromise({ try: f, catch: redisError })

/** The ioredis connection shared by this process's Redis adapters (locks, health checks). */
export class RedisClient extends Context.Service<RedisClient, Redis>()("@chatshop/adapters/redis/RedisClient") {}

export interface RedisConnectionConfig {
  /** redis://[user:pass@]host:port[/db] or rediss:// for TLS. */
  readonly url: string | Redacted.Redacted<string>
  /** Extra ioredis options (timeouts, TLS, retry strategy). */
  readonly options?: Omit<RedisOptions, "replyMapping">
}

/** The URL without its password, for messages. */
export const redactUrl = (url: string): string => url.replace(/\/\/([^@/]*)@/, "//***@")

/**
 * Open a connection and check it answers (a clear `RedisError` at start instead of hanging), and
 * close it with the layer. Commands fail after a few reconnect attempts rather than queueing
 * forever, so callers (webhooks, §9.4) can answer 5xx while Redis is down.
 */
export const connect = (config: RedisConnectionConfig) =>
  Effect.acquireRelease(
    Effect.gen(function* () {
      const url: string = typeof config.url === "string" ? config.url : Redacted.value(config.url)
      const client = new Redis(url, {
        maxRetriesPerRequest: 2,
        connectTimeout: 5_000,
        ...config.options,
        lazyConnect: true
      })
      // Without a listener ioredis reports every reconnect attempt as an unhandled 'error' event.
      client.on("error", () => {})
      yield* call(() => client.connect()).pipe(
        Effect.andThen(call(() => client.ping())),
        Effect.mapError((e) => new RedisError({ message: `Redis at ${redactUrl(url)} is unreachable: ${e.message}` })),
        Effect.tapError(() => Effect.sync(() => client.disconnect()))
      )
      return client
    }),
    (client) => call(() => client.quit()).pipe(Effect.catchCause(() => Effect.sync(() => client.disconnect())))
  )

/** A `RedisClient` owned by the layer. */
export const layerClient = (config: RedisConnectionConfig): Layer.Layer<RedisClient, RedisError> =>
  Layer.effect(RedisClient, connect(config))

/** `layerClient` from the environment: REDIS_URL (required). */
export const layerClientConfig: Layer.Layer<RedisClient, RedisError | Config.ConfigError> = Layer.unwrap(
  Effect.map(Config.Redacted("REDIS_URL"), (url) => layerClient({ url }))
)

/** True when Redis answers PING (for `GET /ready`). */
export const ping = (client: Redis): Effect.Effect<boolean> =>
  call(() => client.ping()).pipe(
    Effect.map((reply) => reply === "PONG"),
    Effect.catchCause(() => Effect.succeed(false))
  )
