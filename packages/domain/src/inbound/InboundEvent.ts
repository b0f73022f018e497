import { Schema } from "effect"
import { Channel } from "../shared/Channel.ts"
import { CustomerId, TenantId, Timestamp } from "../shared/Ids.ts"

/**
 * What a platform told us, normalised (SPEC §3.7, issue 4). Customer messages run through the
 * dialog; `echo` (the shop owner wrote from their own phone/app, or our own send mirrored back),
 * `status` and `read` are recorded, never answered.
 */
export const InboundKind = Schema.Literals([
  "text",
  "image",
  "button_reply",
  "referral_product",
  "echo",
  "status",
  "read",
  "other"
])
export type InboundKind = typeof InboundKind.Type

/**
 * The platform's own key for the receiving account: WhatsApp phone_number_id, Messenger page id,
 * Instagram account id, Telegram bot account (from the webhook path), TikTok business id,
 * GREEN-API idInstance. The webhook server maps it to a tenant and our ChannelAccountId.
 */
export const AccountKey = Schema.NonEmptyString.pipe(Schema.brand("AccountKey"))
export type AccountKey = typeof AccountKey.Type

/** Where an outbound message got to, as the platform reports it. */
export const DeliveryState = Schema.Literals(["sent", "delivered", "read", "failed"])
export type DeliveryState = typeof DeliveryState.Type

/** A photo the customer sent: a URL we can fetch, or a platform media id to download through its API. */
export const InboundImage = Schema.Struct({
  url: Schema.optionalKey(Schema.String),
  mediaId: Schema.optionalKey(Schema.String),
  mimeType: Schema.optionalKey(Schema.String)
})
export type InboundImage = typeof InboundImage.Type

/** A tapped button or picked list row: `payload` is the id we sent with it. */
export const ButtonReply = Schema.Struct({
  payload: Schema.String,
  title: Schema.optionalKey(Schema.String)
})
export type ButtonReply = typeof ButtonReply.Type

/** A catalog product the customer asked about (WhatsApp referred_product/order, Messenger Shops). */
export const ReferredProduct = Schema.Struct({
  catalogId: Schema.optionalKey(Schema.String),
  /** WhatsApp product_retailer_id (the shop's own sku/product id) or the Messenger product id. */
  productId: Schema.NonEmptyString,
  quantity: Schema.optionalKey(Schema.Int)
})
export type ReferredProduct = typeof ReferredProduct.Type

/** A delivery report for one of our outbound messages. */
export const DeliveryStatus = Schema.Struct({
  /** The platform id our send returned (`SendResult.platformMessageIds`). */
  messageId: Schema.NonEmptyString,
  state: DeliveryState,
  errorCode: Schema.optionalKey(Schema.String),
  errorTitle: Schema.optionalKey(Schema.String)
})
export type DeliveryStatus = typeof DeliveryStatus.Type

/** A read receipt: everything up to `watermark` (or the message `messageId`) was seen. */
export const ReadReceipt = Schema.Struct({
  watermark: Schema.optionalKey(Timestamp),
  messageId: Schema.optionalKey(Schema.String)
})
export type ReadReceipt = typeof ReadReceipt.Type

/**
 * Who wrote an echo, when the platform says so. `viaApi: true` — sent through the API (usually our
 * own send mirrored back); `false` — typed on the owner's phone/app (a human took over). Undefined:
 * the platform doesn't say; compare `platformMessageId` with the ids our sends returned.
 */
export const EchoOrigin = Schema.Struct({
  viaApi: Schema.optionalKey(Schema.Boolean),
  appId: Schema.optionalKey(Schema.String)
})
export type EchoOrigin = typeof EchoOrigin.Type

export const InboundEvent = Schema.Struct({
  /** Filled by the webhook server once the account is looked up; parsers leave it out. */
  tenantId: Schema.optionalKey(TenantId),
  channel: Channel,
  accountKey: AccountKey,
  /**
   * The customer, as the address replies go to: WhatsApp wa_id, Messenger PSID, Telegram chat id,
   * TikTok conversation id, GREEN-API chatId. Absent only on a status that doesn't name them.
   */
  customerId: Schema.optionalKey(CustomerId),
  customerName: Schema.optionalKey(Schema.String),
  /** Unique per (channel, accountKey) and per event: the dedupe key's last part. */
  platformMessageId: Schema.NonEmptyString,
  kind: InboundKind,
  text: Schema.optionalKey(Schema.String),
  image: Schema.optionalKey(InboundImage),
  button: Schema.optionalKey(ButtonReply),
  /** Telegram callback_query id: answer it with `answerCallbackQuery`. */
  callbackId: Schema.optionalKey(Schema.String),
  product: Schema.optionalKey(ReferredProduct),
  /** Every line of a WhatsApp cart order (`product` is the first). */
  products: Schema.optionalKey(Schema.Array(ReferredProduct)),
  status: Schema.optionalKey(DeliveryStatus),
  read: Schema.optionalKey(ReadReceipt),
  echo: Schema.optionalKey(EchoOrigin),
  /** The platform id of the message this one replies to / quotes. */
  replyTo: Schema.optionalKey(Schema.String),
  /** A Telegram edited message: same message, new text. */
  edited: Schema.optionalKey(Schema.Boolean),
  /** When it happened on the platform, epoch ms (the receive time when the platform omits it). */
  timestamp: Timestamp,
  /** The platform's own JSON for this event, for audit and for fields we don't model. */
  raw: Schema.Unknown
})
export type InboundEvent = typeof InboundEvent.Type

/** An event that is a customer's message in a conversation: it has a customer and isn't a receipt. */
export type CustomerEvent = InboundEvent & { readonly customerId: CustomerId }

/** The body could not be read as this platform's webhook: the server answers 400. */
export class MalformedPayload extends Schema.TaggedError<MalformedPayload>()("MalformedPayload", {
  channel: Channel,
  reason: Schema.String
}) {}

const conversational: ReadonlySet<InboundKind> = new Set(["text", "image", "button_reply", "referral_product", "other"])

/** Kinds the dialog answers; echo/status/read are recorded only (SPEC §5: "recorded, not run through the dialog"). */
export const isConversationalKind = (kind: InboundKind): boolean => conversational.has(kind)

/** A customer's own message with a known customer: what the dialog runs on. */
export const isCustomerMessage = (event: InboundEvent): event is CustomerEvent =>
  event.customerId !== undefined && isConversationalKind(event.kind)

/** Opens (or extends) the channel's reply window: only a message the customer wrote does (SPEC §3.6). */
export const opensReplyWindow = (event: InboundEvent): boolean => isCustomerMessage(event)

/** The durable dedupe key for a delivered event: the same event delivered again has the same key. */
export const dedupeKey = (event: Pick<InboundEvent, "channel" | "accountKey" | "platformMessageId">): string =>
  `${event.channel}:${event.accountKey}:${event.platformMessageId}`

export const decodeInboundEvent = Schema.decodeUnknownResult(InboundEvent)
export const encodeInboundEvent = Schema.encodeUnknownResult(InboundEvent)
