import { Config, Effect, Option, Redacted, Schema } from "effect"

/** One bad environment variable: the process prints `message` as its only line on stderr and exits 1. */
export class ConfigInvalid extends Schema.TaggedError<ConfigInvalid>()("ConfigInvalid", {
  variable: Schema.String,
  message: Schema.String
}) {}

/** `Invalid configuration: <variable>: <why>`, kept to one line. */
export const invalid = (variable: string, why: string): ConfigInvalid =>
  new ConfigInvalid({ variable, message: `Invalid configuration: ${variable}: ${firstLine(why)}` })

/** The first line of a message (errors here are one line each). */
export const firstLine = (text: string): string => text.split("\n")[0]?.trim() || "invalid value"

/** The variable as set; unset or blank reads as undefined (a `FOO=` line in an env file means "not set"). */
const value = (variable: string): Effect.Effect<string | undefined, ConfigInvalid> =>
  Config.option(Config.String(variable)).pipe(
    Effect.mapError((error) => invalid(variable, error.message)),
    Effect.map((set) => {
      const text = Option.getOrUndefined(set)
      return text === undefined || text.trim() === "" ? undefined : text
    })
  )

/** A trimmed text value, or undefined. */
export const optionalText = (variable: string) => Effect.map(value(variable), (text) => text?.trim())

/** A trimmed text value, or `fallback`. */
export const text = (variable: string, fallback: string) =>
  Effect.map(optionalText(variable), (text) => text ?? fallback)

/** A secret, kept as set (a key's every character counts) and redacted from logs; or undefined. */
export const secret = (variable: string) =>
  Effect.map(value(variable), (text) => (text === undefined ? undefined : Redacted.make(text)))

/** A secret that must be set: `why` says what it is for. */
export const requiredSecret = (variable: string, why: string) =>
  Effect.flatMap(secret(variable), (key) =>
    key === undefined ? Effect.fail(invalid(variable, why)) : Effect.succeed(key)
  )

/** An absolute URL without trailing slashes, or undefined. */
export const url = (variable: string) =>
  Effect.flatMap(optionalText(variable), (text) => {
    if (text === undefined) return Effect.succeed(undefined)
    return URL.canParse(text)
      ? Effect.succeed(text.replace(/\/+$/, ""))
      : Effect.fail(invalid(variable, `not a URL: ${text}`))
  })

/** A connection URL (it may carry a password): checked to parse, then redacted; or undefined. */
export const connectionUrl = (variable: string, example: string) =>
  Effect.flatMap(secret(variable), (set) => {
    if (set === undefined) return Effect.succeed(undefined)
    return URL.canParse(Redacted.value(set).trim())
      ? Effect.succeed(Redacted.make(Redacted.value(set).trim()))
      : Effect.fail(invalid(variable, `not a URL (expected ${example})`))
  })

/** A whole number in `[min, max]`, or `fallback` when unset. */
export const integer = (
  variable: string,
  fallback: number,
  range: { readonly min: number; readonly max?: number; readonly what?: string }
) =>
  Effect.flatMap(optionalText(variable), (text) => {
    if (text === undefined) return Effect.succeed(fallback)
    const n = Number(text)
    const max = range.max ?? Number.MAX_SAFE_INTEGER
    const what =
      range.what ??
      (range.max === undefined
        ? `a whole number of ${range.min} or more`
        : `a whole number from ${range.min} to ${max}`)
    return Number.isSafeInteger(n) && n >= range.min && n <= max && /^\d+$/.test(text)
      ? Effect.succeed(n)
      : Effect.fail(invalid(variable, `expected ${what}, got "${text}"`))
  })
