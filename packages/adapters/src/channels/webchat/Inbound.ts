import { inboundEvent } from "../shared/Events.ts"
import { id, parseWith, required, str } from "../shared/Json.ts"

/** The web chat has no platform account: the server passes the tenant's web chat key. */
export interface ParseContext {
  readonly receivedAt: number
  readonly accountKey: string
}

/**
 * Our own web chat's `POST /chat/:tenant/messages` body → one text event:
 * `{ "customerId": "<browser session id>", "text": "...", "id"?: "<client message id>", "name"?: "..." }`.
 * A client id makes browser retries idempotent; without one each POST is a new message.
 */
export const parseWebhook = parseWith<ParseContext>("webchat", (body, ctx) => {
  const customerId = required(id(body.customerId), "customerId")
  const text = required(str(body.text), "text")
  return [
    inboundEvent({
      channel: "webchat",
      accountKey: ctx.accountKey,
      customerId,
      customerName: str(body.name),
      platformMessageId: id(body.id) ?? `${customerId}:${ctx.receivedAt}`,
      kind: "text",
      text,
      timestamp: ctx.receivedAt,
      raw: body
    })
  ]
})
