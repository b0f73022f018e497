import { Clock, Context, Effect, Layer, Schema } from "effect"
import { MessagingTag, Sender } from "../replywindow/Model.ts"
import { Channel } from "../shared/Channel.ts"
import { ChannelAccountId, CustomerId, TenantId, Timestamp } from "../shared/Ids.ts"

/** A quick-reply button: `id` comes back as the inbound `button.payload` when tapped. */
export const OutboundButton = Schema.Struct({ id: Schema.NonEmptyString, title: Schema.NonEmptyString })
export type OutboundButton = typeof OutboundButton.Type

/** An image by public URL, or by a media id already uploaded to the platform (WhatsApp, Messenger). */
export const ImageSource = Schema.Struct({
  url: Schema.optionalKey(Schema.NonEmptyString),
  mediaId: Schema.optionalKey(Schema.NonEmptyString)
})
export type ImageSource = typeof ImageSource.Type

/**
 * One logical message the shop sends. Clients split long text at the platform limit and map
 * buttons to what each platform offers (SPEC §6); `AnswerCallback` acknowledges a Telegram button tap.
 */
export const OutboundMessage = Schema.TaggedUnion({
  Text: { text: Schema.NonEmptyString },
  Image: {
    url: Schema.optionalKey(Schema.NonEmptyString),
    mediaId: Schema.optionalKey(Schema.NonEmptyString),
    caption: Schema.optionalKey(Schema.String)
  },
  Buttons: {
    text: Schema.NonEmptyString,
    buttons: Schema.NonEmptyArray(OutboundButton),
    footer: Schema.optionalKey(Schema.String),
    /** Shown above the text where the platform allows a header image. */
    image: Schema.optionalKey(ImageSource)
  },
  AnswerCallback: { callbackId: Schema.NonEmptyString, text: Schema.optionalKey(Schema.String) }
})
export type OutboundMessage = typeof OutboundMessage.Type

export const SendRequest = Schema.Struct({
  tenantId: TenantId,
  channel: Channel,
  /** Our channel account: the sender resolves its credentials (never passed around in jobs). */
  accountId: ChannelAccountId,
  /** The customer's address on the platform (InboundEvent.customerId). */
  recipient: CustomerId,
  message: OutboundMessage,
  sender: Sender,
  /** From `ReplyWindow.canSend`: Messenger/Instagram `RESPONSE` or `HUMAN_AGENT`. */
  tag: Schema.optionalKey(MessagingTag),
  /** The customer's last message, when `tag` is not given (Messenger derives it). */
  lastInboundAt: Schema.optionalKey(Timestamp),
  /** Parts already delivered by an earlier attempt (from a failure's `sentMessageIds`): not sent again. */
  skipParts: Schema.optionalKey(Schema.Int)
})
export type SendRequest = typeof SendRequest.Type

/** The platform ids of every part sent, in order (a long text may go out as several messages). */
export const SendResult = Schema.Struct({ platformMessageIds: Schema.Array(Schema.String) })
export type SendResult = typeof SendResult.Type

/** Why the platform will never accept this message as is: retrying cannot help. */
export const PermanentReason = Schema.Literals([
  "window_closed",
  "opted_out",
  "blocked",
  "invalid_recipient",
  "unauthorized",
  "invalid_request",
  "policy",
  "quota_exceeded",
  "expired",
  "unknown"
])
export type PermanentReason = typeof PermanentReason.Type

/**
 * Not retried, reported to the outbox: e.g. WhatsApp 131047 (24 h window closed), 131050 (user
 * stopped marketing messages), Telegram 403 (bot blocked), Messenger 551 (person unavailable).
 */
export class PermanentSendError extends Schema.TaggedError<PermanentSendError>()("PermanentSendError", {
  channel: Channel,
  code: Schema.String,
  reason: PermanentReason,
  message: Schema.String,
  /** Parts that did go out before the failure. */
  sentMessageIds: Schema.Array(Schema.String)
}) {}

/** Worth retrying later (429, 5xx, timeouts) once the client's own retries are spent. */
export class TransientSendError extends Schema.TaggedError<TransientSendError>()("TransientSendError", {
  channel: Channel,
  code: Schema.String,
  message: Schema.String,
  retryAfterMs: Schema.optionalKey(Schema.Int),
  sentMessageIds: Schema.Array(Schema.String)
}) {}

export type SendError = PermanentSendError | TransientSendError

/** A send the memory implementation recorded, with the clock time it happened. */
export interface RecordedSend {
  readonly request: SendRequest
  readonly platformMessageIds: ReadonlyArray<string>
  readonly at: Timestamp
}

/** Sends one logical message to a customer on any channel (SPEC §4, §6). */
export class ChannelSender extends Context.Service<
  ChannelSender,
  { readonly send: (request: SendRequest) => Effect.Effect<SendResult, SendError> }
>()("@chatshop/domain/ports/ChannelSender") {
  /** Records sends instead of talking to a platform; `ChannelSenderMemory` reads and scripts it. */
  static readonly layerMemory: Layer.Layer<ChannelSender | ChannelSenderMemory> = Layer.effectContext(
    Effect.sync(() => {
      const memory = makeMemory()
      return Context.make(ChannelSender, memory.sender).pipe(Context.add(ChannelSenderMemory, memory.control))
    })
  )
}

/** Test handle of `ChannelSender.layerMemory`: what was sent, and failures to answer next. */
export class ChannelSenderMemory extends Context.Service<
  ChannelSenderMemory,
  {
    readonly sent: Effect.Effect<ReadonlyArray<RecordedSend>>
    /** The next sends fail with these errors, in order (nothing is recorded for them). */
    readonly failNext: (...errors: ReadonlyArray<SendError>) => Effect.Effect<void>
    readonly clear: Effect.Effect<void>
  }
>()("@chatshop/domain/ports/ChannelSenderMemory") {}

function makeMemory() {
  const sent: Array<RecordedSend> = []
  const failures: Array<SendError> = []
  let counter = 0
  const sender = ChannelSender.of({
    send: (request) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const failure = failures.shift()
        if (failure !== undefined) return Effect.fail(failure)
        counter += 1
        const platformMessageIds = [`mem_${counter}`]
        sent.push({ request, platformMessageIds, at: now as Timestamp })
        return Effect.succeed({ platformMessageIds })
      })
  })
  const control = ChannelSenderMemory.of({
    sent: Effect.sync(() => [...sent]),
    failNext: (...errors) => Effect.sync(() => void failures.push(...errors)),
    clear: Effect.sync(() => {
      sent.length = 0
      failures.length = 0
    })
  })
  return { sender, control }
}
