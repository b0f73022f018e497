import {
  ChannelAccountId,
  ChannelSender,
  ChannelSenderMemory,
  CustomerId,
  OutboundMessage,
  PermanentSendError,
  SendRequest,
  TenantId,
  TransientSendError,
  timestamp
} from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Result, Schema } from "effect"
import { TestClock } from "effect/testing"

const request: SendRequest = {
  tenantId: TenantId.make("t1"),
  channel: "telegram",
  accountId: ChannelAccountId.make("acc1"),
  recipient: CustomerId.make("1111111"),
  message: { _tag: "Text", text: "Hello" },
  sender: "bot"
}

describe("ChannelSender.layerMemory", () => {
  it.effect("records each send with its clock time and answers fresh platform ids", () =>
    Effect.gen(function* () {
      const sender = yield* ChannelSender
      const memory = yield* ChannelSenderMemory
      const a = yield* sender.send(request)
      yield* TestClock.adjust(5_000)
      const b = yield* sender.send({ ...request, message: { _tag: "Image", url: "https://x/y.jpg" } })
      assert.deepStrictEqual(a, { platformMessageIds: ["mem_1"] })
      assert.deepStrictEqual(b, { platformMessageIds: ["mem_2"] })
      const sent = yield* memory.sent
      assert.deepStrictEqual(
        sent.map((s) => [s.request.message._tag, s.at, s.platformMessageIds[0]]),
        [
          ["Text", timestamp(0), "mem_1"],
          ["Image", timestamp(5_000), "mem_2"]
        ]
      )
    }).pipe(Effect.provide(ChannelSender.layerMemory))
  )

  it.effect("scripted failures come first, in order, and are not recorded; clear forgets everything", () =>
    Effect.gen(function* () {
      const sender = yield* ChannelSender
      const memory = yield* ChannelSenderMemory
      const blocked = new PermanentSendError({
        channel: "telegram",
        code: "403",
        reason: "blocked",
        message: "bot was blocked",
        sentMessageIds: []
      })
      const busy = new TransientSendError({
        channel: "telegram",
        code: "429",
        message: "slow down",
        retryAfterMs: 1_000,
        sentMessageIds: []
      })
      yield* memory.failNext(blocked, busy)
      assert.deepStrictEqual(yield* Effect.flip(sender.send(request)), blocked)
      assert.deepStrictEqual(yield* Effect.flip(sender.send(request)), busy)
      yield* sender.send(request)
      assert.strictEqual((yield* memory.sent).length, 1)
      yield* memory.failNext(busy)
      yield* memory.clear
      assert.deepStrictEqual(yield* memory.sent, [])
      yield* sender.send(request)
      assert.strictEqual((yield* memory.sent).length, 1)
    }).pipe(Effect.provide(ChannelSender.layerMemory))
  )
})

describe("outbound schemas (what the outbox stores)", () => {
  const decodeMessage = Schema.decodeUnknownResult(OutboundMessage)
  const decodeRequest = Schema.decodeUnknownResult(SendRequest)

  it("each message shape decodes; empty text, no buttons and empty ids do not", () => {
    for (const ok of [
      { _tag: "Text", text: "hi" },
      { _tag: "Image", url: "https://x/y.jpg", caption: "c" },
      { _tag: "Image", mediaId: "m1" },
      { _tag: "Buttons", text: "Size?", buttons: [{ id: "38", title: "38" }], footer: "f", image: { mediaId: "m" } },
      { _tag: "AnswerCallback", callbackId: "cb1" }
    ]) {
      assert.isTrue(Result.isSuccess(decodeMessage(ok)), JSON.stringify(ok))
    }
    for (const bad of [
      { _tag: "Text", text: "" },
      { _tag: "Buttons", text: "Size?", buttons: [] },
      { _tag: "Buttons", text: "Size?", buttons: [{ id: "", title: "38" }] },
      { _tag: "AnswerCallback", callbackId: "" },
      { _tag: "Sticker" }
    ]) {
      assert.isTrue(Result.isFailure(decodeMessage(bad)), JSON.stringify(bad))
    }
  })

  it("a send request round-trips through JSON with its tag and resume point", () => {
    const full = { ...request, tag: "HUMAN_AGENT", lastInboundAt: 1_700_000_000_000, skipParts: 2 }
    const decoded = decodeRequest(JSON.parse(JSON.stringify(full)))
    assert.deepStrictEqual(decoded, Result.succeed(full as SendRequest))
    assert.isTrue(Result.isFailure(decodeRequest({ ...request, sender: "robot" })))
    assert.isTrue(Result.isFailure(decodeRequest({ ...request, tag: "CONFIRMED_EVENT_UPDATE" })))
  })

  it("errors carry channel, code, reason and the parts already sent", () => {
    const e = new PermanentSendError({
      channel: "whatsapp",
      code: "131047",
      reason: "window_closed",
      message: "re-engagement",
      sentMessageIds: ["wamid.1"]
    })
    assert.strictEqual(e._tag, "PermanentSendError")
    assert.strictEqual(e.reason, "window_closed")
    assert.deepStrictEqual(e.sentMessageIds, ["wamid.1"])
    const t = new TransientSendError({ channel: "whatsapp", code: "http_503", message: "down", sentMessageIds: [] })
    assert.isUndefined(t.retryAfterMs)
  })
})
