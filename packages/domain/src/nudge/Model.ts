import { Schema } from "effect"
import { Channel } from "../shared/Channel.ts"
import { HOUR, Timestamp } from "../shared/Ids.ts"
import { type ShopSettings, WorkHours } from "../shared/ShopSettings.ts"

/** Why nudging stopped for good (until the customer writes again, for the reply-able ones). */
export const NudgeStop = Schema.Literals(["handoff", "opt_out", "order_finished"])
export type NudgeStop = typeof NudgeStop.Type

/** The stops a customer message lifts; they wait under a handoff until the handback. */
export const CustomerStop = Schema.Literals(["opt_out", "order_finished"])
export type CustomerStop = typeof CustomerStop.Type

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
  stoppedBy: Schema.NullOr(NudgeStop),
  /** An opt-out or finished order that arrived during a handoff: it applies again after the handback. */
  stopAfterHandback: Schema.optionalKey(CustomerStop)
})
export type NudgeState = typeof NudgeState.Type

export const initialNudgeState: NudgeState = {
  lastBotMessageAt: null,
  lastCustomerMessageAt: null,
  sent: 0,
  lastNudgeAt: null,
  stoppedBy: null
}

/** SPEC §3.5 defaults: nudge #1 three hours after the bot's last message, #2 the next day at 13:00. */
export const defaultFirstDelayMs = 3 * HOUR
export const defaultSecondLocalMinute = 13 * 60

/** Everything `nextNudge` reads besides the state. Plain data: build it once per shop and channel. */
export const NudgePolicy = Schema.Struct({
  /** IANA zone of the shop, e.g. "Europe/Berlin". */
  timezone: Schema.String,
  workHours: WorkHours,
  /** Nudges per silence (SPEC: 2). */
  maxNudges: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)),
  /** Nudge #1 this long after the bot's last message (SPEC: 3 h). */
  firstDelayMs: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)),
  /** Nudge #2 (and later) the next local day at this minute after midnight (SPEC: 13:00). */
  secondLocalMinute: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 24 * 60 - 1 })),
  /** Decides the reply window the nudge must fit in. */
  channel: Channel
})
export type NudgePolicy = typeof NudgePolicy.Type

/** The policy for one shop and channel, with the SPEC's delays. */
export const nudgePolicy = (
  settings: Pick<ShopSettings, "timezone" | "workHours" | "maxNudges">,
  channel: Channel
): NudgePolicy => ({
  timezone: settings.timezone,
  workHours: settings.workHours,
  maxNudges: settings.maxNudges,
  firstDelayMs: defaultFirstDelayMs,
  secondLocalMinute: defaultSecondLocalMinute,
  channel
})

/** Why `nextNudge` answers "no nudge". The stop reasons first, then the other conditions. */
export const NoNudgeReason = Schema.Literals([
  "handoff",
  "opt_out",
  "order_finished",
  "max_reached",
  "no_bot_message",
  "customer_spoke_last",
  "window_closed",
  "never_open",
  "unknown_timezone"
])
export type NoNudgeReason = typeof NoNudgeReason.Type

/** The answer of `nextNudge`: when nudge number `number` (1-based) may go out, or why none will. */
export type NextNudge =
  | { readonly _tag: "NudgeAt"; readonly at: Timestamp; readonly number: number }
  | { readonly _tag: "NoNudge"; readonly reason: NoNudgeReason }
