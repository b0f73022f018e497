import { assert, describe } from "@effect/vitest"
import * as fc from "fast-check"
import { Conversation, OrderId } from "@chatshop/domain"
import { ConversationArb, property } from "@chatshop/domain/testing"
import { bot, commands, customer, late, ok, play, rejection } from "./play.ts"

describe("conversation nudge state (SPEC §3.5)", () => {
  property(
    'conv-opt-out: after "stop" nudges are rejected (replies are not) until the customer writes again',
    [commands],
    (cs) => {
      const { state } = play([...cs, { _tag: "HandoffOff", by: "admin", at: late }, { _tag: "OptOut", at: late }])
      assert.isTrue(Conversation.isOptedOut(state))
      assert.deepStrictEqual(ok({ _tag: "OptOut", at: late }, state).events, [])
      assert.deepStrictEqual(
        rejection(bot(true), state),
        new Conversation.NudgingStopped({ conversationId: state.id, reason: "opt_out" })
      )
      assert.strictEqual(ok(bot(false), state).events.length, 1)
      const replied = ok(customer(null), state).state
      assert.deepStrictEqual([Conversation.isOptedOut(replied), replied.nudge.stoppedBy], [false, null])
    }
  )

  property(
    "conv-customer-resets: a customer reply resets the nudge count and stamps the inbound time",
    [commands],
    (cs) => {
      const { state } = play(cs)
      const after = ok(customer(null), state).state
      assert.deepStrictEqual(
        [after.nudge.sent, after.nudge.lastNudgeAt, after.nudge.lastCustomerMessageAt, after.lastInboundAt],
        [0, null, late, late]
      )
      assert.strictEqual(after.nudge.stoppedBy, state.owner === "human" ? "handoff" : null)
    }
  )

  property(
    "conv-bot-stamps: a bot message moves lastBotMessageAt and lastOutboundAt forward; a nudge counts",
    [commands, ConversationArb.at, fc.boolean()],
    (cs, at, nudge) => {
      const { state } = play([...cs, { _tag: "HandoffOff", by: "admin", at }, customer(null)])
      const after = ok(bot(nudge, at), state).state
      const later = (x: number | null) => Math.max(x ?? at, at)
      assert.deepStrictEqual(
        [after.nudge.lastBotMessageAt, after.lastOutboundAt, after.nudge.sent, after.messageCount],
        [later(state.nudge.lastBotMessageAt), later(state.lastOutboundAt), nudge ? 1 : 0, state.messageCount + 1]
      )
      assert.strictEqual(after.nudge.lastNudgeAt, nudge ? at : null)
    }
  )

  property(
    "conv-order: attach sets the draft once; finishing it clears it and stops nudging; another order is refused",
    [commands, ConversationArb.orderId, ConversationArb.at],
    (cs, orderId, at) => {
      const { state } = play([...cs, { _tag: "HandoffOff", by: "admin", at }, customer(null)])
      const attached = ok({ _tag: "AttachOrder", orderId, at }, state)
      assert.strictEqual(attached.state.orderId, orderId)
      assert.deepStrictEqual(ok({ _tag: "AttachOrder", orderId, at }, attached.state).events, [])
      const other = OrderId.make(`${orderId}-other`)
      assert.deepStrictEqual(
        rejection({ _tag: "FinishOrder", orderId: other, at }, attached.state),
        new Conversation.OrderNotAttached({ conversationId: state.id, orderId: other })
      )
      const finished = ok({ _tag: "FinishOrder", orderId, at }, attached.state)
      assert.deepStrictEqual(finished.events, [{ _tag: "OrderFinished", orderId, at }])
      assert.deepStrictEqual([finished.state.orderId, finished.state.nudge.stoppedBy], [null, "order_finished"])
      assert.strictEqual(rejection(bot(true), finished.state)?._tag, "NudgingStopped")
    }
  )
})
