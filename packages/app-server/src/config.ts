import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs"
import { randomBytes } from "node:crypto"
import { join } from "node:path"
import { Config, Effect, type LogLevel, Option, Redacted, Schema } from "effect"

/** One bad environment variable: main prints `message` as a single line and exits 1. */
export class ConfigInvalid extends Schema.TaggedError<ConfigInvalid>()("ConfigInvalid", {
  variable: Schema.String,
  message: Schema.String
}) {}

export interface ChannelBaseUrls {
  readonly whatsapp?: string
  readonly messenger?: string
  readonly telegram?: string
  readonly tiktok?: string
  readonly greenapi?: string
}

/** The server's environment (SPEC §2). Unset optional values are undefined, never "". */
export interface ServerConfig {
  readonly port: number
  readonly host: string
  readonly databaseUrl: Redacted.Redacted<string> | undefined
  readonly redisUrl: Redacted.Redacted<string> | undefined
  readonly adminToken: Redacted.Redacted<string> | undefined
  readonly secretKey: Redacted.Redacted<string> | undefined
  readonly dataDir: string
  /** QUEUE_PREFIX: the prefix of every Redis key (BullMQ queues, dedupe records); undefined = "chatshop". */
  readonly queuePrefix: string | undefined
  readonly baseUrls: ChannelBaseUrls
  readonly logLevel: LogLevel.LogLevel
  /** API_RATE_LIMIT_PER_MINUTE: admin API requests per minute per API key, in this process; 0 = off. */
  readonly apiRateLimitPerMinute: number
}

// Read one variable; any failure names it, on one line (the first line of Effect's message).
const read = <A>(variable: string, config: Config.Config<A>) =>
  config.pipe(
    Effect.mapError(
      (error) =>
        new ConfigInvalid({
          variable,
          message: `Invalid configuration: ${variable}: ${firstLine(error.message)}`
        })
    )
  )

const firstLine = (text: string): string =>
  (text.split("\n")[0] ?? "")
    .replace(/^SchemaError\(/, "")
    .replace(/\)$/, "")
    .trim() || "invalid value"

const optional = <A>(variable: string, config: Config.Config<A>) =>
  Effect.map(read(variable, Config.option(config)), Option.getOrUndefined)

const url = (variable: string) =>
  Effect.flatMap(optional(variable, Config.NonEmptyString(variable)), (value) => {
    if (value === undefined) return Effect.succeed(undefined)
    return URL.canParse(value)
      ? Effect.succeed(value.replace(/\/+$/, ""))
      : Effect.fail(new ConfigInvalid({ variable, message: `Invalid configuration: ${variable}: not a URL: ${value}` }))
  })

const secret = (variable: string) =>
  Effect.map(optional(variable, Config.NonEmptyString(variable)), (value) =>
    value === undefined ? undefined : Redacted.make(value)
  )

const count = (variable: string, fallback: number) =>
  Effect.flatMap(read(variable, Config.Int(variable).pipe(Config.withDefault(fallback))), (value) =>
    value >= 0
      ? Effect.succeed(value)
      : Effect.fail(
          new ConfigInvalid({
            variable,
            message: `Invalid configuration: ${variable}: must be 0 or more, got ${value}`
          })
        )
  )

/** Reads and checks every variable; the first bad one fails with `ConfigInvalid`. */
export const loadConfig: Effect.Effect<ServerConfig, ConfigInvalid> = Effect.gen(function* () {
  const port = yield* read("PORT", Config.Port("PORT").pipe(Config.withDefault(3000)))
  const host = yield* read("HOST", Config.NonEmptyString("HOST").pipe(Config.withDefault("127.0.0.1")))
  const databaseUrl = yield* secret("DATABASE_URL")
  const redisUrl = yield* secret("REDIS_URL")
  const adminToken = yield* secret("ADMIN_TOKEN")
  const secretKey = yield* secret("CHATSHOP_SECRET_KEY")
  const dataDir = yield* read(
    "CHATSHOP_DATA_DIR",
    Config.NonEmptyString("CHATSHOP_DATA_DIR").pipe(Config.withDefault("./.chatshop"))
  )
  const logLevel = yield* read("LOG_LEVEL", Config.LogLevel("LOG_LEVEL").pipe(Config.withDefault("Info")))
  const queuePrefix = yield* optional("QUEUE_PREFIX", Config.NonEmptyString("QUEUE_PREFIX"))
  const apiRateLimitPerMinute = yield* count("API_RATE_LIMIT_PER_MINUTE", 600)
  const baseUrls: Record<string, string> = {}
  for (const [key, variable] of [
    ["whatsapp", "WHATSAPP_API_BASE_URL"],
    ["messenger", "MESSENGER_API_BASE_URL"],
    ["telegram", "TELEGRAM_API_BASE_URL"],
    ["tiktok", "TIKTOK_API_BASE_URL"],
    ["greenapi", "GREENAPI_API_BASE_URL"]
  ] as const) {
    const value = yield* url(variable)
    if (value !== undefined) baseUrls[key] = value
  }
  if (databaseUrl !== undefined && secretKey === undefined) {
    return yield* new ConfigInvalid({
      variable: "CHATSHOP_SECRET_KEY",
      message:
        "Invalid configuration: CHATSHOP_SECRET_KEY: required in production (DATABASE_URL is set) to encrypt channel secrets"
    })
  }
  // Production's workers are other processes: an in-process queue would take jobs nobody consumes.
  if (databaseUrl !== undefined && redisUrl === undefined) {
    return yield* new ConfigInvalid({
      variable: "REDIS_URL",
      message:
        "Invalid configuration: REDIS_URL: required in production (DATABASE_URL is set): the worker consumes the queue on Redis"
    })
  }
  return {
    port,
    host,
    databaseUrl,
    redisUrl,
    adminToken,
    secretKey,
    dataDir,
    queuePrefix,
    baseUrls,
    logLevel: logLevel as LogLevel.LogLevel,
    apiRateLimitPerMinute
  }
})

/** Where embedded mode keeps its generated CHATSHOP_SECRET_KEY. */
export const secretKeyFile = (dataDir: string): string => join(dataDir, "secret.key")

/**
 * Embedded mode's CHATSHOP_SECRET_KEY (SPEC §2): read from `<dataDir>/secret.key`, or generated
 * once and written there with mode 0600. Written to a private temp file and hard-linked into
 * place, so two processes starting at once agree on one key and nobody reads a half-written file.
 * `created` tells the caller to say so; the key itself is never printed.
 */
export const embeddedSecretKey = (
  dataDir: string
): Effect.Effect<{ readonly key: Redacted.Redacted<string>; readonly created: boolean }, ConfigInvalid> =>
  Effect.try({
    try: () => {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 })
      const file = secretKeyFile(dataDir)
      let created = false
      try {
        statSync(file)
      } catch {
        const temp = `${file}.${process.pid}.tmp`
        writeFileSync(temp, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "w" })
        try {
          linkSync(temp, file)
          created = true
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error
        } finally {
          unlinkSync(temp)
        }
      }
      // A key file others can read is tightened, not trusted as is.
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600)
      const key = readFileSync(file, "utf8").trim()
      if (key.length === 0) throw new Error(`${file} is empty`)
      return { key: Redacted.make(key), created }
    },
    catch: (error) =>
      new ConfigInvalid({
        variable: "CHATSHOP_DATA_DIR",
        message: `Invalid configuration: CHATSHOP_DATA_DIR: cannot keep the secret key in ${dataDir}: ${firstLine(
          error instanceof Error ? error.message : String(error)
        )}`
      })
  })
