import { assert, describe, it } from "@effect/vitest"
import { Effect, Result } from "effect"
import {
  ChannelAccountId,
  Conversation,
  ConversationId,
  CustomerId,
  MessageId,
  TenantId,
  timestamp
} from "@chatshop/domain"
import { conversationRepositoryContract } from "@chatshop/domain/testing"

conversationRepositoryContract("memory", Conversation.ConversationRepository.layerMemory)

const key = {
  channel: "webchat" as const,
  channelAccountId: ChannelAccountId.make("w"),
  customerId: CustomerId.make("c")
}
const t = TenantId.make("t")

describe("ConversationRepository (memory)", () => {
  it("the nudge scan orders by last bot message, then tenant, then id (code points)", () => {
    const c = Conversation.empty(ConversationId.make("b"), t, key, timestamp(0))
    assert.deepStrictEqual(Conversation.nudgeCursorOf(c), { lastBotMessageAt: 0, tenantId: t, id: c.id })
    const at5 = { ...Conversation.nudgeCursorOf(c), lastBotMessageAt: timestamp(5) }
    const cmp = Conversation.compareNudgeCursor
    assert.isBelow(cmp(Conversation.nudgeCursorOf(c), at5), 0)
    assert.isAbove(cmp(at5, { ...at5, tenantId: TenantId.make("T") }), 0)
    assert.isBelow(cmp(at5, { ...at5, id: ConversationId.make("c") }), 0)
    assert.isAbove(cmp(at5, { ...at5, id: ConversationId.make("B") }), 0)
    assert.strictEqual(cmp(at5, { ...at5 }), 0)
  })

  it.effect("update cannot move a conversation to another id or tenant", () =>
    Effect.gen(function* () {
      const repo = yield* Conversation.ConversationRepository
      const c = yield* repo.getOrCreate(t, key)
      const moved = yield* repo.update(t, c.id, (s) =>
        Result.succeed({ state: { ...s, id: ConversationId.make("other"), tenantId: TenantId.make("x") }, events: [] })
      )
      assert.deepStrictEqual([moved.state.id, moved.state.tenantId], [c.id, t])
      assert.strictEqual((yield* Effect.flip(repo.get(t, ConversationId.make("other"))))._tag, "NotFound")
    }).pipe(Effect.provide(Conversation.ConversationRepository.layerMemory))
  )

  it.effect("a delivery receipt for an unknown message changes no message", () =>
    Effect.gen(function* () {
      const repo = yield* Conversation.ConversationRepository
      const c = yield* repo.getOrCreate(t, key)
      yield* repo.update(
        t,
        c.id,
        Conversation.execute({
          _tag: "RecordBotMessage",
          messageId: MessageId.make("m1"),
          text: "hi",
          nudge: false,
          at: timestamp(1)
        })
      )
      yield* repo.update(
        t,
        c.id,
        Conversation.execute({
          _tag: "MarkDelivered",
          messageId: MessageId.make("zz"),
          platformMessageId: "p",
          at: timestamp(2)
        })
      )
      const messages = yield* repo.messages(t, c.id)
      assert.deepStrictEqual(
        messages.map((m) => [m.id, m.platformMessageId]),
        [["m1", null]]
      )
      assert.deepStrictEqual((yield* repo.get(t, c.id)).recentPlatformIds, ["p"])
      assert.strictEqual((yield* repo.listNudgeCandidates(-1)).length, 0)
      assert.strictEqual((yield* repo.listNudgeCandidates(5)).length, 1)
    }).pipe(Effect.provide(Conversation.ConversationRepository.layerMemory))
  )
})
