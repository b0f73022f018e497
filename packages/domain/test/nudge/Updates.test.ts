import { assert, describe, it } from "@effect/vitest"
import { Nudge, timestamp } from "@chatshop/domain"
import { NudgeArb, property } from "@chatshop/domain/testing"

const t = (ms: number) => timestamp(ms)
const start = Nudge.initialNudgeState
const silentTwice = Nudge.onNudgeSent(Nudge.onNudgeSent(Nudge.onBotMessage(start, t(100)), t(200)), t(300))

describe("nudge state updates (SPEC §3.5)", () => {
  it("nudge-update-bot: a bot message moves lastBotMessageAt forward only and keeps the count", () => {
    const s = Nudge.onBotMessage(silentTwice, t(400))
    assert.deepStrictEqual(s, { ...silentTwice, lastBotMessageAt: t(400) })
    assert.deepStrictEqual(Nudge.onBotMessage(s, t(50)), s)
  })

  it("nudge-update-nudge-sent: counts, and is both the last nudge and the bot's last message", () => {
    assert.deepStrictEqual(silentTwice, {
      lastBotMessageAt: t(300),
      lastCustomerMessageAt: null,
      sent: 2,
      lastNudgeAt: t(300),
      stoppedBy: null
    })
    const old = Nudge.onNudgeSent(silentTwice, t(10))
    assert.deepStrictEqual([old.sent, old.lastNudgeAt, old.lastBotMessageAt], [3, t(300), t(300)])
  })

  it("nudge-update-reply: a customer reply resets the count and lifts opt-out and finished order", () => {
    for (const reason of ["opt_out", "order_finished"] as const) {
      const s = Nudge.onCustomerMessage(Nudge.onStop(silentTwice, reason), t(500))
      assert.deepStrictEqual(s, {
        lastBotMessageAt: t(300),
        lastCustomerMessageAt: t(500),
        sent: 0,
        lastNudgeAt: null,
        stoppedBy: null
      })
    }
  })

  it("nudge-update-reply-at-nudge: a message at the very millisecond of the last nudge is a reply", () => {
    assert.strictEqual(Nudge.onCustomerMessage(silentTwice, t(300)).sent, 0)
  })

  it("nudge-update-stale-reply: a message older than the last nudge only moves the window", () => {
    const s = Nudge.onCustomerMessage(Nudge.onStop(silentTwice, "order_finished"), t(250))
    assert.deepStrictEqual(s, { ...silentTwice, lastCustomerMessageAt: t(250), stoppedBy: "order_finished" })
    const later = Nudge.onCustomerMessage(Nudge.onCustomerMessage(start, t(900)), t(800))
    assert.strictEqual(later.lastCustomerMessageAt, t(900))
  })

  it("nudge-update-opt-out-message: a 'stop' message resets the count and then stops", () => {
    const s = Nudge.onCustomerMessage(silentTwice, t(500), { optOut: true })
    assert.deepStrictEqual([s.sent, s.stoppedBy, s.lastCustomerMessageAt], [0, "opt_out", t(500)])
    assert.strictEqual(Nudge.onCustomerMessage(silentTwice, t(500), { optOut: false }).stoppedBy, null)
  })

  it("nudge-update-handoff: a customer message never lifts a handoff; the handback does", () => {
    const handed = Nudge.onStop(silentTwice, "handoff")
    const talked = Nudge.onCustomerMessage(handed, t(500))
    assert.deepStrictEqual([talked.stoppedBy, talked.sent, talked.lastNudgeAt], ["handoff", 0, null])
    assert.strictEqual(Nudge.onHandback(talked).stoppedBy, null)
    assert.deepStrictEqual(Nudge.onHandback(silentTwice), silentTwice)
    assert.deepStrictEqual(Nudge.onHandback(Nudge.onStop(silentTwice, "opt_out")).stoppedBy, "opt_out")
  })

  it("nudge-update-handoff-alone: a handoff with no other stop waits for nothing", () => {
    const handed = Nudge.onStop(silentTwice, "handoff")
    assert.deepStrictEqual(handed, { ...silentTwice, stoppedBy: "handoff" })
    assert.deepStrictEqual(Nudge.onStop(handed, "handoff"), handed)
    assert.isFalse("stopAfterHandback" in Nudge.onStop(handed, "handoff"))
  })

  it("nudge-update-stop-under-handoff: an opt-out or finished order during a handoff applies after the handback", () => {
    const handed = Nudge.onStop(silentTwice, "handoff")
    const optedOut = Nudge.onStop(handed, "opt_out")
    assert.deepStrictEqual([optedOut.stoppedBy, optedOut.stopAfterHandback], ["handoff", "opt_out"])
    assert.strictEqual(Nudge.onStop(optedOut, "order_finished").stopAfterHandback, "opt_out")
    assert.strictEqual(Nudge.onStop(Nudge.onStop(handed, "order_finished"), "opt_out").stopAfterHandback, "opt_out")
    const back = Nudge.onHandback(optedOut)
    assert.deepStrictEqual(back, { ...silentTwice, stoppedBy: "opt_out" })
    assert.isFalse("stopAfterHandback" in back)
    // A stop already in force when the handoff comes waits under it too.
    const finishedFirst = Nudge.onStop(Nudge.onStop(silentTwice, "order_finished"), "handoff")
    assert.deepStrictEqual([finishedFirst.stoppedBy, finishedFirst.stopAfterHandback], ["handoff", "order_finished"])
    assert.strictEqual(Nudge.onStop(finishedFirst, "handoff").stopAfterHandback, "order_finished")
    // Talking during the handoff lifts the waiting stop, but not the handoff.
    const talked = Nudge.onCustomerMessage(finishedFirst, t(500))
    assert.deepStrictEqual([talked.stoppedBy, "stopAfterHandback" in talked], ["handoff", false])
  })

  it("nudge-update-stop-rank: opt-out outranks a finished order, either way round", () => {
    assert.strictEqual(Nudge.onStop(Nudge.onStop(silentTwice, "opt_out"), "order_finished").stoppedBy, "opt_out")
    assert.strictEqual(Nudge.onStop(Nudge.onStop(silentTwice, "order_finished"), "opt_out").stoppedBy, "opt_out")
    assert.strictEqual(Nudge.onStop(Nudge.onStop(silentTwice, "opt_out"), "handoff").stoppedBy, "handoff")
  })

  property(
    "nudge-state-well-formed: every reachable state pairs the count with the last nudge, and a waiting stop with a handoff",
    [NudgeArb.nudgeHistory],
    (history) => {
      assert.isTrue(Nudge.Invariants.wellFormed(NudgeArb.replay(history).state))
    },
    1000
  )

  it("nudge-state-malformed: wellFormed rejects a count without a nudge time and a stray waiting stop", () => {
    assert.isFalse(Nudge.Invariants.wellFormed({ ...start, sent: 1 }))
    assert.isFalse(Nudge.Invariants.wellFormed({ ...start, sent: -1, lastNudgeAt: t(1) }))
    assert.isFalse(Nudge.Invariants.wellFormed({ ...start, sent: 1.5, lastNudgeAt: t(1), lastBotMessageAt: t(1) }))
    assert.isFalse(Nudge.Invariants.wellFormed({ ...start, lastNudgeAt: t(1) }))
    assert.isFalse(Nudge.Invariants.wellFormed({ ...silentTwice, lastBotMessageAt: t(299) }))
    assert.isFalse(Nudge.Invariants.wellFormed({ ...silentTwice, lastBotMessageAt: null }))
    assert.isFalse(Nudge.Invariants.wellFormed({ ...silentTwice, stopAfterHandback: "opt_out" }))
    assert.isTrue(Nudge.Invariants.wellFormed(silentTwice))
  })
})
