import type { Timestamp } from "../shared/Ids.ts"
import { isOpen } from "../replywindow/ReplyWindow.ts"
import { inWorkHours, zone } from "./LocalTime.ts"
import type { NudgePolicy, NudgeState } from "./Model.ts"

/**
 * SPEC §3.5 "never" rules as predicates. The tests check `nextNudge` against them; a sweeper can
 * call `mayNudgeAt` as a last guard right before it sends.
 */

/** Inside the shop's work hours, in its own time zone. */
export const withinWorkHours = (policy: NudgePolicy, at: number): boolean => {
  const z = zone(policy.timezone)
  return z !== undefined && inWorkHours(z, policy.workHours, at)
}

/** Inside the channel's reply window for a bot message. */
export const withinReplyWindow = (state: NudgeState, policy: NudgePolicy, at: number): boolean =>
  isOpen(policy.channel, "bot", state.lastCustomerMessageAt, at)

/** Another nudge stays within the maximum. */
export const belowMaximum = (state: NudgeState, policy: NudgePolicy): boolean => state.sent < policy.maxNudges

export const notStopped = (state: NudgeState): boolean => state.stoppedBy === null

/** The bot spoke last and `at` is strictly after everything we sent. */
export const followsSilence = (state: NudgeState, at: number): boolean =>
  state.lastBotMessageAt !== null &&
  (state.lastCustomerMessageAt === null || state.lastCustomerMessageAt <= state.lastBotMessageAt) &&
  at > state.lastBotMessageAt &&
  (state.lastNudgeAt === null || at > state.lastNudgeAt)

/** Every rule at once: may a nudge go out at `at`? */
export const mayNudgeAt = (state: NudgeState, policy: NudgePolicy, at: Timestamp): boolean =>
  notStopped(state) &&
  belowMaximum(state, policy) &&
  followsSilence(state, at) &&
  withinReplyWindow(state, policy, at) &&
  withinWorkHours(policy, at)

/** Shape of a reachable state: a count goes with a last-nudge time, and a waiting stop with a handoff. */
export const wellFormed = (state: NudgeState): boolean =>
  Number.isInteger(state.sent) &&
  state.sent >= 0 &&
  (state.sent === 0) === (state.lastNudgeAt === null) &&
  (state.lastNudgeAt === null || (state.lastBotMessageAt !== null && state.lastNudgeAt <= state.lastBotMessageAt)) &&
  (state.stopAfterHandback === undefined || state.stoppedBy === "handoff")
