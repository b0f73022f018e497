import { Schema } from "effect"
import { Channel } from "../shared/Channel.ts"
import { DAY, HOUR, Timestamp } from "../shared/Ids.ts"

/** Who is about to write: the bot, or a human (manager or support agent) after a handoff. */
export const Sender = Schema.Literals(["bot", "human"])
export type Sender = typeof Sender.Type

/**
 * The Messenger/Instagram `messaging_type`/tag a free-form message must carry: `RESPONSE` inside
 * the standard 24 h window, `HUMAN_AGENT` for a human between 24 h and 7 days (SPEC §3.6, §6).
 */
export const MessagingTag = Schema.Literals(["RESPONSE", "HUMAN_AGENT"])
export type MessagingTag = typeof MessagingTag.Type

/** What `canSend` grants: the tag to use (null: the channel takes none) and when the window shuts. */
export const SendPermit = Schema.Struct({
  channel: Channel,
  tag: Schema.NullOr(MessagingTag),
  /** null: this channel has no reply window. */
  closesAt: Schema.NullOr(Timestamp)
})
export type SendPermit = typeof SendPermit.Type

/** Free-form reply window after the customer's last message, per channel and sender; null = none. */
export const windowLength = (channel: Channel, sender: Sender): number | null => {
  switch (channel) {
    case "whatsapp":
    case "greenapi":
      return 24 * HOUR
    case "messenger":
    case "instagram":
      return sender === "bot" ? 24 * HOUR : 7 * DAY
    case "tiktok":
      return 48 * HOUR
    case "telegram":
    case "webchat":
      return null
  }
}

/** Messenger and Instagram label every free-form message; the others take no tag. */
export const taggedChannel = (channel: Channel): boolean => channel === "messenger" || channel === "instagram"
