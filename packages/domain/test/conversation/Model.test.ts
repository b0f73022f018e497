import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import {
  ChannelAccountId,
  Conversation,
  ConversationId,
  CustomerId,
  MessageId,
  TenantId,
  timestamp
} from "@chatshop/domain"
import { ConversationArb } from "@chatshop/domain/testing"

const start = ConversationArb.start
const at = (n: number) => timestamp(n)
const mid = MessageId.make("m1")
const run = (state: Conversation.Conversation, ...commands: ReadonlyArray<Conversation.ConversationCommand>) => {
  let s = state
  for (const c of commands) {
    const r = Conversation.execute(c)(s)
    if (Result.isFailure(r)) throw new Error(r.failure._tag)
    s = r.success.state
  }
  return s
}
const inbound = (pid: string | null, n: number): Conversation.ConversationCommand => ({
  _tag: "ReceiveCustomerMessage",
  messageId: mid,
  text: "hi",
  platformMessageId: pid,
  at: at(n)
})
const bot = (n: number, nudge = false): Conversation.ConversationCommand => ({
  _tag: "RecordBotMessage",
  messageId: mid,
  text: "hello",
  nudge,
  at: at(n)
})

describe("conversation model", () => {
  it("a new conversation: bot-owned, English unless told, nothing recorded", () => {
    const key = {
      channel: "telegram" as const,
      channelAccountId: ChannelAccountId.make("a"),
      customerId: CustomerId.make("c")
    }
    const c = Conversation.empty(ConversationId.make("x"), TenantId.make("t"), key, at(5))
    assert.deepStrictEqual(
      [c.channel, c.language, c.owner, c.handoff, c.nluFailures, c.messageCount, c.orderId, c.createdAt],
      ["telegram", "en", "bot", null, 0, 0, null, 5]
    )
    assert.deepStrictEqual([c.lastInboundAt, c.lastOutboundAt, c.recentPlatformIds], [null, null, []])
    assert.strictEqual(Conversation.empty(c.id, c.tenantId, { ...key, language: "ru" }, at(0)).language, "ru")
    assert.deepStrictEqual(Conversation.decider(c.id, c.tenantId, key, at(5)).initial, c)
    assert.isTrue(Conversation.Invariants.all(c))
  })

  it("conv-duplicate-window: the duplicate guard remembers the last 100 platform ids", () => {
    let s = start
    for (let i = 1; i <= 150; i++) s = run(s, inbound(`p${i}`, i))
    assert.strictEqual(s.recentPlatformIds.length, Conversation.PLATFORM_ID_WINDOW)
    assert.deepStrictEqual([s.recentPlatformIds[0], s.recentPlatformIds.at(-1)], ["p51", "p150"])
    assert.isFalse(Conversation.isDuplicate(s, "p50"))
    assert.isTrue(Conversation.isDuplicate(s, "p51"))
    assert.isFalse(Conversation.isDuplicate(s, null))
    assert.isTrue(Conversation.Invariants.platformIdsUnique(s))
    assert.strictEqual(s.messageCount, 150)
  })

  it("messageOf: the row each message event records; other events record none", () => {
    const c = start
    const base = { tenantId: c.tenantId, conversationId: c.id, id: mid, text: "t", at: at(3) }
    assert.deepStrictEqual(
      Conversation.messageOf(c, {
        _tag: "CustomerMessageReceived",
        messageId: mid,
        text: "t",
        platformMessageId: "p",
        at: at(3)
      }),
      { ...base, direction: "in", sender: "customer", platformMessageId: "p", nudge: false }
    )
    assert.deepStrictEqual(
      Conversation.messageOf(c, { _tag: "BotMessageRecorded", messageId: mid, text: "t", nudge: true, at: at(3) }),
      { ...base, direction: "out", sender: "bot", platformMessageId: null, nudge: true }
    )
    assert.deepStrictEqual(
      Conversation.messageOf(c, {
        _tag: "HumanMessageRecorded",
        messageId: mid,
        text: "t",
        platformMessageId: "e",
        at: at(3)
      }),
      { ...base, direction: "out", sender: "human", platformMessageId: "e", nudge: false }
    )
    assert.isUndefined(
      Conversation.messageOf(c, { _tag: "MessageDelivered", messageId: mid, platformMessageId: "p", at: at(3) })
    )
    assert.isUndefined(Conversation.messageOf(c, { _tag: "OptedOut", at: at(3) }))
  })

  it("conv-nudge-candidate: the bot spoke last (same millisecond counts) and nothing stops nudging", () => {
    assert.isFalse(Conversation.isNudgeCandidate(start))
    assert.isTrue(Conversation.isNudgeCandidate(run(start, bot(1))))
    assert.isTrue(Conversation.isNudgeCandidate(run(start, inbound(null, 5), bot(5))))
    assert.isFalse(Conversation.isNudgeCandidate(run(start, bot(5), inbound(null, 6))))
    assert.isFalse(Conversation.isNudgeCandidate(run(start, bot(5), { _tag: "OptOut", at: at(6) })))
    assert.isFalse(Conversation.isNudgeCandidate(run(start, bot(5), { _tag: "HandoffOn", by: "admin", at: at(6) })))
    // The owner alone decides too, even if a stale nudge state said otherwise.
    assert.isFalse(Conversation.isNudgeCandidate({ ...run(start, bot(1)), owner: "human" }))
  })

  it("conv-opt-out-waits: an opt-out during a handoff applies after the handback", () => {
    const s = run(start, { _tag: "HandoffOn", by: "customer", at: at(1) }, { _tag: "OptOut", at: at(2) })
    assert.deepStrictEqual([s.nudge.stoppedBy, Conversation.isOptedOut(s)], ["handoff", true])
    const back = run(s, { _tag: "HandoffOff", by: "manager", at: at(3) })
    assert.deepStrictEqual([back.nudge.stoppedBy, Conversation.isOptedOut(back)], ["opt_out", true])
    assert.isFalse(Conversation.isOptedOut(run(s, inbound(null, 4))))
  })

  it("conv-nlu-while-human: misses are not counted while a human owns the conversation", () => {
    const s = run(start, { _tag: "NluFailed", at: at(1) }, { _tag: "HandoffOn", by: "admin", at: at(2) })
    assert.strictEqual(s.nluFailures, 0)
    const decided = Conversation.decide({ _tag: "NluFailed", at: at(3) }, s)
    assert.deepStrictEqual(Result.isSuccess(decided) ? decided.success : "rejected", [])
    assert.deepStrictEqual(Conversation.decide({ _tag: "NluSucceeded", at: at(3) }, s), Result.succeed([]))
  })

  it("conv-handoff-priority: a human owner is reported before a nudge stop", () => {
    const s = run(start, { _tag: "OptOut", at: at(1) }, { _tag: "HandoffOn", by: "admin", at: at(2) })
    const decided = Conversation.decide(bot(3, true), s)
    assert.strictEqual(Result.isFailure(decided) ? decided.failure._tag : "ok", "HumanOwnsConversation")
  })

  it("conv-stamps-never-rewind: an older message does not move the last times back", () => {
    const s = run(start, inbound(null, 10), bot(20), inbound(null, 5), bot(15))
    assert.deepStrictEqual([s.lastInboundAt, s.lastOutboundAt, s.nudge.lastBotMessageAt], [10, 20, 20])
    assert.strictEqual(s.messageCount, 4)
    assert.strictEqual(run(s, { _tag: "RecordHumanMessage", messageId: mid, text: "x", at: at(1) }).lastOutboundAt, 20)
  })

  it("invariants reject broken states", () => {
    const I = Conversation.Invariants
    const human = run(start, { _tag: "HandoffOn", by: "admin", at: at(1) })
    assert.isFalse(I.ownerMatchesHandoff({ ...start, owner: "human" }))
    assert.isFalse(I.ownerMatchesHandoff({ ...human, handoff: null }))
    assert.isFalse(I.nluFailuresBelowHandoff({ ...start, nluFailures: 2 }))
    assert.isFalse(I.nluFailuresBelowHandoff({ ...start, nluFailures: -1 }))
    assert.isTrue(I.nluFailuresBelowHandoff({ ...start, nluFailures: 1 }))
    assert.isFalse(I.handoffStopsNudging({ ...human, nudge: { ...human.nudge, stoppedBy: null } }))
    assert.isFalse(I.handoffStopsNudging({ ...start, nudge: { ...start.nudge, stoppedBy: "handoff" } }))
    assert.isFalse(I.nudgeWellFormed({ ...start, nudge: { ...start.nudge, sent: 1 } }))
    assert.isFalse(I.inboundMatchesNudge({ ...start, lastInboundAt: at(1) }))
    assert.isFalse(I.outboundCoversBot({ ...start, nudge: { ...start.nudge, lastBotMessageAt: at(5) } }))
    assert.isFalse(
      I.outboundCoversBot({ ...start, lastOutboundAt: at(4), nudge: { ...start.nudge, lastBotMessageAt: at(5) } })
    )
    assert.isTrue(
      I.outboundCoversBot({ ...start, lastOutboundAt: at(5), nudge: { ...start.nudge, lastBotMessageAt: at(5) } })
    )
    assert.isFalse(I.platformIdsUnique({ ...start, recentPlatformIds: ["a", "a"] }))
    assert.isFalse(I.platformIdsUnique({ ...start, recentPlatformIds: Array.from({ length: 101 }, (_, i) => `p${i}`) }))
    assert.isTrue(I.platformIdsUnique({ ...start, recentPlatformIds: Array.from({ length: 100 }, (_, i) => `p${i}`) }))
    assert.isFalse(I.all({ ...start, messageCount: -1 }))
    const handedOff = { _tag: "HandedOff", by: "admin", at: at(1) } as const
    const handedBack = { _tag: "HandedBack", by: "admin", at: at(1) } as const
    const botMsg = { _tag: "BotMessageRecorded", messageId: mid, text: "x", nudge: false, at: at(1) } as const
    assert.isFalse(I.botSilentWhileHuman([handedOff, botMsg]))
    assert.isTrue(I.botSilentWhileHuman([handedOff, handedBack, botMsg]))
    assert.isFalse(I.botSilentWhileHuman([botMsg], "human"))
    const delivered = { _tag: "MessageDelivered", messageId: mid, platformMessageId: "p", at: at(1) } as const
    assert.isFalse(I.platformIdsOnce([delivered, { ...inboundEvent, platformMessageId: "p" }]))
    assert.isTrue(I.platformIdsOnce([inboundEvent, inboundEvent, delivered]))
  })
})

const inboundEvent = {
  _tag: "CustomerMessageReceived",
  messageId: mid,
  text: "x",
  platformMessageId: null,
  at: timestamp(1)
} as const
