import { at, id } from "../shared/Json.ts"
import type { WebhookDescription } from "../shared/Webhook.ts"
import { parseWebhook } from "./Inbound.ts"

/** TikTok Business Messaging: `POST /webhooks/tiktok`, the business in `user_openid`, signed with a timestamp. */
export const webhook: WebhookDescription = {
  source: "tiktok",
  accountIn: "body",
  accountKeys: (body) => {
    const key = id(at(body, "user_openid"))
    return key === undefined ? [] : [{ channel: "tiktok", key }]
  },
  accountField: "user_openid",
  auth: { scheme: "timestamped-hmac", header: "Tiktok-Signature", secret: "clientSecret" },
  parse: parseWebhook
}
