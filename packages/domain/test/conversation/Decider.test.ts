import { assert, describe } from "@effect/vitest"
import * as fc from "fast-check"
import { Conversation, Decider } from "@chatshop/domain"
import { ConversationArb, property } from "@chatshop/domain/testing"
import { bot, commands, customer, isEvent, late, mid, ok, play, rejection } from "./play.ts"

describe("conversation decider (SPEC §3.7)", () => {
  property(
    "conv-invariants: owner ⇔ handoff, misses < 2, nudge state well formed, after any commands",
    [commands],
    (cs) => {
      let state = ConversationArb.start
      for (const c of cs) {
        state = play([c], state).state
        assert.isTrue(Conversation.Invariants.all(state))
      }
    },
    1000
  )

  property(
    "conv-bot-silent: while a human owns it every bot message is rejected with HumanOwnsConversation",
    [commands, fc.boolean()],
    (cs, nudge) => {
      const { state, events } = play([...cs, { _tag: "HandoffOn", by: "admin", at: late }])
      assert.isTrue(Conversation.Invariants.botSilentWhileHuman(events))
      const failure = rejection(bot(nudge), state)
      assert.strictEqual(failure?._tag, "HumanOwnsConversation")
      assert.deepStrictEqual(failure, new Conversation.HumanOwnsConversation({ conversationId: state.id }))
    }
  )

  property(
    "conv-duplicate-inbound: a platform message id seen before records nothing, whatever carries it",
    [commands, ConversationArb.platformId],
    (cs, pid) => {
      const { state, events } = play([...cs, customer(pid)])
      assert.isTrue(Conversation.Invariants.platformIdsOnce(events))
      assert.isTrue(Conversation.isDuplicate(state, pid))
      assert.deepStrictEqual(ok(customer(pid), state).events, [])
      assert.deepStrictEqual(
        ok({ _tag: "ReceiveEcho", messageId: mid, text: "x", platformMessageId: pid, at: late }, state).events,
        []
      )
      assert.deepStrictEqual(
        ok({ _tag: "MarkDelivered", messageId: mid, platformMessageId: pid, at: late }, state).events,
        []
      )
    }
  )

  property("conv-no-platform-id: a message without a platform id (web chat) is always recorded", [commands], (cs) => {
    const { state } = play(cs)
    const { events, state: after } = ok(customer(null), state)
    assert.deepStrictEqual(events, [
      { _tag: "CustomerMessageReceived", messageId: mid, text: "hi", platformMessageId: null, at: late }
    ])
    assert.deepStrictEqual(after.recentPlatformIds, state.recentPlatformIds)
    assert.strictEqual(after.messageCount, state.messageCount + 1)
  })

  property(
    "conv-language: setting the language records it once",
    [commands, fc.constantFrom("en" as const, "ru" as const)],
    (cs, language) => {
      const { state } = play(cs)
      const { events, state: after } = ok({ _tag: "SetLanguage", language, at: late }, state)
      assert.strictEqual(after.language, language)
      assert.deepStrictEqual(events, state.language === language ? [] : [{ _tag: "LanguageSet", language, at: late }])
    }
  )

  property(
    "conv-messages: messageCount equals the messages the events record, and every event fits its Schema",
    [commands],
    (cs) => {
      const { state, events } = play(cs)
      const rows = events.flatMap((e) => Conversation.messageOf(state, e) ?? [])
      assert.strictEqual(state.messageCount, rows.length)
      for (const e of events) assert.isTrue(isEvent(e), e._tag)
    },
    500
  )

  property(
    "conv-replay: replaying the events from the start rebuilds the state",
    [commands],
    (cs) => {
      const { state, events } = play(cs)
      const s = ConversationArb.start
      const decider = Conversation.decider(s.id, s.tenantId, s, s.createdAt)
      assert.deepStrictEqual(Decider.replay(decider, events), state)
    },
    500
  )
})
