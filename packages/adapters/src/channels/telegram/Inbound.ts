import type { Inbound } from "@chatshop/domain"
import { type EventInput, inboundEvent } from "../shared/Events.ts"
import { arr, at, id, type Json, num, obj, parseWith, required, secondsToMillis, str } from "../shared/Json.ts"

/** Telegram updates don't name the bot: the account comes from the webhook path. */
export interface ParseContext {
  readonly receivedAt: number
  readonly accountKey: string
}

/** `<chat id>:<message id>` — Telegram message ids are only unique within a chat. */
export const messageKey = (chatId: string, messageId: string): string => `${chatId}:${messageId}`

/**
 * Telegram Bot API update → events: `message`, `edited_message`, `business_message` (a chat of the
 * owner's Telegram Business account: the owner writing there is an echo), and `callback_query` —
 * with `message`, or without it for buttons on inline-mode messages. Other updates are skipped.
 */
export const parseWebhook = parseWith<ParseContext>("telegram", (body, ctx) => {
  required(num(body.update_id), "update_id")
  const message = obj(body.message) ?? obj(body.business_message)
  if (message !== undefined) return [messageOf(message, ctx, false, body)]
  const edited = obj(body.edited_message) ?? obj(body.edited_business_message)
  if (edited !== undefined) return [messageOf(edited, ctx, true, body)]
  const callback = obj(body.callback_query)
  if (callback !== undefined) return [callbackOf(callback, ctx, body)]
  return []
})

const nameOf = (user: unknown): string | undefined => {
  const full = [str(at(user, "first_name")), str(at(user, "last_name"))].filter((s) => s !== undefined).join(" ")
  return full.length > 0 ? full : str(at(user, "username"))
}

function messageOf(message: Json, ctx: ParseContext, edited: boolean, update: Json): Inbound.InboundEvent {
  const chatId = required(id(at(message, "chat", "id")), "message.chat.id")
  const messageId = required(id(message.message_id), "message.message_id")
  const fromId = id(at(message, "from", "id"))
  const editDate = secondsToMillis(message.edit_date)
  const replyTo = id(at(message, "reply_to_message", "message_id"))
  // In a private chat the chat id is the customer's: anyone else writing there is the business owner.
  const echo = message.business_connection_id !== undefined && fromId !== undefined && fromId !== chatId
  const content = contentOf(message)
  return inboundEvent({
    channel: "telegram",
    accountKey: ctx.accountKey,
    customerId: chatId,
    customerName: echo
      ? nameOf(message.chat)
      : (nameOf(message.from) ?? nameOf(message.chat) ?? str(at(message, "chat", "title"))),
    platformMessageId: edited
      ? `${messageKey(chatId, messageId)}:edited:${editDate ?? ctx.receivedAt}`
      : messageKey(chatId, messageId),
    ...content,
    kind: echo ? "echo" : content.kind,
    echo: echo ? { viaApi: false } : undefined,
    replyTo: replyTo === undefined ? undefined : messageKey(chatId, replyTo),
    edited: edited ? true : undefined,
    timestamp: (edited ? editDate : undefined) ?? secondsToMillis(message.date) ?? ctx.receivedAt,
    raw: update
  })
}

type Content = Pick<EventInput, "kind" | "text" | "image">

function contentOf(message: Json): Content {
  const text = str(message.text)
  if (text !== undefined) return { kind: "text", text }
  const caption = str(message.caption)
  const photos = arr(message.photo)
  // Sizes come smallest first: keep the largest.
  const largest = photos[photos.length - 1]
  if (largest !== undefined) return { kind: "image", text: caption, image: { mediaId: str(at(largest, "file_id")) } }
  const mime = str(at(message, "document", "mime_type"))
  if (mime?.startsWith("image/") === true) {
    return { kind: "image", text: caption, image: { mediaId: str(at(message, "document", "file_id")), mimeType: mime } }
  }
  return { kind: "other", text: caption }
}

function callbackOf(callback: Json, ctx: ParseContext, update: Json): Inbound.InboundEvent {
  const callbackId = required(id(callback.id), "callback_query.id")
  const fromId = required(id(at(callback, "from", "id")), "callback_query.from.id")
  const message = obj(callback.message)
  // Without `message` (buttons on inline-mode messages) the private chat with the user has the user's id.
  const chatId = id(at(message, "chat", "id")) ?? fromId
  const messageId = id(message?.message_id)
  const payload = str(callback.data) ?? str(callback.game_short_name) ?? ""
  return inboundEvent({
    channel: "telegram",
    accountKey: ctx.accountKey,
    customerId: chatId,
    customerName: nameOf(callback.from),
    platformMessageId: `callback:${callbackId}`,
    kind: "button_reply",
    button: { payload },
    callbackId,
    replyTo: messageId === undefined ? str(callback.inline_message_id) : messageKey(chatId, messageId),
    // A callback carries no time of its own (`message.date` is when the buttons were sent).
    timestamp: ctx.receivedAt,
    raw: update
  })
}
