import { assert, describe, it } from "@effect/vitest"
import { type Channel, HOUR, MINUTE, Nudge, type Timestamp, timestamp } from "@chatshop/domain"

const utc = (y: number, mo: number, d: number, h = 0, mi = 0): Timestamp => timestamp(Date.UTC(y, mo - 1, d, h, mi))

const policy = (timezone: string, channel: Channel = "telegram", over: Partial<Nudge.NudgePolicy> = {}) => ({
  ...Nudge.nudgePolicy({ timezone, maxNudges: 2, workHours: { startMinute: 9 * 60, endMinute: 19 * 60 } }, channel),
  ...over
})

/** The customer wrote at `customer`, the bot answered at `bot`. */
const silent = (bot: Timestamp, customer: Timestamp | null = null): Nudge.NudgeState => {
  const asked = customer === null ? Nudge.initialNudgeState : Nudge.onCustomerMessage(Nudge.initialNudgeState, customer)
  return Nudge.onBotMessage(asked, bot)
}

const nudgeAt = (at: Timestamp, number: number): Nudge.NextNudge => ({ _tag: "NudgeAt", at, number })
const noNudge = (reason: Nudge.NoNudgeReason): Nudge.NextNudge => ({ _tag: "NoNudge", reason })

describe("nextNudge with explicit times (SPEC §3.5)", () => {
  it("nudge-unit-berlin-dst: bot 2026-03-28 17:30 CET → +3 h is 20:30, so the next opening 2026-03-29 09:00 CEST", () => {
    const bot = utc(2026, 3, 28, 16, 30)
    const next = Nudge.nextNudge(silent(bot), policy("Europe/Berlin"), bot)
    assert.deepStrictEqual(next, nudgeAt(utc(2026, 3, 29, 7), 1))
  })

  it("nudge-unit-plus-3h: bot at 10:00 Berlin → nudge #1 at 13:00; then #2 the next day at 13:00 CEST", () => {
    const bot = utc(2026, 3, 28, 9)
    const p = policy("Europe/Berlin")
    assert.deepStrictEqual(Nudge.nextNudge(silent(bot), p, bot), nudgeAt(utc(2026, 3, 28, 12), 1))
    const after = Nudge.onNudgeSent(silent(bot), utc(2026, 3, 28, 12))
    assert.deepStrictEqual(Nudge.nextNudge(after, p, utc(2026, 3, 28, 12)), nudgeAt(utc(2026, 3, 29, 11), 2))
    const done = Nudge.onNudgeSent(after, utc(2026, 3, 29, 11))
    assert.deepStrictEqual(Nudge.nextNudge(done, p, utc(2026, 3, 29, 11)), noNudge("max_reached"))
  })

  it("nudge-unit-hours-edges: +3 h landing on 19:00 waits for 09:00; landing on 09:00 goes at 09:00", () => {
    const p = policy("Asia/Almaty")
    const at16 = utc(2026, 6, 1, 11) // 16:00 +05
    assert.deepStrictEqual(Nudge.nextNudge(silent(at16), p, at16), nudgeAt(utc(2026, 6, 2, 4), 1))
    const justBefore = timestamp(at16 - 1)
    assert.deepStrictEqual(
      Nudge.nextNudge(silent(justBefore), p, justBefore),
      nudgeAt(timestamp(utc(2026, 6, 1, 14) - 1), 1)
    )
    const at06 = utc(2026, 6, 1, 1) // 06:00 +05
    assert.deepStrictEqual(Nudge.nextNudge(silent(at06), p, at06), nudgeAt(utc(2026, 6, 1, 4), 1))
  })

  it("nudge-unit-new-york-dst: Saturday 20:00 EST before the spring change → Sunday 09:00 EDT; fall → 09:00 EST", () => {
    const p = policy("America/New_York")
    const spring = utc(2026, 3, 8, 1) // 2026-03-07 20:00 EST
    assert.deepStrictEqual(Nudge.nextNudge(silent(spring), p, spring), nudgeAt(utc(2026, 3, 8, 13), 1))
    const fall = utc(2026, 10, 31, 22) // 18:00 EDT
    assert.deepStrictEqual(Nudge.nextNudge(silent(fall), p, fall), nudgeAt(utc(2026, 11, 1, 14), 1))
    // nudge #2 across the fall change: the next day 13:00 EST.
    const first = Nudge.onNudgeSent(silent(fall), utc(2026, 10, 31, 23))
    assert.deepStrictEqual(Nudge.nextNudge(first, p, utc(2026, 10, 31, 23)), nudgeAt(utc(2026, 11, 1, 18), 2))
  })

  it("nudge-unit-second-outside-hours: 13:00 outside 14:00–20:00 → the next day's 14:00", () => {
    const p = policy("Europe/Berlin", "telegram", { workHours: { startMinute: 14 * 60, endMinute: 20 * 60 } })
    const first = Nudge.onNudgeSent(silent(utc(2026, 6, 1, 10)), utc(2026, 6, 1, 13))
    assert.deepStrictEqual(Nudge.nextNudge(first, p, utc(2026, 6, 1, 13)), nudgeAt(utc(2026, 6, 2, 12), 2))
  })

  it("nudge-unit-whatsapp-window: #1 fits the 24 h window; #2 the next day at 13:00 is past it; TikTok's 48 h fits", () => {
    const customer = utc(2026, 6, 1, 8) // 10:00 CEST
    const bot = utc(2026, 6, 1, 8, 5)
    const wa = policy("Europe/Berlin", "whatsapp")
    assert.deepStrictEqual(Nudge.nextNudge(silent(bot, customer), wa, bot), nudgeAt(utc(2026, 6, 1, 11, 5), 1))
    const first = Nudge.onNudgeSent(silent(bot, customer), utc(2026, 6, 1, 11, 5))
    assert.deepStrictEqual(Nudge.nextNudge(first, wa, utc(2026, 6, 1, 11, 5)), noNudge("window_closed"))
    const tiktok = policy("Europe/Berlin", "tiktok")
    assert.deepStrictEqual(Nudge.nextNudge(first, tiktok, utc(2026, 6, 1, 11, 5)), nudgeAt(utc(2026, 6, 2, 11), 2))
    // the window closes at exactly customer + 24 h: a nudge due right then is refused.
    const late = policy("Europe/Berlin", "whatsapp", { firstDelayMs: 24 * HOUR - 5 * MINUTE })
    assert.deepStrictEqual(Nudge.nextNudge(silent(bot, customer), late, bot), noNudge("window_closed"))
    const inTime = policy("Europe/Berlin", "whatsapp", { firstDelayMs: 24 * HOUR - 5 * MINUTE - 1 })
    assert.deepStrictEqual(
      Nudge.nextNudge(silent(bot, customer), inTime, bot),
      nudgeAt(timestamp(customer + 24 * HOUR - 1), 1)
    )
  })

  it("nudge-unit-window-never-opened: a windowed channel without any customer message never nudges", () => {
    const bot = utc(2026, 6, 1, 8)
    for (const channel of ["whatsapp", "greenapi", "messenger", "instagram", "tiktok"] as const)
      assert.deepStrictEqual(Nudge.nextNudge(silent(bot), policy("UTC", channel), bot), noNudge("window_closed"))
    for (const channel of ["telegram", "webchat"] as const)
      assert.strictEqual(Nudge.nextNudge(silent(bot), policy("UTC", channel), bot)._tag, "NudgeAt")
    // Even in the first day of the epoch: no customer message is no window, not a window from 0.
    const early = timestamp(HOUR)
    const allDay = { workHours: { startMinute: 0, endMinute: 1440 } }
    assert.deepStrictEqual(
      Nudge.nextNudge(silent(early), policy("UTC", "whatsapp", allDay), early),
      noNudge("window_closed")
    )
  })

  it("nudge-unit-messenger-bot-window: a nudge is a bot message, so Messenger's 24 h apply, not the human's 7 days", () => {
    const customer = utc(2026, 6, 1, 8)
    const first = Nudge.onNudgeSent(silent(utc(2026, 6, 1, 8, 5), customer), utc(2026, 6, 1, 11, 5))
    assert.deepStrictEqual(
      Nudge.nextNudge(first, policy("UTC", "messenger"), utc(2026, 6, 1, 11, 5)),
      noNudge("window_closed")
    )
    assert.deepStrictEqual(
      Nudge.nextNudge(first, policy("UTC", "instagram"), utc(2026, 6, 2, 7)),
      noNudge("window_closed")
    )
  })

  it("nudge-unit-window-already-closed: `now` at or past the window end answers window_closed", () => {
    const customer = utc(2026, 6, 1, 8)
    const s = silent(utc(2026, 6, 1, 8, 1), customer)
    const p = policy("UTC", "whatsapp", { workHours: { startMinute: 0, endMinute: 1440 } })
    assert.deepStrictEqual(Nudge.nextNudge(s, p, timestamp(customer + 24 * HOUR)), noNudge("window_closed"))
    assert.deepStrictEqual(
      Nudge.nextNudge(s, p, timestamp(customer + 24 * HOUR - 1)),
      nudgeAt(timestamp(customer + 24 * HOUR - 1), 1)
    )
  })

  it("nudge-unit-stops: each stop, the maximum, no bot message, the customer speaking last", () => {
    const bot = utc(2026, 6, 1, 8)
    const p = policy("UTC")
    for (const reason of ["handoff", "opt_out", "order_finished"] as const)
      assert.deepStrictEqual(Nudge.nextNudge(Nudge.onStop(silent(bot), reason), p, bot), noNudge(reason))
    assert.deepStrictEqual(Nudge.nextNudge(silent(bot), { ...p, maxNudges: 0 }, bot), noNudge("max_reached"))
    assert.deepStrictEqual(Nudge.nextNudge(Nudge.initialNudgeState, p, bot), noNudge("no_bot_message"))
    const waiting = Nudge.onCustomerMessage(silent(bot), timestamp(bot + 1))
    assert.deepStrictEqual(Nudge.nextNudge(waiting, p, bot), noNudge("customer_spoke_last"))
    // Same millisecond: the bot's message is the answer, so the bot spoke last.
    const tie = silent(bot, bot)
    assert.strictEqual(Nudge.nextNudge(tie, p, bot)._tag, "NudgeAt")
  })

  it("nudge-unit-zone-and-hours: an unknown zone and empty work hours never nudge", () => {
    const bot = utc(2026, 6, 1, 8)
    assert.deepStrictEqual(Nudge.nextNudge(silent(bot), policy("Nowhere/Atlantis"), bot), noNudge("unknown_timezone"))
    const closed = policy("UTC", "telegram", { workHours: { startMinute: 600, endMinute: 600 } })
    assert.deepStrictEqual(Nudge.nextNudge(silent(bot), closed, bot), noNudge("never_open"))
  })

  it("nudge-unit-late-sweeper: past due inside hours → now; past due outside hours → the next opening", () => {
    const bot = utc(2026, 6, 1, 8) // 08:00 UTC
    const p = policy("UTC")
    const now = utc(2026, 6, 1, 15, 7)
    assert.deepStrictEqual(Nudge.nextNudge(silent(bot), p, now), nudgeAt(now, 1))
    assert.isTrue(Nudge.isDue(silent(bot), p, now))
    assert.isFalse(Nudge.isDue(silent(bot), p, timestamp(utc(2026, 6, 1, 11) - 1)))
    assert.isTrue(Nudge.isDue(silent(bot), p, utc(2026, 6, 1, 11)))
    assert.deepStrictEqual(Nudge.nextNudge(silent(bot), p, utc(2026, 6, 1, 20)), nudgeAt(utc(2026, 6, 2, 9), 1))
    assert.isFalse(Nudge.isDue(Nudge.onStop(silent(bot), "opt_out"), p, now))
  })

  it("nudge-unit-strictly-after: a zero delay still nudges after the bot's message and after the last nudge", () => {
    const p = policy("UTC", "telegram", {
      firstDelayMs: 0,
      maxNudges: 3,
      workHours: { startMinute: 0, endMinute: 1440 }
    })
    const bot = utc(2026, 6, 1, 10)
    assert.deepStrictEqual(Nudge.nextNudge(silent(bot), p, timestamp(bot - HOUR)), nudgeAt(timestamp(bot + 1), 1))
    // A clock behind the last nudge never schedules at or before it.
    const sent = Nudge.onNudgeSent(silent(bot), utc(2026, 6, 1, 11))
    const stale = { ...sent, lastBotMessageAt: bot }
    const next = Nudge.nextNudge(stale, { ...p, secondLocalMinute: 0 }, bot)
    assert.deepStrictEqual(next, nudgeAt(utc(2026, 6, 2, 0), 2))
    const atRule = { ...stale, lastNudgeAt: utc(2026, 6, 2, 0) }
    assert.deepStrictEqual(
      Nudge.nextNudge(atRule, { ...p, secondLocalMinute: 0 }, bot),
      nudgeAt(timestamp(utc(2026, 6, 2, 0) + 1), 2)
    )
    const sameDay = { ...stale, lastNudgeAt: utc(2026, 6, 2, 5) }
    assert.deepStrictEqual(
      Nudge.nextNudge(sameDay, { ...p, secondLocalMinute: 0 }, bot),
      nudgeAt(timestamp(utc(2026, 6, 2, 5) + 1), 2)
    )
  })

  it("nudge-unit-policy: nudgePolicy takes the shop's zone, hours and maximum with the SPEC's delays", () => {
    const p = Nudge.nudgePolicy(
      { timezone: "Asia/Almaty", maxNudges: 3, workHours: { startMinute: 600, endMinute: 1200 } },
      "tiktok"
    )
    assert.deepStrictEqual(p, {
      timezone: "Asia/Almaty",
      workHours: { startMinute: 600, endMinute: 1200 },
      maxNudges: 3,
      firstDelayMs: 3 * HOUR,
      secondLocalMinute: 13 * 60,
      channel: "tiktok"
    })
  })
})
