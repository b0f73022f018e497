import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { HOUR, Nudge, ReplyWindow, type Timestamp, timestamp } from "@chatshop/domain"
import { NudgeArb, property } from "@chatshop/domain/testing"

const { Invariants } = Nudge
const t = (ms: number) => timestamp(ms)
const noon = Date.UTC(2026, 5, 1, 12) // 14:00 in Berlin
const policy: Nudge.NudgePolicy = {
  ...Nudge.nudgePolicy(
    { timezone: "Europe/Berlin", maxNudges: 2, workHours: { startMinute: 9 * 60, endMinute: 19 * 60 } },
    "messenger"
  )
}
/** The customer wrote at noon, the bot answered a minute later, one nudge went out at 13:00 UTC. */
const state: Nudge.NudgeState = Nudge.onNudgeSent(
  Nudge.onBotMessage(Nudge.onCustomerMessage(Nudge.initialNudgeState, t(noon)), t(noon + 60_000)),
  t(noon + HOUR)
)
const at = t(noon + 2 * HOUR)

describe("nudge invariants (SPEC §3.5)", () => {
  it("nudge-inv-may-nudge: true when every rule holds; each broken rule alone makes it false", () => {
    assert.isTrue(Invariants.mayNudgeAt(state, policy, at))
    assert.isFalse(Invariants.mayNudgeAt(Nudge.onStop(state, "opt_out"), policy, at))
    assert.isFalse(Invariants.mayNudgeAt(state, { ...policy, maxNudges: 1 }, at))
    assert.isFalse(Invariants.mayNudgeAt(Nudge.onCustomerMessage(state, t(noon + HOUR + 1)), policy, at))
    assert.isFalse(Invariants.mayNudgeAt(state, policy, t(noon + 24 * HOUR))) // window (bot: 24 h)
    assert.isFalse(Invariants.mayNudgeAt(state, policy, t(noon + 6 * HOUR))) // 20:00 Berlin
    assert.isFalse(Invariants.mayNudgeAt(state, { ...policy, timezone: "Nowhere/Atlantis" }, at))
  })

  it("nudge-inv-hours: inside [start, end) in the shop's zone; an unknown zone is never inside", () => {
    assert.isTrue(Invariants.withinWorkHours(policy, noon))
    assert.isFalse(Invariants.withinWorkHours(policy, noon + 5 * HOUR))
    assert.isTrue(Invariants.withinWorkHours(policy, noon + 5 * HOUR - 1))
    assert.isFalse(Invariants.withinWorkHours({ ...policy, timezone: "Nowhere/Atlantis" }, noon))
  })

  it("nudge-inv-window: the bot's window (24 h on Messenger, not the human's 7 days)", () => {
    assert.isTrue(Invariants.withinReplyWindow(state, policy, noon + 24 * HOUR - 1))
    assert.isFalse(Invariants.withinReplyWindow(state, policy, noon + 24 * HOUR))
    assert.isFalse(Invariants.withinReplyWindow(state, policy, noon + 3 * 24 * HOUR))
    assert.isTrue(Invariants.withinReplyWindow(state, { ...policy, channel: "telegram" }, noon + 30 * 24 * HOUR))
  })

  it("nudge-inv-maximum-and-stop: below the maximum means sent < max; stopped means any stop", () => {
    assert.isTrue(Invariants.belowMaximum(state, policy))
    assert.isFalse(Invariants.belowMaximum(state, { ...policy, maxNudges: 1 }))
    assert.isTrue(Invariants.notStopped(state))
    for (const reason of ["handoff", "opt_out", "order_finished"] as const)
      assert.isFalse(Invariants.notStopped(Nudge.onStop(state, reason)))
  })

  it("nudge-inv-silence: the bot spoke last (a tie counts) and the time is strictly after both messages", () => {
    assert.isTrue(Invariants.followsSilence(state, noon + HOUR + 1))
    assert.isFalse(Invariants.followsSilence(state, noon + HOUR))
    assert.isFalse(Invariants.followsSilence({ ...state, lastNudgeAt: t(noon + 3 * HOUR) }, noon + 2 * HOUR))
    assert.isFalse(Invariants.followsSilence({ ...state, lastCustomerMessageAt: t(noon + HOUR + 1) }, at))
    assert.isTrue(Invariants.followsSilence({ ...state, lastCustomerMessageAt: t(noon + HOUR) }, at))
    assert.isTrue(Invariants.followsSilence({ ...state, lastCustomerMessageAt: null, lastNudgeAt: null }, at))
    assert.isFalse(Invariants.followsSilence(Nudge.initialNudgeState, at))
    // Each "strictly after" on its own: at the bot's message with no nudge; at a (late-recorded) nudge.
    const quiet = { ...state, lastNudgeAt: null, sent: 0 }
    assert.isFalse(Invariants.followsSilence(quiet, noon + HOUR))
    assert.isTrue(Invariants.followsSilence(quiet, noon + HOUR + 1))
    const lateNudge = { ...state, lastNudgeAt: t(noon + 2 * HOUR) }
    assert.isFalse(Invariants.followsSilence(lateNudge, noon + 2 * HOUR))
    assert.isTrue(Invariants.followsSilence(lateNudge, noon + 2 * HOUR + 1))
  })

  it("nudge-inv-well-formed: each clause on its own", () => {
    assert.isTrue(Invariants.wellFormed(state))
    assert.isFalse(Invariants.wellFormed({ ...state, sent: -1 }))
    assert.isFalse(Invariants.wellFormed({ ...state, sent: 1.5 }))
    assert.isFalse(Invariants.wellFormed({ ...state, sent: 0 }))
    assert.isFalse(Invariants.wellFormed({ ...state, lastNudgeAt: null }))
    assert.isFalse(Invariants.wellFormed({ ...state, lastBotMessageAt: t(noon + HOUR - 1) }))
    assert.isTrue(Invariants.wellFormed({ ...state, lastBotMessageAt: t(noon + HOUR) }))
    assert.isFalse(Invariants.wellFormed({ ...state, lastBotMessageAt: null }))
    assert.isFalse(Invariants.wellFormed({ ...state, stopAfterHandback: "opt_out" }))
    assert.isTrue(Invariants.wellFormed({ ...state, stoppedBy: "handoff", stopAfterHandback: "opt_out" }))
  })
})

