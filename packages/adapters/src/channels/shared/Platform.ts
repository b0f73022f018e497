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

/** Is there a URL in the text (WhatsApp shows a preview only when asked)? */
export const hasUrl = (text: string): boolean => /https?:\/\/\S/i.test(text)
