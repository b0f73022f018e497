import { DAY, MINUTE, type Timestamp } from "../shared/Ids.ts"
import { windowLength } from "../replywindow/Model.ts"
import { firstInHours, instantOf, localDayStart, zone } from "./LocalTime.ts"
import type { NextNudge, NoNudgeReason, NudgePolicy, NudgeState } from "./Model.ts"

/** One shared object per reason: the 1 M-conversation sweep allocates only for real nudges. */
const none = (reason: NoNudgeReason): NextNudge => ({ _tag: "NoNudge", reason })
const noNudge: { readonly [R in NoNudgeReason]: NextNudge } = {
  handoff: none("handoff"),
  opt_out: none("opt_out"),
  order_finished: none("order_finished"),
  max_reached: none("max_reached"),
  no_bot_message: none("no_bot_message"),
  customer_spoke_last: none("customer_spoke_last"),
  window_closed: none("window_closed"),
  never_open: none("never_open"),
  unknown_timezone: none("unknown_timezone")
}

/** End of the bot's free-form window; +∞ without one, −∞ when the customer never wrote. */
const windowEnd = (policy: NudgePolicy, lastCustomerMessageAt: Timestamp | null): number => {
  const length = windowLength(policy.channel, "bot")
  if (length === null) return Number.POSITIVE_INFINITY
  return lastCustomerMessageAt === null ? Number.NEGATIVE_INFINITY : lastCustomerMessageAt + length
}

/**
 * When the next nudge may go out (SPEC §3.5), never before `now`: nudge #1 `firstDelayMs` after
 * the bot's last message, #2 and later the next local day at `secondLocalMinute` — each moved to
 * the next opening when outside work hours — and always strictly after the last outbound message
 * and inside the reply window; or why no nudge will come. Pure, allocation-light, no Effect.
 */
export const nextNudge = (state: NudgeState, policy: NudgePolicy, now: Timestamp): NextNudge => {
  if (state.stoppedBy !== null) return noNudge[state.stoppedBy]
  if (state.sent >= policy.maxNudges) return noNudge.max_reached
  const lastBot = state.lastBotMessageAt
  if (lastBot === null) return noNudge.no_bot_message
  const lastCustomer = state.lastCustomerMessageAt
  if (lastCustomer !== null && lastCustomer > lastBot) return noNudge.customer_spoke_last
  const closesAt = windowEnd(policy, lastCustomer)
  if (now >= closesAt) return noNudge.window_closed
  const z = zone(policy.timezone)
  if (z === undefined) return noNudge.unknown_timezone
  let due =
    state.sent === 0
      ? lastBot + policy.firstDelayMs
      : instantOf(z, localDayStart(z, lastBot) + DAY + policy.secondLocalMinute * MINUTE)
  if (due <= lastBot) due = lastBot + 1
  if (state.lastNudgeAt !== null && due <= state.lastNudgeAt) due = state.lastNudgeAt + 1
  if (due < now) due = now
  const at = firstInHours(z, policy.workHours, due)
  if (at === undefined) return noNudge.never_open
  if (at >= closesAt) return noNudge.window_closed
  return { _tag: "NudgeAt", at: at as Timestamp, number: state.sent + 1 }
}

/** Should the sweeper send a nudge now? True exactly when `nextNudge` names `now` (or earlier). */
export const isDue = (state: NudgeState, policy: NudgePolicy, now: Timestamp): boolean => {
  const next = nextNudge(state, policy, now)
  return next._tag === "NudgeAt" && next.at <= now
}
