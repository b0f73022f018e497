import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import * as fc from "fast-check"
import { type Channel, channels, DAY, HOUR, ReplyWindow, type Timestamp, timestamp } from "@chatshop/domain"
import { NudgeArb, property } from "@chatshop/domain/testing"

/** SPEC §3.6, written out: free-form window per channel and sender (null: none). */
const expected: Record<Channel, { bot: number | null; human: number | null }> = {
  whatsapp: { bot: 24 * HOUR, human: 24 * HOUR },
  greenapi: { bot: 24 * HOUR, human: 24 * HOUR },
  messenger: { bot: 24 * HOUR, human: 7 * DAY },
  instagram: { bot: 24 * HOUR, human: 7 * DAY },
  tiktok: { bot: 48 * HOUR, human: 48 * HOUR },
  telegram: { bot: null, human: null },
  webchat: { bot: null, human: null }
}
const sender = fc.constantFrom("bot" as const, "human" as const)
const last = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 0, 1) }).map(timestamp)
/** Offsets that hit the edges: just inside, exactly at and just past 24 h, 48 h and 7 days. */
const elapsed = fc.oneof(
  fc.integer({ min: 0, max: 9 * DAY }),
  fc.constantFrom(24 * HOUR, 48 * HOUR, 7 * DAY).chain((edge) => fc.integer({ min: edge - 2, max: edge + 1 }))
)
const tagged = (c: Channel) => c === "messenger" || c === "instagram"

describe("reply windows per channel (SPEC §3.6)", () => {
  property(
    "window-open-iff-inside: a free-form message is allowed exactly within [last customer message, + window)",
    [NudgeArb.channel, sender, last, elapsed],
    (channel, who, lastAt, dt) => {
      const now = timestamp(lastAt + dt)
      const length = expected[channel][who]
      const result = ReplyWindow.canSend(channel, who, lastAt, now)
      assert.strictEqual(Result.isSuccess(result), length === null || dt < length)
      assert.strictEqual(ReplyWindow.isOpen(channel, who, lastAt, now), length === null || dt < length)
      assert.strictEqual(ReplyWindow.windowLength(channel, who), length)
      assert.strictEqual(ReplyWindow.windowClosesAt(channel, who, lastAt), length === null ? null : lastAt + length)
    },
    1000
  )

  property(
    "window-closed-error: outside the window the answer is ReplyWindowClosed naming the channel and when it closed",
    [NudgeArb.channel, sender, last, elapsed],
    (channel, who, lastAt, dt) => {
      const result = ReplyWindow.canSend(channel, who, lastAt, timestamp(lastAt + dt))
      if (Result.isSuccess(result)) return
      assert.instanceOf(result.failure, ReplyWindow.ReplyWindowClosed)
      assert.strictEqual(result.failure._tag, "ReplyWindowClosed")
      assert.strictEqual(result.failure.channel, channel)
      assert.strictEqual(result.failure.closedAt, ReplyWindow.windowClosesAt(channel, who, lastAt))
    },
    1000
  )

  property(
    "window-tag: Messenger/Instagram use RESPONSE inside 24 h and HUMAN_AGENT for a human after; others no tag",
    [NudgeArb.channel, sender, last, elapsed],
    (channel, who, lastAt, dt) => {
      const result = ReplyWindow.canSend(channel, who, lastAt, timestamp(lastAt + dt))
      if (Result.isFailure(result)) return
      const tag = !tagged(channel) ? null : dt < 24 * HOUR ? "RESPONSE" : "HUMAN_AGENT"
      assert.deepStrictEqual(result.success, {
        channel,
        tag,
        closesAt: ReplyWindow.windowClosesAt(channel, who, lastAt)
      })
      if (tag === "HUMAN_AGENT") assert.strictEqual(who, "human")
    },
    1000
  )

  property(
    "window-monotone: once closed it stays closed; open at t means open at every earlier moment since the message",
    [NudgeArb.channel, sender, last, elapsed, elapsed],
    (channel, who, lastAt, a, b) => {
      const [early, late] = a <= b ? [a, b] : [b, a]
      const open = (dt: number) => Result.isSuccess(ReplyWindow.canSend(channel, who, lastAt, timestamp(lastAt + dt)))
      if (open(late)) assert.isTrue(open(early))
    },
    1000
  )

  property(
    "window-never-opened: without any customer message only Telegram and web chat may write",
    [NudgeArb.channel, sender, last],
    (channel, who, now) => {
      const result = ReplyWindow.canSend(channel, who, null, now)
      const windowless = channel === "telegram" || channel === "webchat"
      assert.strictEqual(Result.isSuccess(result), windowless)
      assert.strictEqual(ReplyWindow.isOpen(channel, who, null, now), windowless)
      if (Result.isFailure(result)) assert.isNull(result.failure.closedAt)
    },
    200
  )

  it("window-never-opened-at-epoch: no customer message is no window even at the start of time", () => {
    assert.isFalse(ReplyWindow.isOpen("whatsapp", "bot", null, 0))
    assert.isFalse(Result.isSuccess(ReplyWindow.canSend("tiktok", "bot", null, timestamp(0))))
  })

  it("window-edges: WhatsApp closes at +24 h sharp, TikTok at +48 h, a Messenger human at +7 days", () => {
    const at = timestamp(Date.UTC(2026, 5, 1, 10))
    const can = (c: Channel, who: "bot" | "human", dt: number) =>
      Result.isSuccess(ReplyWindow.canSend(c, who, at, timestamp(at + dt)))
    assert.deepStrictEqual(
      [can("whatsapp", "bot", 24 * HOUR - 1), can("whatsapp", "bot", 24 * HOUR), can("whatsapp", "human", 24 * HOUR)],
      [true, false, false]
    )
    assert.deepStrictEqual([can("tiktok", "bot", 48 * HOUR - 1), can("tiktok", "human", 48 * HOUR)], [true, false])
    assert.deepStrictEqual([can("messenger", "human", 7 * DAY - 1), can("messenger", "human", 7 * DAY)], [true, false])
    assert.deepStrictEqual([can("instagram", "bot", 24 * HOUR), can("greenapi", "bot", 24 * HOUR)], [false, false])
    assert.deepStrictEqual([can("telegram", "bot", 365 * DAY), can("webchat", "human", 365 * DAY)], [true, true])
    const human = ReplyWindow.canSend("messenger", "human", at, timestamp(at + 24 * HOUR))
    assert.deepStrictEqual(Result.isSuccess(human) ? human.success.tag : "closed", "HUMAN_AGENT")
    const early = ReplyWindow.canSend("messenger", "human", at, timestamp(at + 24 * HOUR - 1))
    assert.deepStrictEqual(Result.isSuccess(early) ? early.success.tag : "closed", "RESPONSE")
  })

  it("window-every-channel: the table covers every channel chatshop speaks", () => {
    for (const c of channels)
      for (const who of ["bot", "human"] as const)
        assert.strictEqual(ReplyWindow.windowLength(c, who), expected[c][who], `${c}/${who}`)
    const closed = ReplyWindow.canSend("whatsapp", "bot", timestamp(0), timestamp(DAY)) as Result.Failure<
      unknown,
      ReplyWindow.ReplyWindowClosed
    >
    assert.deepStrictEqual([closed.failure.channel, closed.failure.closedAt as Timestamp], ["whatsapp", DAY])
  })
})
