import * as Env from "@chatshop/adapters/config"
import { Effect, type LogLevel, type Redacted } from "effect"

export { ConfigInvalid, embeddedSecretKey, secretKeyFile } from "@chatshop/adapters/config"

/** The server's pieces of the environment (SPEC §2), read once at start. */
export interface ServerConfig {
  /** PORT, HOST. */
  readonly listen: { readonly port: number; readonly host: string }
  /** Production (DATABASE_URL: PostgreSQL + Redis) or embedded (PGlite in CHATSHOP_DATA_DIR). */
  readonly mode: Env.Mode
  readonly adminToken: Redacted.Redacted<string> | undefined
  readonly logLevel: LogLevel.LogLevel
  /** API_RATE_LIMIT_PER_MINUTE as `apiPerMinute`: admin API requests per minute per API key, in this process; 0 = off. */
  readonly rateLimits: { readonly apiPerMinute: number }
  readonly channels: Env.ChannelBaseUrls
}

/** Reads and checks every variable the server uses; the first bad one fails with `ConfigInvalid`. */
export const loadConfig: Effect.Effect<ServerConfig, Env.ConfigInvalid> = Effect.all({
  listen: Env.listen,
  mode: Env.mode,
  adminToken: Env.adminToken,
  logLevel: Env.logLevel,
  rateLimits: Env.rateLimits,
  channels: Env.channelBaseUrls
})
