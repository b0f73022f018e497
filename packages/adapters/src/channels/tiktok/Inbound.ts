import { type EventInput, inboundEvent } from "../shared/Events.ts"
import { at, id, type Json, millis, obj, parseWith, reject, required, secondsToMillis, str } from "../shared/Json.ts"

export interface ParseContext {
  readonly receivedAt: number
}

/**
 * TikTok API for Business webhook → events (Business Messaging; see docs/channels.md for sources).
 * Envelope: `{ client_key, event, create_time (unix s), user_openid (the business id), content }`
 * where `content` is a JSON *string*. `im_receive_msg` is a customer message, `im_send_msg` a
 * message the business sent (echo: through our API or the TikTok app), `im_mark_read_msg` a read
 * receipt. Replies go to the conversation, so the conversation id is the customer's address.
 */
export const parseWebhook = parseWith<ParseContext>("tiktok", (body, ctx) => {
  const event = required(str(body.event), "event")
  if (event !== "im_receive_msg" && event !== "im_send_msg" && event !== "im_mark_read_msg") return []
  const accountKey = required(id(body.user_openid), "user_openid")
  const content = contentJson(body.content)
  const conversationId = required(id(content.conversation_id), "content.conversation_id")
  const timestamp = millis(content.timestamp) ?? secondsToMillis(body.create_time) ?? ctx.receivedAt
  const base = { channel: "tiktok", accountKey, customerId: conversationId, timestamp, raw: body } as const
  if (event === "im_mark_read_msg") {
    // The business reading the chat is not a receipt for us.
    if (id(at(content, "from_user", "id")) === accountKey) return []
    const watermark = millis(at(content, "read", "last_read_timestamp"))
    return [
      inboundEvent({
        ...base,
        kind: "read",
        platformMessageId: `read:${conversationId}:${watermark ?? timestamp}`,
        read: { watermark }
      })
    ]
  }
  const messageId = required(id(content.message_id), "content.message_id")
  const fromBusiness = event === "im_send_msg" || id(at(content, "from_user", "id")) === accountKey
  const parsed = messageOf(content)
  return [
    inboundEvent({
      ...base,
      ...parsed,
      kind: fromBusiness ? "echo" : parsed.kind,
      echo: fromBusiness ? {} : undefined,
      customerName: str(fromBusiness ? content.to : content.from),
      platformMessageId: messageId,
      replyTo: id(at(content, "referenced_message_info", "referenced_message_id"))
    })
  ]
})

/** `content` is a serialized JSON object (a parsed object is accepted too). */
function contentJson(u: unknown): Json {
  if (typeof u === "string") {
    try {
      // TikTok sends some ids as 19-digit numbers; quote them before JSON.parse rounds them.
      const parsed = obj(JSON.parse(u.replace(/"(message_id|conversation_id|id)"\s*:\s*(\d{16,})/g, '"$1":"$2"')))
      if (parsed !== undefined) return parsed
    } catch {
      // fall through to the rejection below
    }
    return reject("content is not a JSON object string")
  }
  return required(obj(u), "content")
}

type Content = Pick<EventInput, "kind" | "text" | "image">

function messageOf(content: Json): Content {
  switch (content.type) {
    case "text":
      return { kind: "text", text: str(at(content, "text", "body")) }
    case "image":
      return { kind: "image", image: { mediaId: id(at(content, "image", "media_id")), url: str(content.media_url) } }
    case "share_post":
      return { kind: "other", text: str(at(content, "share_post", "embed_url")) }
    default:
      return { kind: "other" }
  }
}
