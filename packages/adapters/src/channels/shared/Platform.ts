import type { Channel, OutboundMessage, ReplyWindow, SendError, SendResult } from "@chatshop/domain"
import type { Effect } from "effect"

/** One logical message to one customer, as every platform client takes it. */
export interface PlatformSend {
  /** The customer's address (InboundEvent.customerId). */
  readonly recipient: string
  readonly message: OutboundMessage
  readonly sender: ReplyWindow.Sender
  /** messenger or instagram for the Messenger client; ignored elsewhere. */
  readonly channel?: Channel
  readonly tag?: ReplyWindow.MessagingTag
  readonly lastInboundAt?: number
  /** Parts already delivered by an earlier attempt: not sent again. */
  readonly skipParts?: number
}

export interface PlatformClient<Credentials> {
  readonly send: (credentials: Credentials, request: PlatformSend) => Effect.Effect<SendResult, SendError>
}

/** A file a customer sent, fetched from the platform by its media id (a payment screenshot). */
export interface DownloadedMedia {
  readonly bytes: Uint8Array
  readonly mimeType: string
}

/** A client that can also fetch what customers send by media id (WhatsApp, Telegram). */
export interface MediaClient<Credentials> extends PlatformClient<Credentials> {
  readonly download: (credentials: Credentials, mediaId: string) => Effect.Effect<DownloadedMedia, SendError>
}

/** Is there a URL in the text (WhatsApp shows a preview only when asked)? */
export const hasUrl = (text: string): boolean => /https?:\/\/\S/i.test(text)
