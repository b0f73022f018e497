import { Schema } from "effect"
import { Channel } from "../shared/Channel.ts"
import { Timestamp } from "../shared/Ids.ts"

/**
 * A free-form message outside the channel's reply window (SPEC §3.6): only templates may go out.
 * `closedAt` is null when the customer never wrote, so the window never opened.
 */
export class ReplyWindowClosed extends Schema.TaggedError<ReplyWindowClosed>()("ReplyWindowClosed", {
  channel: Channel,
  closedAt: Schema.NullOr(Timestamp)
}) {}
