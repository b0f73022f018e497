import type { Inbound } from "@chatshop/domain"
import { type EventInput, inboundEvent, statusEventId } from "../shared/Events.ts"
import { arr, at, id, type Json, millis, obj, parseWith, reject, required, str } from "../shared/Json.ts"

export interface ParseContext {
  readonly receivedAt: number
}

/** Marks our own sends (`message.metadata`), so their echoes are told apart from the owner's replies. */
export const echoMetadata = "chatshop"

/**
 * Messenger (`object: "page"`) and Instagram (`object: "instagram"`) webhooks → events. Each
 * `entry[].messaging[]` item is one event: a message (text, quick reply, attachments, Shops product
 * referral), an `is_echo` copy of what the page sent, a postback, a referral, a delivery or a read.
 * Instagram `changes` (comments, mentions) are not conversations and are skipped.
 */
export const parseWebhook = parseWith<ParseContext>("messenger", (body, ctx) => {
  const channel = body.object === "page" ? "messenger" : body.object === "instagram" ? "instagram" : undefined
  if (channel === undefined) return reject("object is neither page nor instagram")
  if (!Array.isArray(body.entry)) reject("entry is not an array")
  const events: Array<Inbound.InboundEvent> = []
  for (const entry of arr(body.entry)) {
    const accountKey = required(id(at(entry, "id")), "entry[].id")
    for (const item of arr(at(entry, "messaging"))) {
      const m = required(obj(item), "messaging[]")
      events.push(...itemOf(channel, accountKey, m, ctx))
    }
  }
  return events
})

function itemOf(
  channel: "messenger" | "instagram",
  accountKey: string,
  item: Json,
  ctx: ParseContext
): Array<Inbound.InboundEvent> {
  const sender = required(id(at(item, "sender", "id")), "messaging[].sender.id")
  const recipient = id(at(item, "recipient", "id"))
  const timestamp = millis(item.timestamp) ?? ctx.receivedAt
  const base = { channel, accountKey, timestamp, raw: item }
  const message = obj(item.message)
  if (message !== undefined) {
    const mid = required(str(message.mid), "message.mid")
    if (message.is_echo === true) {
      // The page wrote: the customer is the recipient.
      const metadata = str(message.metadata)
      return [
        inboundEvent({
          ...base,
          ...contentOf(message),
          kind: "echo",
          customerId: required(recipient, "recipient.id of an echo"),
          platformMessageId: mid,
          echo: { viaApi: metadata?.startsWith(echoMetadata) === true ? true : undefined, appId: id(message.app_id) }
        })
      ]
    }
    return [
      inboundEvent({
        ...base,
        ...contentOf(message),
        customerId: sender,
        platformMessageId: mid,
        replyTo: str(at(message, "reply_to", "mid"))
      })
    ]
  }
  const postback = obj(item.postback)
  if (postback !== undefined) {
    const payload = str(postback.payload) ?? ""
    const title = str(postback.title)
    return [
      inboundEvent({
        ...base,
        kind: "button_reply",
        customerId: sender,
        platformMessageId: str(postback.mid) ?? `postback:${sender}:${timestamp}`,
        text: title,
        button: { payload, title }
      })
    ]
  }
  const referral = obj(item.referral)
  if (referral !== undefined) {
    const productId = id(at(referral, "product", "id")) ?? id(at(referral, "ads_context_data", "product_id"))
    if (productId === undefined) return [] // m.me links and ads without a product: the customer's next message starts the chat
    return [
      inboundEvent({
        ...base,
        kind: "referral_product",
        customerId: sender,
        platformMessageId: `referral:${sender}:${timestamp}`,
        product: { productId }
      })
    ]
  }
  const read = obj(item.read)
  if (read !== undefined) {
    const watermark = millis(read.watermark)
    const messageId = str(read.mid)
    return [
      inboundEvent({
        ...base,
        kind: "read",
        customerId: sender,
        platformMessageId: `read:${sender}:${watermark ?? messageId ?? timestamp}`,
        read: { watermark, messageId }
      })
    ]
  }
  const delivery = obj(item.delivery)
  if (delivery !== undefined) {
    return arr(delivery.mids).flatMap((u) => {
      const messageId = str(u)
      return messageId === undefined
        ? []
        : [
            inboundEvent({
              ...base,
              kind: "status",
              customerId: sender,
              platformMessageId: statusEventId(messageId, "delivered"),
              status: { messageId, state: "delivered" }
            })
          ]
    })
  }
  return [] // reactions, optins, handovers…: nothing to answer or record
}

type Content = Pick<EventInput, "kind" | "text" | "image" | "button" | "product">

function contentOf(message: Json): Content {
  const text = str(message.text)
  const quickReply = str(at(message, "quick_reply", "payload"))
  if (quickReply !== undefined) return { kind: "button_reply", text, button: { payload: quickReply, title: text } }
  const productId = id(at(message, "referral", "product", "id"))
  if (productId !== undefined) return { kind: "referral_product", text, product: { productId } }
  if (message.sticker_id !== undefined && text === undefined) return { kind: "other" } // the "like" thumb
  const image = arr(message.attachments).find((a) => at(a, "type") === "image")
  if (image !== undefined) return { kind: "image", text, image: { url: str(at(image, "payload", "url")) } }
  if (text !== undefined) return { kind: "text", text }
  return { kind: "other" } // audio, video, files, stickers without text, deleted/unsupported messages
}
