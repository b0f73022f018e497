import { arr, at, id } from "../shared/Json.ts"
import type { WebhookDescription } from "../shared/Webhook.ts"
import { parseWebhook } from "./Inbound.ts"

/**
 * Messenger and Instagram: `POST /webhooks/messenger`, signed with the Meta app secret; `GET`
 * subscribes a page's or its Instagram account's verify token.
 */
export const webhook: WebhookDescription = {
  source: "messenger",
  accountIn: "body",
  // `entry[].id`: pages for `object: "page"`, Instagram accounts for `object: "instagram"`.
  accountKeys: (body) => {
    const object = at(body, "object")
    const channel = object === "page" ? "messenger" : object === "instagram" ? "instagram" : undefined
    if (channel === undefined) return []
    return arr(at(body, "entry")).flatMap((entry) => {
      const key = id(at(entry, "id"))
      return key === undefined ? [] : [{ channel, key }]
    })
  },
  accountField: "entry[].id",
  auth: { scheme: "hmac", header: "X-Hub-Signature-256", secret: "appSecret" },
  subscribe: ["messenger", "instagram"],
  parse: parseWebhook
}
