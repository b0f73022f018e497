import type { ConversationEvent } from "./Events.ts"
import { wellFormed } from "../nudge/Invariants.ts"
import { type Conversation, NLU_FAILURES_FOR_HANDOFF, type Owner, PLATFORM_ID_WINDOW } from "./Model.ts"

/** A human owns the conversation exactly when a handoff is on record. */
export const ownerMatchesHandoff = (c: Conversation): boolean => (c.owner === "human") === (c.handoff !== null)

/** Misses in a row never reach the handoff count without handing off (which resets them). */
export const nluFailuresBelowHandoff = (c: Conversation): boolean =>
  c.nluFailures >= 0 && c.nluFailures < NLU_FAILURES_FOR_HANDOFF

/** Handoff stops nudging (SPEC §3.5): the nudge stop is "handoff" exactly while a human owns it. */
export const handoffStopsNudging = (c: Conversation): boolean =>
  (c.owner === "human") === (c.nudge.stoppedBy === "handoff")

/** The nudge state is one the nudge module can reach (count goes with a last-nudge time, …). */
export const nudgeWellFormed = (c: Conversation): boolean => wellFormed(c.nudge)

/** The last inbound time is the customer's last message, which opens the reply window. */
export const inboundMatchesNudge = (c: Conversation): boolean => c.lastInboundAt === c.nudge.lastCustomerMessageAt

/** Every bot message is outbound, so the last outbound time is never before the bot's last message. */
export const outboundCoversBot = (c: Conversation): boolean =>
  c.nudge.lastBotMessageAt === null || (c.lastOutboundAt !== null && c.lastOutboundAt >= c.nudge.lastBotMessageAt)

/** The duplicate guard's memory holds each platform id once and stays bounded. */
export const platformIdsUnique = (c: Conversation): boolean =>
  c.recentPlatformIds.length <= PLATFORM_ID_WINDOW && new Set(c.recentPlatformIds).size === c.recentPlatformIds.length

export const all = (c: Conversation): boolean =>
  ownerMatchesHandoff(c) &&
  nluFailuresBelowHandoff(c) &&
  handoffStopsNudging(c) &&
  nudgeWellFormed(c) &&
  inboundMatchesNudge(c) &&
  outboundCoversBot(c) &&
  platformIdsUnique(c) &&
  c.messageCount >= 0

/** Over a history: no bot message was recorded while a human owned the conversation. */
export const botSilentWhileHuman = (events: ReadonlyArray<ConversationEvent>, initial: Owner = "bot"): boolean => {
  let owner = initial
  for (const e of events) {
    if (e._tag === "HandedOff") owner = "human"
    else if (e._tag === "HandedBack") owner = "bot"
    else if (e._tag === "BotMessageRecorded" && owner === "human") return false
  }
  return true
}

/** Over a history (shorter than the id window): each platform message id was recorded once. */
export const platformIdsOnce = (events: ReadonlyArray<ConversationEvent>): boolean => {
  const seen = new Set<string>()
  for (const e of events) {
    const id =
      e._tag === "CustomerMessageReceived" || e._tag === "HumanMessageRecorded" || e._tag === "MessageDelivered"
        ? e.platformMessageId
        : null
    if (id === null) continue
    if (seen.has(id)) return false
    seen.add(id)
  }
  return true
}
