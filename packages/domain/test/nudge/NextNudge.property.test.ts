import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import { type Channel, DAY, HOUR, Nudge, type Timestamp, timestamp } from "@chatshop/domain"
import { NudgeArb, property } from "@chatshop/domain/testing"
import { firstInHoursBrute, inHours, nextDate, wall } from "./oracle.ts"

/** SPEC §3.6 for a bot sender, written out again so the nudge tests don't trust the module under test. */
const botWindow: Record<Channel, number | null> = {
  whatsapp: 24 * HOUR,
  greenapi: 24 * HOUR,
  messenger: 24 * HOUR,
  instagram: 24 * HOUR,
  tiktok: 48 * HOUR,
  telegram: null,
  webchat: null
}
const insideWindow = (channel: Channel, lastCustomer: Timestamp | null, at: number): boolean => {
  const length = botWindow[channel]
  return length === null || (lastCustomer !== null && at < lastCustomer + length)
}

const neverOpen = (hours: { startMinute: number; endMinute: number }) =>
  Array.from({ length: 1440 }, (_, minute) => minute).every((minute) => !inHours(hours, minute))

const defaults = (timezone: string): Nudge.NudgePolicy =>
  Nudge.nudgePolicy({ timezone, maxNudges: 2, workHours: NudgeArb.defaultWorkHours }, "telegram")

/** Every rule a sent nudge must satisfy, checked with the Intl oracle. */
const assertAllowed = (state: Nudge.NudgeState, policy: Nudge.NudgePolicy, at: number) => {
  assert.isTrue(inHours(policy.workHours, wall(policy.timezone, at).minute), "inside work hours")
  assert.isTrue(insideWindow(policy.channel, state.lastCustomerMessageAt, at), "inside the reply window")
  assert.isNull(state.stoppedBy, "not stopped")
  assert.isBelow(state.sent, policy.maxNudges, "below the maximum")
  assert.isTrue(state.lastBotMessageAt !== null && at > state.lastBotMessageAt, "after the bot's last message")
  assert.isTrue(state.lastNudgeAt === null || at > state.lastNudgeAt, "after the last nudge")
}

