import { Result } from "effect"
import type { Channel } from "../shared/Channel.ts"
import { HOUR, type Timestamp, timestamp } from "../shared/Ids.ts"
import { ReplyWindowClosed } from "./Errors.ts"
import { type MessagingTag, type SendPermit, type Sender, taggedChannel, windowLength } from "./Model.ts"

/**
 * When free-form messages from `sender` stop being allowed: the window is
 * [lastCustomerMessageAt, closesAt). null: the channel has no window (Telegram, web chat).
 */
export const windowClosesAt = (
  channel: Channel,
  sender: Sender,
  lastCustomerMessageAt: Timestamp
): Timestamp | null => {
  const length = windowLength(channel, sender)
  return length === null ? null : timestamp(lastCustomerMessageAt + length)
}

/** Past the standard 24 h a Messenger/Instagram human needs the HUMAN_AGENT tag. */
const standardWindow = 24 * HOUR

/**
 * May `sender` send a free-form message now? Success carries the tag to use; failure is the
 * explicit `ReplyWindowClosed` — the caller must fall back to a template or stay silent.
 * `lastCustomerMessageAt` null: the customer never wrote (closed on every windowed channel).
 */
export const canSend = (
  channel: Channel,
  sender: Sender,
  lastCustomerMessageAt: Timestamp | null,
  now: Timestamp
): Result.Result<SendPermit, ReplyWindowClosed> => {
  const length = windowLength(channel, sender)
  if (length === null) return Result.succeed({ channel, tag: null, closesAt: null })
  if (lastCustomerMessageAt === null) return Result.fail(new ReplyWindowClosed({ channel, closedAt: null }))
  const closesAt = timestamp(lastCustomerMessageAt + length)
  if (now >= closesAt) return Result.fail(new ReplyWindowClosed({ channel, closedAt: closesAt }))
  let tag: MessagingTag | null = null
  if (taggedChannel(channel)) tag = now - lastCustomerMessageAt < standardWindow ? "RESPONSE" : "HUMAN_AGENT"
  return Result.succeed({ channel, tag, closesAt })
}

/** Is a free-form message from `sender` allowed at `at`? The boolean twin of `canSend`. */
export const isOpen = (
  channel: Channel,
  sender: Sender,
  lastCustomerMessageAt: Timestamp | null,
  at: number
): boolean => {
  const length = windowLength(channel, sender)
  if (length === null) return true
  return lastCustomerMessageAt !== null && at < lastCustomerMessageAt + length
}
