import { type LlmOptions, loadConfig as loadLlmConfig } from "@chatshop/adapters/llm"
import { Config, Effect, type LogLevel, Option, Redacted, Schema } from "effect"

/** One bad environment variable: main prints `message` as a single line and exits 1. */
export class ConfigInvalid extends Schema.TaggedError<ConfigInvalid>()("ConfigInvalid", {
  variable: Schema.String,
  message: Schema.String
}) {}

/** The worker process's environment (SPEC §2, production mode). */
export interface WorkerConfig {
  readonly databaseUrl: Redacted.Redacted<string>
  readonly redisUrl: Redacted.Redacted<string>
  /** Decrypts the channel accounts' secrets the server stored (same key as the server's). */
  readonly secretKey: Redacted.Redacted<string>
  readonly poolSize: number
  readonly concurrency: number
  readonly logLevel: LogLevel.LogLevel
  readonly baseUrls: Readonly<Record<"whatsapp" | "messenger" | "telegram" | "tiktok" | "greenapi", string | undefined>>
  /** Set when `LLM_API_KEY` (or `OPENAI_API_KEY`) is: NLU, wording and vision over the LLM (SPEC §2). */
  readonly llm?: LlmOptions
  /** QUEUE_PREFIX: the prefix of every Redis key (BullMQ queues, locks), the same as the server's. */
  readonly queuePrefix: string
}

const line = (variable: string, why: string) =>
  new ConfigInvalid({ variable, message: `Invalid configuration: ${variable}: ${why}` })

const read = <A>(variable: string, config: Config.Config<A>) =>
  Effect.mapError(config, (e) => line(variable, e.message.split("\n")[0]?.trim() || "invalid value"))

const required = (variable: string, why: string) =>
  Effect.flatMap(read(variable, Config.option(Config.NonEmptyString(variable))), (value) =>
    Option.isNone(value) ? Effect.fail(line(variable, why)) : Effect.succeed(Redacted.make(value.value))
  )

const url = (variable: string) =>
  Effect.flatMap(read(variable, Config.option(Config.NonEmptyString(variable))), (value) => {
    if (Option.isNone(value)) return Effect.succeed(undefined)
    return URL.canParse(value.value)
      ? Effect.succeed(value.value)
      : Effect.fail(line(variable, `not a URL: ${value.value}`))
  })

/** Reads and checks every variable; the first bad one fails with `ConfigInvalid` naming it. */
export const loadConfig: Effect.Effect<WorkerConfig, ConfigInvalid> = Effect.gen(function* () {
  const databaseUrl = yield* required(
    "DATABASE_URL",
    "required (the standalone worker runs in production mode; embedded mode runs inside `pnpm start`)"
  )
  const redisUrl = yield* required("REDIS_URL", "required (the worker consumes the BullMQ queues on Redis)")
  for (const [variable, value] of [
    ["DATABASE_URL", databaseUrl],
    ["REDIS_URL", redisUrl]
  ] as const) {
    if (!URL.canParse(Redacted.value(value))) return yield* line(variable, "not a URL")
  }
  const secretKey = yield* required(
    "CHATSHOP_SECRET_KEY",
    "required in production (the key the server encrypts channel secrets with)"
  )
  const poolSize = yield* read("DATABASE_POOL_SIZE", Config.Int("DATABASE_POOL_SIZE").pipe(Config.withDefault(10)))
  const concurrency = yield* read("WORKER_CONCURRENCY", Config.Int("WORKER_CONCURRENCY").pipe(Config.withDefault(32)))
  const logLevel = yield* read("LOG_LEVEL", Config.LogLevel("LOG_LEVEL").pipe(Config.withDefault("Info")))
  const llm = yield* Effect.mapError(
    loadLlmConfig,
    (e) => new ConfigInvalid({ variable: e.variable, message: e.message })
  )
  const queuePrefix = yield* read(
    "QUEUE_PREFIX",
    Config.NonEmptyString("QUEUE_PREFIX").pipe(Config.withDefault("chatshop"))
  )
  return {
    databaseUrl,
    redisUrl,
    secretKey,
    poolSize,
    concurrency,
    logLevel: logLevel as LogLevel.LogLevel,
    baseUrls: {
      whatsapp: yield* url("WHATSAPP_API_BASE_URL"),
      messenger: yield* url("MESSENGER_API_BASE_URL"),
      telegram: yield* url("TELEGRAM_API_BASE_URL"),
      tiktok: yield* url("TIKTOK_API_BASE_URL"),
      greenapi: yield* url("GREENAPI_API_BASE_URL")
    },
    queuePrefix,
    ...(Option.isSome(llm) ? { llm: llm.value } : {})
  }
})
