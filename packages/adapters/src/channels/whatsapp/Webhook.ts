import { arr, at, id } from "../shared/Json.ts"
import type { WebhookDescription } from "../shared/Webhook.ts"
import { parseWebhook } from "./Inbound.ts"

/** WhatsApp Cloud API: `POST /webhooks/whatsapp`, signed with the Meta app secret; `GET` subscribes. */
export const webhook: WebhookDescription = {
  source: "whatsapp",
  accountIn: "body",
  // Each change's number: a batched body may be for several.
  accountKeys: (body) =>
    arr(at(body, "entry")).flatMap((entry) =>
      arr(at(entry, "changes")).flatMap((change) => {
        const key = id(at(change, "value", "metadata", "phone_number_id"))
        return key === undefined ? [] : [{ channel: "whatsapp", key }]
      })
    ),
  accountField: "metadata.phone_number_id",
  auth: { scheme: "hmac", header: "X-Hub-Signature-256", secret: "appSecret" },
  subscribe: ["whatsapp"],
  parse: parseWebhook
}
