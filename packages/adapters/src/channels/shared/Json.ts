import { type Channel, Inbound } from "@chatshop/domain"
import { Result } from "effect"

/**
 * Small readers over parsed JSON. Webhook bodies are checked field by field instead of decoded with
 * one strict Schema: platforms add fields and message types all the time, and an unknown one must
 * become an `other` event (or be skipped), never a 400 that makes the platform retry forever.
 */
export type Json = Readonly<Record<string, unknown>>

export const obj = (u: unknown): Json | undefined =>
  typeof u === "object" && u !== null && !Array.isArray(u) ? (u as Json) : undefined

export const arr = (u: unknown): ReadonlyArray<unknown> => (Array.isArray(u) ? u : [])

export const str = (u: unknown): string | undefined => (typeof u === "string" && u.length > 0 ? u : undefined)

export const num = (u: unknown): number | undefined => (typeof u === "number" && Number.isFinite(u) ? u : undefined)

/** Ids arrive as strings or numbers depending on the platform (Telegram chat ids are numbers). */
export const id = (u: unknown): string | undefined =>
  typeof u === "number" && Number.isSafeInteger(u) ? String(u) : str(u)

/** Follows a path of keys through nested objects. */
export const at = (u: unknown, ...path: ReadonlyArray<string>): unknown => {
  let current = u
  for (const key of path) {
    const o = obj(current)
    if (o === undefined) return undefined
    current = o[key]
  }
  return current
}

/** Unix seconds as a number or a numeric string ("1749416383") → epoch milliseconds. */
export const secondsToMillis = (u: unknown): number | undefined => {
  const n = typeof u === "string" && /^\d+$/.test(u) ? Number(u) : num(u)
  return n === undefined ? undefined : Math.round(n * 1000)
}

/** Epoch milliseconds as a number or numeric string. */
export const millis = (u: unknown): number | undefined => {
  const n = typeof u === "string" && /^\d+$/.test(u) ? Number(u) : num(u)
  return n === undefined ? undefined : Math.round(n)
}

/** Thrown inside a parser to reject the whole body; `parseWith` turns it into a `MalformedPayload`. */
class Reject {
  readonly reason: string
  constructor(reason: string) {
    this.reason = reason
  }
}

export const reject = (reason: string): never => {
  throw new Reject(reason)
}

/** `value`, or reject the body naming what was missing. */
export const required = <A>(value: A | undefined, what: string): A =>
  value === undefined ? reject(`missing ${what}`) : value

/**
 * Runs a parser written in plain style (early `reject`s) as a pure function returning a Result.
 * Only `Reject` is caught: any other exception is a bug and propagates.
 */
export const parseWith =
  <Ctx>(channel: Channel, parse: (body: Json, ctx: Ctx) => ReadonlyArray<Inbound.InboundEvent>) =>
  (body: unknown, ctx: Ctx): Result.Result<ReadonlyArray<Inbound.InboundEvent>, Inbound.MalformedPayload> => {
    const o = obj(body)
    if (o === undefined)
      return Result.fail(new Inbound.MalformedPayload({ channel, reason: "body is not a JSON object" }))
    try {
      return Result.succeed(parse(o, ctx))
    } catch (e) {
      if (e instanceof Reject) return Result.fail(new Inbound.MalformedPayload({ channel, reason: e.reason }))
      throw e
    }
  }

/** Raw body text → JSON, for servers that verified the signature on the raw bytes first. */
export const parseJson = (channel: Channel, text: string): Result.Result<unknown, Inbound.MalformedPayload> => {
  try {
    return Result.succeed(JSON.parse(text) as unknown)
  } catch {
    return Result.fail(new Inbound.MalformedPayload({ channel, reason: "body is not valid JSON" }))
  }
}
