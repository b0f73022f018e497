import type { Inbound } from "@chatshop/domain"
import { type EventInput, inboundEvent, statusEventId } from "../shared/Events.ts"
import { arr, at, id, type Json, obj, parseWith, reject, required, secondsToMillis, str } from "../shared/Json.ts"

/** What the parser needs besides the body: when it arrived (fallback timestamp). */
export interface ParseContext {
  readonly receivedAt: number
}

/**
 * WhatsApp Cloud API webhook → events. One POST may batch several entries, changes, messages and
 * statuses (or only statuses). `field: "messages"` carries customer messages and delivery statuses;
 * `field: "smb_message_echoes"` (coexistence numbers) carries what the owner typed in the WhatsApp
 * Business app — an echo, i.e. a human took over. Other fields are ignored.
 */
export const parseWebhook = parseWith<ParseContext>("whatsapp", (body, ctx) => {
  if (body.object !== "whatsapp_business_account") reject("object is not whatsapp_business_account")
  if (!Array.isArray(body.entry)) reject("entry is not an array")
  const events: Array<Inbound.InboundEvent> = []
  for (const entry of arr(body.entry)) {
    for (const change of arr(at(entry, "changes"))) {
      const value = obj(at(change, "value"))
      if (value === undefined) continue
      const field = at(change, "field")
      if (field === "messages") events.push(...messagesOf(value, ctx))
      else if (field === "smb_message_echoes") events.push(...echoesOf(value, ctx))
    }
  }
  return events
})

const accountOf = (value: Json): string =>
  required(id(at(value, "metadata", "phone_number_id")), "metadata.phone_number_id")

function messagesOf(value: Json, ctx: ParseContext): Array<Inbound.InboundEvent> {
  const accountKey = accountOf(value)
  const names = new Map<string, string>()
  for (const contact of arr(value.contacts)) {
    const waId = id(at(contact, "wa_id"))
    const name = str(at(contact, "profile", "name"))
    if (waId !== undefined && name !== undefined) names.set(waId, name)
  }
  const events: Array<Inbound.InboundEvent> = []
  for (const m of arr(value.messages)) {
    const from = required(id(at(m, "from")), "messages[].from")
    events.push(
      inboundEvent({
        channel: "whatsapp",
        accountKey,
        customerId: from,
        customerName: names.get(from),
        platformMessageId: required(str(at(m, "id")), "messages[].id"),
        replyTo: str(at(m, "context", "id")),
        timestamp: secondsToMillis(at(m, "timestamp")) ?? ctx.receivedAt,
        raw: m,
        ...contentOf(required(obj(m), "messages[]"))
      })
    )
  }
  for (const s of arr(value.statuses)) {
    const messageId = required(str(at(s, "id")), "statuses[].id")
    const state = deliveryState(at(s, "status"))
    if (state === undefined) continue // e.g. "deleted"/"warning": nothing the outbox tracks
    const error = arr(at(s, "errors"))[0]
    events.push(
      inboundEvent({
        channel: "whatsapp",
        accountKey,
        customerId: id(at(s, "recipient_id")),
        platformMessageId: statusEventId(messageId, state),
        kind: state === "read" ? "read" : "status",
        status: { messageId, state, errorCode: id(at(error, "code")), errorTitle: str(at(error, "title")) },
        read: state === "read" ? { messageId } : undefined,
        timestamp: secondsToMillis(at(s, "timestamp")) ?? ctx.receivedAt,
        raw: s
      })
    )
  }
  return events
}

function echoesOf(value: Json, ctx: ParseContext): Array<Inbound.InboundEvent> {
  const accountKey = accountOf(value)
  return arr(value.message_echoes).map((m) =>
    inboundEvent({
      channel: "whatsapp",
      accountKey,
      customerId: required(id(at(m, "to")), "message_echoes[].to"),
      platformMessageId: required(str(at(m, "id")), "message_echoes[].id"),
      timestamp: secondsToMillis(at(m, "timestamp")) ?? ctx.receivedAt,
      raw: m,
      ...contentOf(required(obj(m), "message_echoes[]")),
      kind: "echo",
      echo: { viaApi: false }
    })
  )
}

const deliveryState = (u: unknown): Inbound.DeliveryState | undefined =>
  u === "sent" || u === "delivered" || u === "read" || u === "failed" ? u : undefined

type Content = Pick<EventInput, "kind" | "text" | "image" | "button" | "product" | "products">

/** The message body by `type`; a product the customer came from (`context.referred_product`) wins. */
function contentOf(m: Json): Content {
  const content = bodyOf(m)
  const catalogId = str(at(m, "context", "referred_product", "catalog_id"))
  const productId = str(at(m, "context", "referred_product", "product_retailer_id"))
  if (productId === undefined) return content
  return { ...content, kind: "referral_product", product: { catalogId, productId } }
}

function bodyOf(m: Json): Content {
  switch (m.type) {
    case "text":
      return { kind: "text", text: str(at(m, "text", "body")) }
    case "image":
      return {
        kind: "image",
        text: str(at(m, "image", "caption")),
        image: {
          mediaId: id(at(m, "image", "id")),
          url: str(at(m, "image", "url")),
          mimeType: str(at(m, "image", "mime_type"))
        }
      }
    case "interactive": {
      const reply = obj(at(m, "interactive", "button_reply")) ?? obj(at(m, "interactive", "list_reply"))
      const payload = id(reply?.id)
      if (payload === undefined) return { kind: "other" }
      const title = str(reply?.title)
      return { kind: "button_reply", text: title, button: { payload, title } }
    }
    case "button": {
      // A quick-reply button of a template message.
      const payload = str(at(m, "button", "payload")) ?? str(at(m, "button", "text"))
      const title = str(at(m, "button", "text"))
      return payload === undefined
        ? { kind: "other" }
        : { kind: "button_reply", text: title, button: { payload, title } }
    }
    case "order": {
      const catalogId = str(at(m, "order", "catalog_id"))
      const products = arr(at(m, "order", "product_items")).flatMap((item) => {
        const productId = str(at(item, "product_retailer_id"))
        const quantity = at(item, "quantity")
        return productId === undefined
          ? []
          : [{ catalogId, productId, quantity: Number.isSafeInteger(quantity) ? (quantity as number) : undefined }]
      })
      const first = products[0]
      const text = str(at(m, "order", "text"))
      return first === undefined
        ? { kind: "other", text }
        : { kind: "referral_product", text, product: first, products }
    }
    default:
      // video/document captions are worth keeping for a human; the dialog treats these as `other`.
      return { kind: "other", text: str(at(m, String(m.type), "caption")) }
  }
}
