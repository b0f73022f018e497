import { Effect, type LogLevel } from "effect"
import { type ConfigInvalid, invalid, optionalText } from "./Read.ts"

// Effect's levels by the names operators write, in any letter case. "warning" and "all" are Effect's
// Warn and All under another spelling; Effect has no "off" (that is "none").
const levels = new Map<string, LogLevel.LogLevel>([
  ["trace", "Trace"],
  ["debug", "Debug"],
  ["info", "Info"],
  ["warn", "Warn"],
  ["warning", "Warn"],
  ["error", "Error"],
  ["fatal", "Fatal"],
  ["none", "None"],
  ["all", "All"]
])

/** The names LOG_LEVEL accepts, for the message of a bad one. */
export const logLevelNames = "trace, debug, info, warn, error, fatal, none"

/** Parses a LOG_LEVEL value (any letter case); undefined when it names no level. */
export const parseLogLevel = (text: string): LogLevel.LogLevel | undefined => levels.get(text.trim().toLowerCase())

/** LOG_LEVEL: the minimum level logged, `info` when unset. */
export const logLevel: Effect.Effect<LogLevel.LogLevel, ConfigInvalid> = Effect.flatMap(
  optionalText("LOG_LEVEL"),
  (text) => {
    if (text === undefined) return Effect.succeed("Info")
    const level = parseLogLevel(text)
    return level === undefined
      ? Effect.fail(invalid("LOG_LEVEL", `expected one of ${logLevelNames} (any letter case), got "${text}"`))
      : Effect.succeed(level)
  }
)
