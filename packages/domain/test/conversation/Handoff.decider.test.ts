import { assert, describe } from "@effect/vitest"
import * as fc from "fast-check"
import { ConversationArb, property } from "@chatshop/domain/testing"
import { commands, type Event, late, mid, ok, play, tags } from "./play.ts"

describe("conversation handoff (SPEC §3.7)", () => {
  property(
    "conv-nlu-twice: the second NLU miss in a row hands off to a human; a success in between resets",
    [commands, ConversationArb.at],
    (cs, at) => {
      const { state } = play([...cs, { _tag: "HandoffOff", by: "admin", at }, { _tag: "NluSucceeded", at }])
      assert.strictEqual(state.nluFailures, 0)
      const first = ok({ _tag: "NluFailed", at }, state)
      assert.deepStrictEqual(first.events, [{ _tag: "NluFailureCounted", failures: 1, at }])
      const reset = ok({ _tag: "NluSucceeded", at }, first.state)
      assert.deepStrictEqual(tags(reset.events), ["NluFailuresReset"])
      assert.strictEqual(ok({ _tag: "NluFailed", at }, reset.state).state.owner, "bot")
      const second = ok({ _tag: "NluFailed", at }, first.state)
      assert.deepStrictEqual(second.events, [
        { _tag: "NluFailureCounted", failures: 2, at },
        { _tag: "HandedOff", by: "nlu", at }
      ])
      assert.deepStrictEqual(
        [second.state.owner, second.state.nluFailures, second.state.handoff],
        ["human", 0, { by: "nlu", at }]
      )
      assert.deepStrictEqual(ok({ _tag: "NluFailed", at }, second.state).events, [])
    }
  )

  property(
    "conv-handoff-on: any trigger hands a bot conversation to a human once; the first trigger is kept",
    [commands, ConversationArb.handoffSource, ConversationArb.at],
    (cs, by, at) => {
      const { state } = play(cs)
      const { events, state: after } = ok({ _tag: "HandoffOn", by, at }, state)
      assert.strictEqual(after.owner, "human")
      assert.strictEqual(after.nudge.stoppedBy, "handoff")
      if (state.owner === "bot") {
        assert.deepStrictEqual(events, [{ _tag: "HandedOff", by, at }])
        assert.deepStrictEqual([after.handoff, after.nluFailures], [{ by, at }, 0])
      } else {
        assert.deepStrictEqual([events, after], [[], state])
      }
    }
  )

  property(
    "conv-handoff-off: handing back returns the bot and restores the nudge stop that was waiting",
    [commands, fc.constantFrom("manager" as const, "admin" as const), ConversationArb.at],
    (cs, by, at) => {
      const { state } = play([...cs, { _tag: "HandoffOff", by: "admin", at }])
      const on = ok({ _tag: "HandoffOn", by: "customer", at }, state)
      const off = ok({ _tag: "HandoffOff", by, at }, on.state)
      assert.deepStrictEqual(off.events, [{ _tag: "HandedBack", by, at }])
      assert.deepStrictEqual([off.state.owner, off.state.handoff, off.state.nluFailures], ["bot", null, 0])
      assert.strictEqual(off.state.nudge.stoppedBy, state.nudge.stoppedBy)
      assert.deepStrictEqual(ok({ _tag: "HandoffOff", by, at }, off.state).events, [])
    }
  )

  property(
    "conv-echo: the owner replying from the phone hands off (by echo) and is recorded as a human message",
    [commands, fc.string({ minLength: 1, maxLength: 8 })],
    (cs, suffix) => {
      const { state } = play(cs)
      const pid = `echo-${suffix}`
      const { events, state: after } = ok(
        { _tag: "ReceiveEcho", messageId: mid, text: "on my way", platformMessageId: pid, at: late },
        state
      )
      const recorded: Event = {
        _tag: "HumanMessageRecorded",
        messageId: mid,
        text: "on my way",
        platformMessageId: pid,
        at: late
      }
      assert.deepStrictEqual(
        events,
        state.owner === "bot" ? [{ _tag: "HandedOff", by: "echo", at: late }, recorded] : [recorded]
      )
      assert.deepStrictEqual([after.owner, after.lastOutboundAt, after.recentPlatformIds.at(-1)], ["human", late, pid])
    }
  )

  property("conv-human-message: a person answering through chatshop takes the conversation", [commands], (cs) => {
    const { state } = play(cs)
    const { events, state: after } = ok({ _tag: "RecordHumanMessage", messageId: mid, text: "hello", at: late }, state)
    const recorded: Event = {
      _tag: "HumanMessageRecorded",
      messageId: mid,
      text: "hello",
      platformMessageId: null,
      at: late
    }
    assert.deepStrictEqual(
      events,
      state.owner === "bot" ? [{ _tag: "HandedOff", by: "admin", at: late }, recorded] : [recorded]
    )
    assert.deepStrictEqual(
      [after.owner, after.messageCount, after.nudge.lastBotMessageAt],
      ["human", state.messageCount + 1, late]
    )
  })
})
