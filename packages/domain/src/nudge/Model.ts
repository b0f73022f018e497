import { Schema } from "effect"
import { Timestamp } from "../shared/Ids.ts"

/** Why nudging stopped for good (until the customer writes again, for the reply-able ones). */
export const NudgeStop = Schema.Literals(["handoff", "opt_out", "order_finished"])
export type NudgeStop = typeof NudgeStop.Type

/**
 * What `nextNudge` needs to know about one conversation (SPEC §3.5). Kept on the conversation
 * and updated by its events: a bot message, a customer reply, a nudge sent, a stop condition.
 */
export const NudgeState = Schema.Struct({
  /** The bot's last message (a nudge counts too). */
  lastBotMessageAt: Schema.NullOr(Timestamp),
  /** The customer's last message: opens the channel's reply window. */
  lastCustomerMessageAt: Schema.NullOr(Timestamp),
  /** Nudges sent since the customer last replied. */
  sent: Schema.Int,
  /** When the last nudge went out, if any since the last reply. */
  lastNudgeAt: Schema.NullOr(Timestamp),
  stoppedBy: Schema.NullOr(NudgeStop)
})
export type NudgeState = typeof NudgeState.Type

export const initialNudgeState: NudgeState = {
  lastBotMessageAt: null,
  lastCustomerMessageAt: null,
  sent: 0,
  lastNudgeAt: null,
  stoppedBy: null
}
