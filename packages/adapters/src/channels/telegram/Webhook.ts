import type { WebhookDescription } from "../shared/Webhook.ts"
import { parseWebhook } from "./Inbound.ts"

/** Telegram Bot API: `POST /webhooks/telegram/:accountId` (set with `setWebhook`'s `secret_token`). */
export const webhook: WebhookDescription = {
  source: "telegram",
  accountIn: "path",
  channel: "telegram",
  auth: { scheme: "token", header: "X-Telegram-Bot-Api-Secret-Token", secret: "secretToken" },
  parse: (body, ctx) => parseWebhook(body, { receivedAt: ctx.receivedAt, accountKey: ctx.accountId })
}