describe("nextNudge properties around DST (SPEC §3.5, §8 acceptance 3)", () => {
  property(
    "nudge-never-breaks-a-rule: a nudge time is in work hours, in the window, below the maximum, after every message and ≥ now",
    [NudgeArb.scenario],
    ({ state, policy, now }) => {
      const next = Nudge.nextNudge(state, policy, now)
      if (next._tag === "NoNudge") return
      assertAllowed(state, policy, next.at)
      assert.isAtLeast(next.at, now)
      assert.strictEqual(next.number, state.sent + 1)
      assert.isAtMost(next.number, policy.maxNudges)
      assert.isTrue(Nudge.Invariants.mayNudgeAt(state, policy, next.at))
    },
    1000
  )

  property(
    "nudge-none-when-forbidden: a stop, the maximum, no silence or a closed window each mean no nudge",
    [NudgeArb.scenario],
    ({ state, policy, now }) => {
      const next = Nudge.nextNudge(state, policy, now)
      const silence =
        state.lastBotMessageAt !== null &&
        (state.lastCustomerMessageAt === null || state.lastCustomerMessageAt <= state.lastBotMessageAt)
      const expected: Nudge.NoNudgeReason | undefined =
        state.stoppedBy ??
        (state.sent >= policy.maxNudges
          ? "max_reached"
          : state.lastBotMessageAt === null
            ? "no_bot_message"
            : !silence
              ? "customer_spoke_last"
              : !insideWindow(policy.channel, state.lastCustomerMessageAt, now)
                ? "window_closed"
                : neverOpen(policy.workHours)
                  ? "never_open"
                  : undefined)
      if (expected !== undefined) assert.deepStrictEqual(next, { _tag: "NoNudge", reason: expected })
      else if (next._tag === "NoNudge") assert.strictEqual(next.reason, "window_closed")
    },
    1000
  )

  property(
    "nudge-first: nudge #1 is +3 h when that is inside 09:00–19:00 local, else the next opening",
    [NudgeArb.zone, NudgeArb.aroundDst, fc.integer({ min: 0, max: 3 * HOUR })],
    (zone, bot, wait) => {
      const state = Nudge.onBotMessage(Nudge.initialNudgeState, bot)
      const next = Nudge.nextNudge(state, defaults(zone), timestamp(bot + wait))
      const due = bot + 3 * HOUR
      const expected = firstInHoursBrute(zone, NudgeArb.defaultWorkHours, due)
      assert.deepStrictEqual(next, { _tag: "NudgeAt", at: expected as Timestamp, number: 1 })
      if (inHours(NudgeArb.defaultWorkHours, wall(zone, due).minute)) assert.strictEqual(expected, due)
    },
    300
  )

  property(
    "nudge-second: nudge #2 is the next local day at 13:00",
    [NudgeArb.zone, NudgeArb.aroundDst, fc.integer({ min: 0, max: 2 * HOUR })],
    (zone, first, wait) => {
      const state = Nudge.onNudgeSent(Nudge.onBotMessage(Nudge.initialNudgeState, timestamp(first - 3 * HOUR)), first)
      const next = Nudge.nextNudge(state, defaults(zone), timestamp(first + wait))
      assert.strictEqual(next._tag, "NudgeAt")
      if (next._tag !== "NudgeAt") return
      const shown = wall(zone, next.at)
      assert.deepStrictEqual(
        [shown.date, shown.minute, shown.second, next.at % 1000, next.number],
        [nextDate(wall(zone, first).date), 13 * 60, 0, 0, 2]
      )
    },
    500
  )

  property(
    "nudge-reset-on-reply: after a customer reply and the bot's answer the count restarts at nudge #1",
    [NudgeArb.scenario, fc.integer({ min: 1, max: 10 * HOUR }), fc.integer({ min: 0, max: 10 * HOUR })],
    ({ state, policy, now }, replyAfter, answerAfter) => {
      const reply = timestamp(now + replyAfter)
      const answered = Nudge.onBotMessage(Nudge.onCustomerMessage(state, reply), timestamp(reply + answerAfter))
      assert.strictEqual(answered.sent, 0)
      assert.isNull(answered.lastNudgeAt)
      const next = Nudge.nextNudge(answered, policy, timestamp(reply + answerAfter))
      if (next._tag === "NudgeAt") {
        assert.strictEqual(next.number, 1)
        assert.isAtLeast(next.at, reply + answerAfter + policy.firstDelayMs)
      } else if (policy.maxNudges > 0) assert.include(["handoff", "window_closed", "never_open"], next.reason)
    },
    1000
  )

  property(
    "nudge-stop: after a handoff, an opt-out or a finished order, no bot message or nudge brings nudging back",
    [
      NudgeArb.scenario,
      NudgeArb.stopReason,
      fc.array(fc.record({ nudge: fc.boolean(), dt: fc.integer({ min: 0, max: 30 * HOUR }) }), { maxLength: 6 }),
      fc.integer({ min: 0, max: 3 * 24 * HOUR })
    ],
    ({ state, policy, now }, reason, outbound, wait) => {
      let s = Nudge.onStop(state, reason)
      let at = now
      for (const o of outbound) {
        at = timestamp(at + o.dt)
        s = o.nudge ? Nudge.onNudgeSent(s, at) : Nudge.onBotMessage(s, at)
      }
      const next = Nudge.nextNudge(s, policy, timestamp(at + wait))
      assert.strictEqual(next._tag, "NoNudge")
      if (next._tag === "NoNudge") assert.include(["handoff", "opt_out", "order_finished"], next.reason)
      // A stronger stop is never weakened by a later one.
      if (reason !== "order_finished") assert.notStrictEqual(s.stoppedBy, "order_finished")
    },
    1000
  )

  property(
    "nudge-is-due: isDue is true exactly when the next nudge time is now",
    [NudgeArb.scenario],
    ({ state, policy, now }) => {
      const next = Nudge.nextNudge(state, policy, now)
      assert.strictEqual(Nudge.isDue(state, policy, now), next._tag === "NudgeAt" && next.at === now)
      if (next._tag === "NudgeAt") assert.isTrue(Nudge.isDue(state, policy, next.at))
    },
    500
  )

  it("nudge-sweeper: a sweeper sending every due nudge never breaks a rule and sends at most the maximum per silence", () => {
    let sentTotal = 0
    let runs = 0
    fc.assert(
      fc.property(NudgeArb.nudgeHistory, NudgeArb.policy, (history, policy) => {
        runs++
        let state = Nudge.initialNudgeState
        let now = history.start
        let sinceReply = 0
        // A last bot message and four quiet days after the history, so the sweeper gets its turn.
        const events = [
          ...history.events,
          { _tag: "BotMessage", dt: 0 } as const,
          { _tag: "Handback", dt: 4 * DAY } as const
        ]
        for (const event of events) {
          const eventAt = timestamp(now + event.dt)
          // Send every nudge that falls before the next event, exactly when it is due.
          for (let next = Nudge.nextNudge(state, policy, now); next._tag === "NudgeAt" && next.at < eventAt; ) {
            assertAllowed(state, policy, next.at)
            state = Nudge.onNudgeSent(state, next.at)
            now = next.at
            sinceReply++
            sentTotal++
            assert.isAtMost(sinceReply, policy.maxNudges)
            next = Nudge.nextNudge(state, policy, now)
          }
          now = eventAt
          if (event._tag === "CustomerMessage") sinceReply = 0
          state = NudgeArb.applyEvent(state, event, now)
        }
      }),
      { numRuns: 500 }
    )
    // The sweeper really sends: on average more than 0.4 nudges per history (200 over 500 runs).
    assert.isAbove(sentTotal, runs * 0.4)
  })
})
