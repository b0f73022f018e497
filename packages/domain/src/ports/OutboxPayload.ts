import { Result, Schema } from "effect"
import { Sender } from "../replywindow/Model.ts"
import { ChannelAccountId, ConversationId, MessageId } from "../shared/Ids.ts"
import { OutboundMessage } from "./ChannelSender.ts"

/**
 * Why a row was written: a turn's `reply`, a sweeper's `nudge`, a `human` reply (admin API,
 * dashboard, a staff command), a `notification` to linked staff, or an `alert` (low stock).
 */
export const OutboxKind = Schema.Literals(["reply", "nudge", "human", "notification", "alert"])
export type OutboxKind = typeof OutboxKind.Type

/**
 * What an outbox row carries besides its channel and recipient: everything the sender needs.
 * Every writer builds it with this schema and the sender reads it back with the same one. It
 * never carries secrets: the account id resolves credentials at send time.
 */
export const OutboxPayload = Schema.Struct({
  kind: OutboxKind,
  accountId: ChannelAccountId,
  message: OutboundMessage,
  /** Who speaks: gates the reply window (a human may use Messenger's HUMAN_AGENT tag) and handoff. */
  sender: Sender,
  /** The conversation whose reply window and owner gate the send; null for none (staff alerts). */
  conversationId: Schema.NullOr(ConversationId),
  /** The recorded message this row delivers: stamped with the platform ids once sent. */
  messageId: Schema.NullOr(MessageId)
})
export type OutboxPayload = typeof OutboxPayload.Type

export const decodeOutboxPayload = Schema.decodeUnknownResult(OutboxPayload)

/**
 * A stored payload read back at the edge (the outbox's claim): the failure is one line naming the
 * field, the row's error when it is failed — `invalid_payload: Missing key at ["kind"]`.
 */
export const readOutboxPayload = (payload: unknown): Result.Result<OutboxPayload, string> =>
  Result.mapError(decodeOutboxPayload(payload), (issue) => {
    const lines = issue.message.split("\n").map((line) => line.trim())
    return `invalid_payload: ${lines.filter((line) => line !== "").join(" ")}`
  })

/** The outbox row id of a recorded message: one row per message, so re-adding it is a no-op. */
export const outboxIdOf = (messageId: string): string => `out_${messageId}`
