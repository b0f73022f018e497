import { ChannelAccountId, ConversationId, MessageId, OutboundMessage } from "@chatshop/domain"
import { Schema } from "effect"

/**
 * What an outbox row carries (its `payload`): everything the sender needs besides the row's
 * channel and recipient. Jobs and rows never carry secrets: the account id resolves credentials.
 */
export const OutboxPayload = Schema.Struct({
  accountId: ChannelAccountId,
  message: OutboundMessage,
  sender: Schema.Literals(["bot", "human"]),
  /** The conversation whose reply window and owner gate the send; null for none. */
  conversationId: Schema.NullOr(ConversationId),
  /** The recorded message this row delivers: stamped with the platform id once sent. */
  messageId: Schema.NullOr(MessageId),
  /** A nudge, a reply, a manager notice or a low-stock alert (logs and tests). */
  kind: Schema.Literals(["reply", "nudge", "manager", "alert"])
})
export type OutboxPayload = typeof OutboxPayload.Type

export const decodePayload = Schema.decodeUnknownResult(OutboxPayload)

/** The outbox row id of a recorded message: one row per message, so re-adding it is a no-op. */
export const outboxIdOf = (messageId: string): string => `out_${messageId}`

/**
 * The send-attempt marker the sender writes as the row's `error` when it puts a row back for a
 * retry: `attempt=<n> skip=<parts already delivered>: <why>`. A claimed row whose previous attempt
 * left no marker died mid-send (see OutboxSender).
 */
export const attemptMarker = (attempt: number, skip: number, why: string): string =>
  `attempt=${attempt} skip=${skip}: ${why}`

export const parseMarker = (error: string | undefined): { readonly attempt: number; readonly skip: number } | null => {
  const m = error === undefined ? null : /^attempt=(\d+) skip=(\d+):/.exec(error)
  return m === null ? null : { attempt: Number(m[1]), skip: Number(m[2]) }
}
