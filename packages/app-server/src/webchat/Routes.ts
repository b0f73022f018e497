import { parseJson, parseWebhook } from "@chatshop/adapters/channels"
import { Webchat } from "@chatshop/adapters/channels"
import { ChannelAccount, TenantId } from "@chatshop/domain"
import { Cause, Effect, Exit, Option, Result } from "effect"
import { Hono } from "hono"
import { streamSSE } from "hono/streaming"
import { inlinePageCsp } from "../csp.ts"
import { failWith } from "../http.ts"
import type { AppRuntime } from "../runtime.ts"
import { readRawBody } from "../webhooks/Body.ts"
import { ingest, isIngestError } from "../webhooks/Ingest.ts"
import { chatPage, chatScript, chatStyle } from "./Page.ts"

const decoder = new TextDecoder()

/** The page's own style and script only, photos from wherever the shop keeps them; shops may frame it. */
export const chatCsp = inlinePageCsp({ script: chatScript, style: chatStyle }, ["img-src https: http:"])

/** The tenant's web chat account (created with `POST /api/v1/channels {"type":"webchat"}`). */
const webchatAccount = (tenantId: string) =>
  ChannelAccount.ChannelAccountRepository.use((r) => r.list(TenantId.make(tenantId))).pipe(
    Effect.map((accounts) => accounts.find((a) => a.type === "webchat"))
  )

/**
 * SPEC §5 web chat: the page, a customer's message in (same durable ingest as the webhooks), and
 * replies out as server-sent events from the WebchatHub the sender publishes to.
 */
export const webchatRoutes = (runtime: AppRuntime, now: () => number) => {
  const app = new Hono()

  app.get("/", (c) => {
    c.header("content-security-policy", chatCsp)
    c.header("x-content-type-options", "nosniff")
    return c.html(chatPage)
  })

  app.post("/chat/:tenant/messages", async (c) => {
    const body = await readRawBody(c.req.raw, 64 * 1024)
    if (!body.ok) return failWith(c, 413, "payload_too_large", "a chat message is at most 64 KiB")
    const found = await runtime.runPromiseExit(webchatAccount(c.req.param("tenant")))
    if (Exit.isFailure(found)) return failWith(c, 503, "unavailable", "the account store did not answer")
    const account = found.value
    if (account === undefined || c.req.param("tenant") === "") {
      return failWith(c, 404, "unknown_account", "this shop has no web chat")
    }
    const json = parseJson("webchat", decoder.decode(body.bytes))
    if (Result.isFailure(json)) return failWith(c, 400, "malformed_payload", json.failure.reason)
    const events = parseWebhook("webchat", json.success, { receivedAt: now(), accountKey: account.id })
    if (Result.isFailure(events)) return failWith(c, 400, "malformed_payload", events.failure.reason)
    const exit = await runtime.runPromiseExit(ingest(account, events.success))
    if (Exit.isSuccess(exit)) return c.json({ status: "ok", ...exit.value }, 202)
    const error = Cause.findErrorOption(exit.cause)
    const message = Option.isSome(error) && isIngestError(error.value) ? error.value.message : "store failure"
    return failWith(c, 503, "unavailable", `not accepted, retry: ${message}`)
  })

  // ?customer=<session id>; a reconnecting browser resumes after Last-Event-ID (the reply time).
  app.get("/chat/:tenant/events", async (c) => {
    const tenantId = c.req.param("tenant")
    const customer = c.req.query("customer")
    if (customer === undefined || customer === "") return failWith(c, 400, "invalid_request", "?customer= is required")
    const found = await runtime.runPromiseExit(webchatAccount(tenantId))
    if (Exit.isFailure(found) || found.value === undefined) {
      return failWith(c, 404, "unknown_account", "this shop has no web chat")
    }
    const since = Number(c.req.header("last-event-id") ?? c.req.query("since") ?? Number.NaN)
    return streamSSE(c, async (stream) => {
      // Subscribe before replaying the history so nothing published in between is missed; ids dedupe.
      const sent = new Set<string>()
      const send = async (d: Webchat.WebchatDelivery) => {
        if (sent.has(d.id)) return
        sent.add(d.id)
        await stream.writeSSE({
          id: String(d.at),
          event: "reply",
          data: JSON.stringify({ id: d.id, message: d.message, at: d.at })
        })
      }
      const hub = Webchat.WebchatHub
      const unsubscribe = await runtime.runPromise(hub.use((h) => h.subscribe(tenantId, customer, (d) => void send(d))))
      const past = await runtime.runPromise(
        hub.use((h) => h.recent(tenantId, customer, Number.isFinite(since) ? since : undefined))
      )
      for (const d of past) await send(d)
      const closed = new Promise<void>((resolve) => stream.onAbort(resolve))
      // Comments keep proxies from closing an idle stream.
      while (!stream.aborted && !stream.closed) {
        await Promise.race([closed, stream.sleep(15_000)])
        if (!stream.aborted) await stream.write(": keep-alive\n\n")
      }
      await runtime.runPromise(unsubscribe)
    })
  })

  return app
}
