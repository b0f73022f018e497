import { parseJson, parseWebhook, type WebhookSource } from "@chatshop/adapters/channels"
import type { ChannelAccount, Inbound } from "@chatshop/domain"
import { Cause, Effect, Exit, Option, Result } from "effect"
import { type Context, Hono } from "hono"
import { failWith } from "../http.ts"
import type { AppRuntime } from "../runtime.ts"
import { readBody } from "./Body.ts"
import { ingest, isIngestError } from "./Ingest.ts"
import { type AccountRef, metaAccounts, tiktokAccount } from "./Keys.ts"
import { byKey, byVerifyToken, type Found } from "./Lookup.ts"
import { bearer, isStale, metaSignature, safeEqual, tiktokSignature, verifyMeta, verifyTikTok } from "./Signature.ts"

export interface WebhookOptions {
  /** The server clock in epoch ms (TikTok skew, receive time); tests pin it. */
  readonly now?: () => number
}

type Account = ChannelAccount.ChannelAccount
type Outcome = Response | { readonly account: Account }

const decoder = new TextDecoder()

/** SPEC §5 webhooks: verify on the raw body, parse, durable dedupe + enqueue, then 200. */
export const webhookRoutes = (runtime: AppRuntime, options: WebhookOptions = {}) => {
  const now = options.now ?? Date.now
  const app = new Hono()

  const unauthorized = (c: Context, what: string) => failWith(c, 401, "invalid_signature", what)
  const tooLarge = (c: Context) => failWith(c, 413, "payload_too_large", "the body is over 1 MiB")
  const malformed = (c: Context, reason: string) => failWith(c, 400, "malformed_payload", reason)
  const unavailable = (c: Context, message: string) =>
    failWith(c, 503, "unavailable", `not accepted, retry later: ${message}`)

  const account = async (c: Context, found: Promise<Found<Account>>, what: string): Promise<Outcome> => {
    const result = await found
    if (result._tag === "found") return { account: result.value }
    if (result._tag === "missing") return failWith(c, 404, "unknown_account", `no channel account for ${what}`)
    return unavailable(c, result.message)
  }

  const json = (source: WebhookSource, bytes: Uint8Array) => parseJson(source, decoder.decode(bytes))

  // Adapter parsers are total by design; a throw is still a 400 for the platform, not a 500.
  const parse = (source: WebhookSource, body: unknown, accountKey?: string) => {
    try {
      return parseWebhook(
        source,
        body,
        accountKey === undefined ? { receivedAt: now() } : { receivedAt: now(), accountKey }
      )
    } catch (error) {
      return Result.fail({ reason: error instanceof Error ? error.message : "unreadable body" })
    }
  }

  /** Ingest events for their accounts; 503 when the dedupe store or the queue is down. */
  const accept = async (
    c: Context,
    events: ReadonlyArray<Inbound.InboundEvent>,
    accountOf: (event: Inbound.InboundEvent) => Account | undefined
  ) => {
    const groups = new Map<Account, Array<Inbound.InboundEvent>>()
    for (const event of events) {
      const owner = accountOf(event)
      if (owner === undefined) return malformed(c, `event for an account not named by the body: ${event.accountKey}`)
      groups.set(owner, [...(groups.get(owner) ?? []), event])
    }
    const exit = await runtime.runPromiseExit(Effect.forEach([...groups], ([owner, list]) => ingest(owner, list)))
    if (Exit.isSuccess(exit)) {
      const accepted = exit.value.reduce((n, r) => n + r.accepted, 0)
      const duplicates = exit.value.reduce((n, r) => n + r.duplicates, 0)
      return c.json({ status: "ok", accepted, duplicates }, 200)
    }
    const error = Cause.findErrorOption(exit.cause)
    const message = Option.isSome(error) && isIngestError(error.value) ? error.value.message : "store failure"
    return unavailable(c, message)
  }

  const challenge = (channels: ReadonlyArray<ChannelAccount.ChannelAccountType>) => async (c: Context) => {
    const mode = c.req.query("hub.mode")
    const token = c.req.query("hub.verify_token")
    const value = c.req.query("hub.challenge")
    if (mode !== "subscribe" || token === undefined || token === "" || value === undefined) {
      return failWith(c, 403, "verification_failed", "hub.mode must be subscribe with a verify token and challenge")
    }
    const found = await byVerifyToken(runtime, channels, token)
    if (found._tag === "unavailable") return unavailable(c, found.message)
    if (found._tag === "missing" || !safeEqual(found.value.verifyToken ?? "", token)) {
      return failWith(c, 403, "verification_failed", "the verify token matches no account")
    }
    return c.text(value, 200)
  }

  const meta = (source: "whatsapp" | "messenger") => async (c: Context) => {
    const body = await readBody(c)
    if (!body.ok) return tooLarge(c)
    const header = c.req.header("x-hub-signature-256")
    const signature = metaSignature(header)
    if (signature === undefined) {
      return unauthorized(c, header === undefined ? "missing X-Hub-Signature-256" : "malformed X-Hub-Signature-256")
    }
    const parsed = json(source, body.bytes)
    if (Result.isFailure(parsed)) return malformed(c, parsed.failure.reason)
    const refs = metaAccounts(source, parsed.success)
    if (refs.length === 0) return malformed(c, "the body names no account (metadata.phone_number_id / entry[].id)")
    const accounts = new Map<string, Account>()
    for (const ref of refs) {
      const found = await account(c, byKey(runtime, ref.channel, ref.key), `${ref.channel} ${ref.key}`)
      if (found instanceof Response) return found
      accounts.set(refKey(ref), found.account)
    }
    for (const a of accounts.values()) {
      const secret = a.secrets.appSecret
      if (secret === undefined || !verifyMeta(secret, body.bytes, signature)) {
        return unauthorized(c, "X-Hub-Signature-256 does not match the body")
      }
    }
    const events = parse(source, parsed.success)
    if (Result.isFailure(events)) return malformed(c, events.failure.reason)
    return accept(c, events.success, (e) =>
      accounts.get(refKey({ channel: e.channel as AccountRef["channel"], key: e.accountKey }))
    )
  }

  app.get("/whatsapp", challenge(["whatsapp"]))
  app.get("/messenger", challenge(["messenger", "instagram"]))
  app.post("/whatsapp", meta("whatsapp"))
  app.post("/messenger", meta("messenger"))

  app.post("/telegram/:accountId", async (c) => {
    const body = await readBody(c)
    if (!body.ok) return tooLarge(c)
    const token = c.req.header("x-telegram-bot-api-secret-token")
    if (token === undefined || token === "") return unauthorized(c, "missing X-Telegram-Bot-Api-Secret-Token")
    const found = await account(c, byKey(runtime, "telegram", c.req.param("accountId")), "this path")
    if (found instanceof Response) return found
    const secret = found.account.secrets.secretToken
    if (secret === undefined || !safeEqual(secret, token)) return unauthorized(c, "wrong secret token")
    const parsed = json("telegram", body.bytes)
    if (Result.isFailure(parsed)) return malformed(c, parsed.failure.reason)
    const events = parse("telegram", parsed.success, found.account.id)
    if (Result.isFailure(events)) return malformed(c, events.failure.reason)
    return accept(c, events.success, () => found.account)
  })

  app.post("/greenapi/:accountId", async (c) => {
    const body = await readBody(c)
    if (!body.ok) return tooLarge(c)
    const token = bearer(c.req.header("authorization"))
    if (token === undefined) return unauthorized(c, "missing Authorization: Bearer <webhook token>")
    const found = await account(c, byKey(runtime, "greenapi", c.req.param("accountId")), "this path")
    if (found instanceof Response) return found
    const secret = found.account.secrets.webhookToken
    if (secret === undefined || !safeEqual(secret, token)) return unauthorized(c, "wrong webhook token")
    const parsed = json("greenapi", body.bytes)
    if (Result.isFailure(parsed)) return malformed(c, parsed.failure.reason)
    const events = parse("greenapi", parsed.success)
    if (Result.isFailure(events)) return malformed(c, events.failure.reason)
    return accept(c, events.success, () => found.account)
  })

  app.post("/tiktok", async (c) => {
    const body = await readBody(c)
    if (!body.ok) return tooLarge(c)
    const header = c.req.header("tiktok-signature")
    const signature = tiktokSignature(header)
    if (signature === undefined) {
      return unauthorized(c, header === undefined ? "missing Tiktok-Signature" : "malformed Tiktok-Signature")
    }
    if (isStale(signature.t, now())) return unauthorized(c, "Tiktok-Signature timestamp is more than 5 minutes off")
    const parsed = json("tiktok", body.bytes)
    if (Result.isFailure(parsed)) return malformed(c, parsed.failure.reason)
    const key = tiktokAccount(parsed.success)
    if (key === undefined) return malformed(c, "the body names no business (user_openid)")
    const found = await account(c, byKey(runtime, "tiktok", key), `tiktok ${key}`)
    if (found instanceof Response) return found
    const secret = found.account.secrets.clientSecret
    if (secret === undefined || !verifyTikTok(secret, body.bytes, signature)) {
      return unauthorized(c, "Tiktok-Signature does not match the body")
    }
    const events = parse("tiktok", parsed.success)
    if (Result.isFailure(events)) return malformed(c, events.failure.reason)
    return accept(c, events.success, () => found.account)
  })

  return app
}

const refKey = (ref: AccountRef) => `${ref.channel}\u0000${ref.key}`
