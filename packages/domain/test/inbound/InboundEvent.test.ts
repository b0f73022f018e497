import { Inbound } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"

const base = {
  channel: "whatsapp",
  accountKey: "106540352242922",
  customerId: "16505551234",
  platformMessageId: "wamid.1",
  kind: "text",
  text: "Does it come in another color?",
  timestamp: 1_749_416_383_000,
  raw: { any: ["json"] }
}

const decode = (u: unknown) => Inbound.decodeInboundEvent(u)
const valid = (u: unknown): Inbound.InboundEvent => {
  const r = decode(u)
  if (Result.isFailure(r)) return assert.fail(r.failure.message)
  return r.success
}

describe("InboundEvent schema", () => {
  it("decodes a text event and encodes it back unchanged", () => {
    const event = valid(base)
    assert.strictEqual(event.kind, "text")
    assert.deepStrictEqual<unknown>(Inbound.encodeInboundEvent(event), Result.succeed(base))
  })

  it("decodes every optional part: tenant, image, button, callback, products, status, read, echo, reply, edit", () => {
    const full = {
      ...base,
      tenantId: "t1",
      customerName: "Sheena",
      kind: "referral_product",
      image: { url: "https://x/y.jpg", mediaId: "m1", mimeType: "image/jpeg" },
      button: { payload: "size:38", title: "38" },
      callbackId: "cb1",
      product: { catalogId: "c1", productId: "p1", quantity: 2 },
      products: [{ productId: "p1" }, { productId: "p2", quantity: 1 }],
      status: { messageId: "wamid.0", state: "failed", errorCode: "131049", errorTitle: "ecosystem" },
      read: { watermark: 1_700_000_000_000, messageId: "wamid.0" },
      echo: { viaApi: false, appId: "263902037430900" },
      replyTo: "wamid.0",
      edited: true
    }
    assert.deepStrictEqual<unknown>(Inbound.encodeInboundEvent(valid(full)), Result.succeed(full))
  })

  it("rejects what a parser must never produce", () => {
    const bad: ReadonlyArray<Record<string, unknown>> = [
      { ...base, kind: "sticker" },
      { ...base, channel: "viber" },
      { ...base, platformMessageId: "" },
      { ...base, accountKey: "" },
      { ...base, customerId: "" },
      { ...base, timestamp: 1.5 },
      { ...base, timestamp: "1749416383" },
      { ...base, status: { messageId: "m", state: "pending" } },
      { ...base, status: { messageId: "", state: "sent" } },
      { ...base, product: { productId: "" } },
      { ...base, product: { productId: "p", quantity: 1.5 } },
      { ...base, button: { title: "no payload" } },
      { ...base, raw: undefined, channel: undefined }
    ]
    for (const u of bad) assert.isTrue(Result.isFailure(decode(u)), JSON.stringify(u))
  })

  it("a status may omit the customer (GREEN-API statuses don't always name the chat)", () => {
    const { customerId: _, ...noCustomer } = base
    const event = valid({ ...noCustomer, kind: "status", status: { messageId: "m", state: "sent" } })
    assert.isUndefined(event.customerId)
  })
})

describe("what the dialog runs on", () => {
  const kinds: ReadonlyArray<[Inbound.InboundKind, boolean]> = [
    ["text", true],
    ["image", true],
    ["button_reply", true],
    ["referral_product", true],
    ["other", true],
    ["echo", false],
    ["status", false],
    ["read", false]
  ]

  it("customer messages are conversational; echo, status and read are only recorded (SPEC §5)", () => {
    for (const [kind, conversational] of kinds)
      assert.strictEqual(Inbound.isConversationalKind(kind), conversational, kind)
  })

  it("a customer message needs a customer, and only it opens the reply window (SPEC §3.6)", () => {
    for (const [kind, conversational] of kinds) {
      const event = valid({ ...base, kind })
      assert.strictEqual(Inbound.isCustomerMessage(event), conversational, kind)
      assert.strictEqual(Inbound.opensReplyWindow(event), conversational, kind)
    }
    const { customerId: _, ...anonymous } = base
    const noCustomer = valid(anonymous)
    assert.isFalse(Inbound.isCustomerMessage(noCustomer))
    assert.isFalse(Inbound.opensReplyWindow(noCustomer))
  })
})

describe("dedupe key", () => {
  it("is channel, account and platform id: the same delivery twice has the same key, any difference another", () => {
    const event = valid(base)
    assert.strictEqual(Inbound.dedupeKey(event), "whatsapp:106540352242922:wamid.1")
    assert.strictEqual(Inbound.dedupeKey(valid({ ...base, raw: "second delivery" })), Inbound.dedupeKey(event))
    const keys = new Set(
      [
        base,
        { ...base, channel: "greenapi" },
        { ...base, accountKey: "other-number" },
        { ...base, platformMessageId: "wamid.2" }
      ].map((u) => Inbound.dedupeKey(valid(u)))
    )
    assert.strictEqual(keys.size, 4)
  })
})

describe("MalformedPayload", () => {
  it("names the channel and the reason", () => {
    const error = new Inbound.MalformedPayload({ channel: "telegram", reason: "missing update_id" })
    assert.strictEqual(error._tag, "MalformedPayload")
    assert.strictEqual(error.channel, "telegram")
    assert.strictEqual(error.reason, "missing update_id")
  })
})
