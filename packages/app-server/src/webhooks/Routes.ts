import { GreenApi, Messenger, Telegram, TikTok, type WebhookDescription, WhatsApp } from "@chatshop/adapters/channels"
import type { ChannelAccount } from "@chatshop/domain"
import { type Context, Hono } from "hono"
import { failWith } from "../http.ts"
import type { AppRuntime } from "../runtime.ts"
import { byVerifyToken } from "./Lookup.ts"
import { receive, unavailable } from "./Pipeline.ts"
import { safeEqual } from "./Signature.ts"

/** The platforms served under `/webhooks`, each by its adapter's description. */
export const platforms: ReadonlyArray<WebhookDescription> = [
  WhatsApp.webhook,
  Messenger.webhook,
  Telegram.webhook,
  TikTok.webhook,
  GreenApi.webhook
]

export interface WebhookOptions {
  /** The server clock in epoch ms (TikTok skew, receive time); tests pin it. */
  readonly now?: () => number
  /** The platforms to serve (default: all of `platforms`). */
  readonly platforms?: ReadonlyArray<WebhookDescription>
}

/**
 * SPEC §5 webhooks: `POST /<source>` (or `/<source>/:accountId` when the path names the account) runs
 * the pipeline over the platform's description; `GET` on the same route answers Meta's subscription.
 */
export const webhookRoutes = (runtime: AppRuntime, options: WebhookOptions = {}) => {
  const now = options.now ?? Date.now
  const app = new Hono()
  for (const d of options.platforms ?? platforms) {
    const path = d.accountIn === "path" ? `/${d.source}/:accountId` : `/${d.source}`
    if (d.subscribe !== undefined) app.get(path, subscription(runtime, d.subscribe))
    app.post(path, receive(runtime, d, now))
  }
  return app
}

/** `hub.mode=subscribe` with an account's verify token → 200 with `hub.challenge` as text, else 403. */
const subscription = (runtime: AppRuntime, channels: ReadonlyArray<ChannelAccount.ChannelAccountType>) => {
  const refuse = (c: Context, why: string) => failWith(c, 403, "verification_failed", why)
  return async (c: Context) => {
    const mode = c.req.query("hub.mode")
    const token = c.req.query("hub.verify_token")
    const value = c.req.query("hub.challenge")
    if (mode !== "subscribe" || token === undefined || token === "" || value === undefined) {
      return refuse(c, "hub.mode must be subscribe with a verify token and challenge")
    }
    const found = await byVerifyToken(runtime, channels, token)
    if (found._tag === "unavailable") return unavailable(c, found.message)
    if (found._tag === "missing" || !safeEqual(found.value.verifyToken ?? "", token)) {
      return refuse(c, "the verify token matches no account")
    }
    return c.text(value, 200)
  }
}
