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
  readonly baseUrls: ChannelBaseUrls
  readonly logLevel: LogLevel.LogLevel
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
  return {
    port,
    host,
    databaseUrl,
    redisUrl,
    adminToken,
    secretKey,
    dataDir,
    baseUrls,
    logLevel: logLevel as LogLevel.LogLevel
  }
})
