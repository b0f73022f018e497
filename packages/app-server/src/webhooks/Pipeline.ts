import type { ParsedEvents, WebhookDescription } from "@chatshop/adapters/channels"
import type { ChannelAccount, Inbound } from "@chatshop/domain"
import { Cause, Effect, Exit, Option, Result } from "effect"
import type { Context } from "hono"
import { failWith } from "../http.ts"
import type { AppRuntime } from "../runtime.ts"
import { readBody } from "./Body.ts"
import { ingest, isIngestError } from "./Ingest.ts"
import { byKey } from "./Lookup.ts"
import { claimOf } from "./Signature.ts"

type Account = ChannelAccount.ChannelAccount

const decoder = new TextDecoder()
const notJson = Symbol("not JSON")
const unread = Symbol("not parsed yet")

const json = (bytes: Uint8Array): unknown => {
  try {
    return JSON.parse(decoder.decode(bytes))
  } catch {
    return notJson
  }
}

export const unavailable = (c: Context, message: string) =>
  failWith(c, 503, "unavailable", `not accepted, retry later: ${message}`)
const unauthorized = (c: Context, why: string) => failWith(c, 401, "invalid_signature", why)
const malformed = (c: Context, reason: string) => failWith(c, 400, "malformed_payload", reason)

/**
 * SPEC §5 webhooks, one pipeline for every platform's description: read the raw body once (1 MiB →
 * 413), read the auth header's claim (401), find the accounts (404), check the claim against each
 * account's secret over the raw bytes in constant time (401), parse the JSON once and then the events
 * (400), and take them in durably (503 when the intake is down) → 200.
 */
export const receive =
  (runtime: AppRuntime, d: WebhookDescription, now: () => number) =>
  async (c: Context): Promise<Response> => {
    const body = await readBody(c)
    if (!body.ok) return failWith(c, 413, "payload_too_large", "the body is over 1 MiB")
    const claim = claimOf(d.auth, (name) => c.req.header(name), now())
    if (typeof claim === "string") return unauthorized(c, claim)

    // A body is parsed before its signature is checked only when it names the account (and so the secret).
    let parsed: unknown = unread
    let keys: ReadonlyArray<ChannelAccount.LookupKey>
    if (d.accountIn === "path") {
      keys = [{ channel: d.channel, key: c.req.param("accountId") ?? "" }]
    } else {
      parsed = json(body.bytes)
      if (parsed === notJson) return malformed(c, "body is not valid JSON")
      keys = d.accountKeys(parsed)
      if (keys.length === 0) return malformed(c, `the body names no account (${d.accountField})`)
    }

    const accounts = await find(runtime, c, d, keys)
    if (accounts instanceof Response) return accounts
    for (const account of accounts.values()) {
      const secret = account.secrets[d.auth.secret]
      if (secret === undefined || !claim.matches(secret, body.bytes)) return unauthorized(c, claim.mismatch)
    }

    if (parsed === unread) parsed = json(body.bytes)
    if (parsed === notJson) return malformed(c, "body is not valid JSON")
    const receivedAt = now()
    const only = d.accountIn === "path" ? first(accounts) : undefined
    const events = attempt(() =>
      d.accountIn === "path"
        ? d.parse(parsed, { receivedAt, accountId: first(accounts).id })
        : d.parse(parsed, { receivedAt })
    )
    if (Result.isFailure(events)) return malformed(c, events.failure.reason)
    return accept(runtime, c, events.success, (e) =>
      only === undefined ? accounts.get(lookupId(e.channel, e.accountKey)) : only
    )
  }

/** One string per (channel, key): a Map key. */
const lookupId = (channel: string, key: string): string => `${channel}\u0000${key}`

/** Every account the keys name, each once, by `lookupId` (404 when one is unknown, 503 when the store is down). */
const find = async (
  runtime: AppRuntime,
  c: Context,
  d: WebhookDescription,
  keys: ReadonlyArray<ChannelAccount.LookupKey>
): Promise<Map<string, Account> | Response> => {
  const accounts = new Map<string, Account>()
  for (const key of keys) {
    const id = lookupId(key.channel, key.key)
    if (accounts.has(id)) continue
    const found = await byKey(runtime, key.channel, key.key)
    if (found._tag === "unavailable") return unavailable(c, found.message)
    if (found._tag === "missing") {
      const what = d.accountIn === "path" ? "this path" : `${key.channel} ${key.key}`
      return failWith(c, 404, "unknown_account", `no channel account for ${what}`)
    }
    accounts.set(id, found.value)
  }
  return accounts
}

/** A path names exactly one account: the one found. */
const first = (accounts: ReadonlyMap<string, Account>): Account => accounts.values().next().value as Account

// Adapter parsers are total by design; a throw is still a 400 for the platform, not a 500.
const attempt = (parse: () => ParsedEvents) => {
  try {
    return parse()
  } catch (error) {
    return Result.fail({ reason: error instanceof Error ? error.message : "unreadable body" })
  }
}

/** Ingest events for their accounts; 503 when the dedupe store or the queue is down. */
const accept = async (
  runtime: AppRuntime,
  c: Context,
  events: ReadonlyArray<Inbound.InboundEvent>,
  ownerOf: (event: Inbound.InboundEvent) => Account | undefined
) => {
  const groups = new Map<Account, Array<Inbound.InboundEvent>>()
  for (const event of events) {
    const owner = ownerOf(event)
    if (owner === undefined) return malformed(c, `event for an account not named by the body: ${event.accountKey}`)
    const group = groups.get(owner)
    if (group === undefined) groups.set(owner, [event])
    else group.push(event)
  }
  const exit = await runtime.runPromiseExit(Effect.forEach(groups, ([owner, list]) => ingest(owner, list)))
  if (Exit.isSuccess(exit)) {
    const accepted = exit.value.reduce((n, r) => n + r.accepted, 0)
    const duplicates = exit.value.reduce((n, r) => n + r.duplicates, 0)
    return c.json({ status: "ok", accepted, duplicates }, 200)
  }
  const error = Cause.findErrorOption(exit.cause)
  const message = Option.isSome(error) && isIngestError(error.value) ? error.value.message : "store failure"
  return unavailable(c, message)
}
