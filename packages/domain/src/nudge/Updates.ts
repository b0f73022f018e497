import type { Timestamp } from "../shared/Ids.ts"
import type { CustomerStop, NudgeState, NudgeStop } from "./Model.ts"

/**
 * The conversation calls these on its events (SPEC §3.5). All are pure and total. Times only
 * move forward (an older `at` never rewinds a timestamp), so redelivered events are harmless.
 */

const latest = (current: Timestamp | null, at: Timestamp): Timestamp =>
  current !== null && current > at ? current : at

/** opt_out outranks order_finished: it says more about the customer. */
const stronger = (a: CustomerStop | undefined | null, b: CustomerStop): CustomerStop => (a === "opt_out" ? a : b)

/** Rebuild the state without the optional key when there is no stop waiting for the handback. */
const make = (
  s: NudgeState,
  fields: Partial<Omit<NudgeState, "stopAfterHandback">>,
  stopAfterHandback: CustomerStop | undefined
): NudgeState => {
  const next: NudgeState = {
    lastBotMessageAt: s.lastBotMessageAt,
    lastCustomerMessageAt: s.lastCustomerMessageAt,
    sent: s.sent,
    lastNudgeAt: s.lastNudgeAt,
    stoppedBy: s.stoppedBy,
    ...fields
  }
  return stopAfterHandback === undefined ? next : { ...next, stopAfterHandback }
}

/**
 * Any outbound message that is not a nudge (a bot reply, or a human's during a handoff): the
 * silence to follow up now starts here. It does not reset the count — only the customer does.
 */
export const onBotMessage = (s: NudgeState, at: Timestamp): NudgeState =>
  make(s, { lastBotMessageAt: latest(s.lastBotMessageAt, at) }, s.stopAfterHandback)

/** A nudge went out: it counts, and it is the bot's last message too. */
export const onNudgeSent = (s: NudgeState, at: Timestamp): NudgeState =>
  make(
    s,
    { sent: s.sent + 1, lastNudgeAt: latest(s.lastNudgeAt, at), lastBotMessageAt: latest(s.lastBotMessageAt, at) },
    s.stopAfterHandback
  )

/** A stop condition. A handoff hides a customer stop until the handback; nothing lifts a handoff but that. */
export const onStop = (s: NudgeState, reason: NudgeStop): NudgeState => {
  if (reason === "handoff") {
    const waiting = s.stoppedBy === "handoff" || s.stoppedBy === null ? s.stopAfterHandback : s.stoppedBy
    return make(s, { stoppedBy: "handoff" }, waiting)
  }
  if (s.stoppedBy === "handoff") return make(s, {}, stronger(s.stopAfterHandback, reason))
  return make(s, { stoppedBy: stronger(s.stoppedBy as CustomerStop | null, reason) }, undefined)
}

/** The human hands the conversation back to the bot: a stop that arrived meanwhile applies again. */
export const onHandback = (s: NudgeState): NudgeState =>
  s.stoppedBy === "handoff" ? make(s, { stoppedBy: s.stopAfterHandback ?? null }, undefined) : s

/**
 * The customer wrote. A reply resets the count and lifts an opt-out or a finished order (the
 * customer is talking again; an opt-out lasts until then), never a handoff. A message older than
 * the last nudge is not a reply to it: it only moves the reply window. Pass `optOut` when this
 * very message says "stop" — the stop then applies after the reset.
 */
export const onCustomerMessage = (
  s: NudgeState,
  at: Timestamp,
  options?: { readonly optOut?: boolean }
): NudgeState => {
  const lastCustomerMessageAt = latest(s.lastCustomerMessageAt, at)
  const replied =
    s.lastNudgeAt !== null && at < s.lastNudgeAt
      ? make(s, { lastCustomerMessageAt }, s.stopAfterHandback)
      : s.stoppedBy === "handoff"
        ? make(s, { lastCustomerMessageAt, sent: 0, lastNudgeAt: null }, undefined)
        : make(s, { lastCustomerMessageAt, sent: 0, lastNudgeAt: null, stoppedBy: null }, undefined)
  return options?.optOut === true ? onStop(replied, "opt_out") : replied
}
