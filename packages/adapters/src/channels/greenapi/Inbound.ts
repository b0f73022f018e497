import type { Inbound } from "@chatshop/domain"
import { type EventInput, inboundEvent, statusEventId } from "../shared/Events.ts"
import { at, id, type Json, obj, parseWith, required, secondsToMillis, str } from "../shared/Json.ts"

export interface ParseContext {
  readonly receivedAt: number
}

/**
 * The customer id of a chat: a personal chat `79001234567@c.us` is the number `79001234567`, like
 * the WhatsApp Cloud API's wa_id (the client's `chatIdOf` adds the suffix back when sending). Other
 * chats (groups, `@g.us`) keep their id.
 */
export const customerIdOf = (chatId: string): string => chatId.replace(/@c\.us$/, "")

/** GREEN-API's markers for messages WhatsApp did not deliver readably (docs "Common errors"). */
const unreadableMarker = /^\{\{SWE00\d\}\}$/

/**
 * GREEN-API webhook → events. `incomingMessageReceived` is the customer; `outgoingMessageReceived`
 * (typed on the owner's phone) and `outgoingAPIMessageReceived` (sent through the API) are echoes;
 * `outgoingMessageStatus` reports on our sends (`noAccount`, `notInGroup`, `yellowCard` → failed).
 * Instance state, calls and the like are skipped.
 */
export const parseWebhook = parseWith<ParseContext>("greenapi", (body, ctx) => {
  const type = required(str(body.typeWebhook), "typeWebhook")
  if (
    type !== "incomingMessageReceived" &&
    type !== "outgoingMessageReceived" &&
    type !== "outgoingAPIMessageReceived" &&
    type !== "outgoingMessageStatus"
  ) {
    return []
  }
  const accountKey = required(id(at(body, "instanceData", "idInstance")), "instanceData.idInstance")
  const messageId = required(str(body.idMessage), "idMessage")
  const timestamp = secondsToMillis(body.timestamp) ?? ctx.receivedAt
  const base = { channel: "greenapi", accountKey, timestamp, raw: body } as const
  if (type === "outgoingMessageStatus") {
    const status = str(body.status)
    const state = status === undefined ? undefined : deliveryState(status)
    if (status === undefined || state === undefined) return []
    const chatId = str(body.chatId)
    return [
      inboundEvent({
        ...base,
        kind: state === "read" ? "read" : "status",
        customerId: chatId === undefined ? undefined : customerIdOf(chatId),
        platformMessageId: statusEventId(messageId, status),
        status: { messageId, state, errorCode: state === "failed" && status !== "failed" ? status : undefined },
        read: state === "read" ? { messageId } : undefined
      })
    ]
  }
  const chatId = required(str(at(body, "senderData", "chatId")), "senderData.chatId")
  const content = contentOf(required(obj(body.messageData), "messageData"))
  const echo = type !== "incomingMessageReceived"
  return [
    inboundEvent({
      ...base,
      ...content,
      kind: echo ? "echo" : content.kind,
      echo: echo ? { viaApi: type === "outgoingAPIMessageReceived" } : undefined,
      customerId: customerIdOf(chatId),
      customerName: echo
        ? str(at(body, "senderData", "chatName"))
        : (str(at(body, "senderData", "senderContactName")) ??
          str(at(body, "senderData", "senderName")) ??
          str(at(body, "senderData", "chatName"))),
      platformMessageId: messageId
    })
  ]
})

const failures: ReadonlySet<string> = new Set(["failed", "noAccount", "notInGroup", "yellowCard"])

const deliveryState = (status: string): Inbound.DeliveryState | undefined =>
  status === "sent" || status === "delivered" || status === "read"
    ? status
    : failures.has(status)
      ? "failed"
      : undefined

type Content = Pick<EventInput, "kind" | "text" | "image" | "button" | "replyTo">

function contentOf(data: Json): Content {
  switch (data.typeMessage) {
    case "textMessage": {
      const text = str(at(data, "textMessageData", "textMessage"))
      return text !== undefined && unreadableMarker.test(text) ? { kind: "other" } : { kind: "text", text }
    }
    case "extendedTextMessage":
      return { kind: "text", text: str(at(data, "extendedTextMessageData", "text")) }
    case "quotedMessage":
      return {
        kind: "text",
        text: str(at(data, "extendedTextMessageData", "text")),
        replyTo: str(at(data, "quotedMessage", "stanzaId")) ?? str(at(data, "extendedTextMessageData", "stanzaId"))
      }
    case "imageMessage":
      return {
        kind: "image",
        text: str(at(data, "fileMessageData", "caption")),
        image: {
          url: str(at(data, "fileMessageData", "downloadUrl")),
          mimeType: str(at(data, "fileMessageData", "mimeType"))
        }
      }
    case "buttonsResponseMessage":
      return button(
        str(at(data, "buttonsResponseMessage", "selectedButtonId")),
        str(at(data, "buttonsResponseMessage", "selectedButtonText"))
      )
    case "templateButtonsReplyMessage":
      return button(
        str(at(data, "templateButtonReplyMessage", "selectedId")),
        str(at(data, "templateButtonReplyMessage", "selectedDisplayText"))
      )
    case "interactiveButtonsResponse":
      return button(
        str(at(data, "interactiveButtonsResponse", "selectedButtonId")),
        str(at(data, "interactiveButtonsResponse", "selectedButtonText"))
      )
    case "listResponseMessage":
      return button(
        str(at(data, "listResponseMessage", "singleSelectReply", "selectedRowId")),
        str(at(data, "listResponseMessage", "title"))
      )
    default:
      return { kind: "other", text: str(at(data, "fileMessageData", "caption")) }
  }
}

const button = (payload: string | undefined, title: string | undefined): Content =>
  payload === undefined
    ? { kind: "other", text: title }
    : { kind: "button_reply", text: title, button: { payload, title } }