describe("nudge schemas", () => {
  property(
    "nudge-schema-state: every reachable state and policy decodes with its Schema",
    [NudgeArb.scenario],
    ({ state, policy }) => {
      assert.deepStrictEqual(Schema.decodeUnknownSync(Nudge.NudgeState)(state), state)
      assert.deepStrictEqual(Schema.decodeUnknownSync(Nudge.NudgePolicy)(policy), policy)
    },
    300
  )

  property(
    "nudge-schema-answer: every reason nextNudge gives is a NoNudgeReason",
    [NudgeArb.scenario],
    ({ state, policy, now }) => {
      const next = Nudge.nextNudge(state, policy, now)
      if (next._tag === "NoNudge") assert.isTrue(Schema.is(Nudge.NoNudgeReason)(next.reason))
    },
    300
  )

  it("nudge-schema-literals: the stop and reason sets, and the policy bounds", () => {
    assert.deepStrictEqual(Nudge.NudgeStop.literals, ["handoff", "opt_out", "order_finished"])
    assert.deepStrictEqual(Nudge.CustomerStop.literals, ["opt_out", "order_finished"])
    assert.deepStrictEqual(Nudge.NoNudgeReason.literals, [
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
    const isPolicy = Schema.is(Nudge.NudgePolicy)
    assert.isTrue(isPolicy({ ...policy, secondLocalMinute: 1439 }))
    assert.isFalse(isPolicy({ ...policy, secondLocalMinute: 1440 }))
    assert.isFalse(isPolicy({ ...policy, maxNudges: -1 }))
    assert.isFalse(isPolicy({ ...policy, channel: "fax" }))
    assert.isFalse(Schema.is(Nudge.NudgeState)({ ...state, stopAfterHandback: "handoff" }))
    assert.isFalse(Schema.is(Nudge.NudgeState)({ ...state, sent: undefined }))
  })

  it("window-schema: permits decode; senders and tags are the SPEC's", () => {
    assert.deepStrictEqual(ReplyWindow.Sender.literals, ["bot", "human"])
    assert.deepStrictEqual(ReplyWindow.MessagingTag.literals, ["RESPONSE", "HUMAN_AGENT"])
    const permit = ReplyWindow.canSend("messenger", "human", t(noon), t(noon + 30 * HOUR))
    assert.deepStrictEqual(
      Schema.decodeUnknownSync(ReplyWindow.SendPermit)(permit._tag === "Success" ? permit.success : null),
      { channel: "messenger", tag: "HUMAN_AGENT", closesAt: t(noon + 7 * 24 * HOUR) as Timestamp }
    )
    assert.isFalse(Schema.is(ReplyWindow.SendPermit)({ channel: "messenger", tag: "UPDATE", closesAt: null }))
  })
})
