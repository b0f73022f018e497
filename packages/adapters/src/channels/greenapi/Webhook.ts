import type { WebhookDescription } from "../shared/Webhook.ts"
import { parseWebhook } from "./Inbound.ts"

/** GREEN-API: `POST /webhooks/greenapi/:accountId` with the instance's webhook token as a bearer token. */
export const webhook: WebhookDescription = {
  source: "greenapi",
  accountIn: "path",
  channel: "greenapi",
  auth: { scheme: "bearer", secret: "webhookToken" },
  parse: parseWebhook
}
