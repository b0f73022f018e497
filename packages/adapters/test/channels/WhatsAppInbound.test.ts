import { parseWebhook } from "@chatshop/adapters/channels/whatsapp"
import { Inbound } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { fixture, malformed, parsed, receivedAt, single } from "./fixtures.ts"

const parse = (body: unknown) => parseWebhook(body, { receivedAt })

/** Sheena Nelson writing to the test number in Meta's reference examples. */
const sheena = {
  channel: "whatsapp",
  accountKey: "106540352242922",
  customerId: "16505551234",
  customerName: "Sheena Nelson"
}

describe("WhatsApp Cloud webhook → InboundEvent", () => {
  it("text message", () => {
    const body = fixture("whatsapp-text.json")
    const event = single(parse(body))
    assert.deepStrictEqual(event, {
      ...sheena,
      platformMessageId: "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
      kind: "text",
      text: "Does it come in another color?",
      timestamp: 1_749_416_383_000,
      raw: body.entry[0].changes[0].value.messages[0]
    } as unknown as Inbound.InboundEvent)
    assert.isTrue(Result.isSuccess(Inbound.decodeInboundEvent(event)))
  })

  it("text from the product's 'Message business' button is a referral with the catalog product", () => {
    const event = single(parse(fixture("whatsapp-text-referred-product.json")))
    assert.strictEqual(event.kind, "referral_product")
    assert.strictEqual(event.text, "Is this still available?")
    assert.deepStrictEqual(event.product, { catalogId: "194836987003835", productId: "di9ozbzfi4" })
    assert.strictEqual(event.replyTo, "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGA9wcm9kdWN0X2lucXVpcnkA")
    assert.strictEqual(event.platformMessageId, "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTA2NTUwRkNEMDdFQjJCRUU0NQA=")
    assert.strictEqual(event.timestamp, 1_750_016_800_000)
  })

  it("image with caption", () => {
    const event = single(parse(fixture("whatsapp-image.json")))
    assert.strictEqual(event.kind, "image")
    assert.strictEqual(event.text, "Taj Mahal")
    assert.deepStrictEqual(event.image, {
      mediaId: "1003383421387256",
      url: "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=133...",
      mimeType: "image/jpeg"
    })
    assert.strictEqual(event.timestamp, 1_744_344_496_000)
    assert.strictEqual(event.customerId, "16505551234")
  })

  it("interactive button reply", () => {
    const event = single(parse(fixture("whatsapp-interactive-button-reply.json")))
    assert.strictEqual(event.kind, "button_reply")
    assert.deepStrictEqual(event.button, { payload: "cancel-button", title: "Cancel" })
    assert.strictEqual(event.text, "Cancel")
    assert.strictEqual(event.replyTo, "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MEM2RUJFNkI0RENGQTVDRjUA")
    assert.strictEqual(event.timestamp, 1_750_025_136_000)
  })

  it("interactive list reply", () => {
    const event = single(parse(fixture("whatsapp-interactive-list-reply.json")))
    assert.strictEqual(event.kind, "button_reply")
    assert.deepStrictEqual(event.button, { payload: "priority_express", title: "Priority Mail Express" })
    assert.strictEqual(event.platformMessageId, "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=")
    assert.strictEqual(event.timestamp, 1_749_854_575_000)
  })

  it("cart order: every line, the first as the product", () => {
    const event = single(parse(fixture("whatsapp-order.json")))
    assert.strictEqual(event.kind, "referral_product")
    assert.strictEqual(event.text, "Love these!")
    assert.deepStrictEqual(event.product, { catalogId: "194836987003835", productId: "di9ozbzfi4", quantity: 2 })
    assert.deepStrictEqual(event.products, [
      { catalogId: "194836987003835", productId: "di9ozbzfi4", quantity: 2 },
      { catalogId: "194836987003835", productId: "nqryix03ez", quantity: 1 }
    ])
    assert.strictEqual(event.timestamp, 1_750_096_325_000)
  })

  it("status sent (with pricing) and the v24 minimal one parse alike", () => {
    for (const name of ["whatsapp-status-sent.json", "whatsapp-status-v24-minimal.json"]) {
      const event = single(parse(fixture(name)))
      const id = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA="
      assert.strictEqual(event.kind, "status")
      assert.deepStrictEqual(event.status, { messageId: id, state: "sent" })
      assert.strictEqual(event.platformMessageId, `status:${id}:sent`)
      assert.strictEqual(event.customerId, "16505551234")
      assert.strictEqual(event.accountKey, "106540352242922")
      assert.strictEqual(event.timestamp, 1_750_030_073_000)
      assert.isFalse(Inbound.isCustomerMessage(event))
    }
  })

  it("status failed carries the error code and title", () => {
    const event = single(parse(fixture("whatsapp-status-failed.json")))
    assert.strictEqual(event.kind, "status")
    assert.deepStrictEqual(event.status, {
      messageId: "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0QUQ2MjA4NEYyRkExNjMyREUA",
      state: "failed",
      errorCode: "131049",
      errorTitle: "This message was not delivered to maintain healthy ecosystem engagement."
    })
    assert.strictEqual(event.timestamp, 1_751_142_888_000)
  })

  it("the App Dashboard test sample (field before value, entry id 0)", () => {
    const event = single(parse(fixture("whatsapp-dashboard-test-sample.json")))
    assert.deepStrictEqual({ ...event, raw: undefined }, {
      channel: "whatsapp",
      accountKey: "123456123",
      customerId: "16315551181",
      customerName: "test user name",
      platformMessageId: "ABGGFlA5Fpa",
      kind: "text",
      text: "this is a text message",
      timestamp: 1_504_902_988_000,
      raw: undefined
    } as unknown as Inbound.InboundEvent)
  })

  it("a batch: several messages and statuses across changes and entries, in order", () => {
    const text = fixture("whatsapp-text.json").entry[0]
    const image = fixture("whatsapp-image.json").entry[0].changes[0].value.messages[0]
    const status = fixture("whatsapp-status-sent.json").entry[0].changes[0].value.statuses[0]
    // Meta's reference pages reuse one wamid for the text and the image examples.
    text.changes[0].value.messages.push({ ...image, id: "wamid.IMAGE" })
    text.changes[0].value.statuses = [status]
    const other = fixture("whatsapp-interactive-button-reply.json")
    const events = parsed(parse({ object: "whatsapp_business_account", entry: [text, other.entry[0]] }))
    assert.deepStrictEqual(
      events.map((e) => [e.kind, e.customerName ?? null]),
      [
        ["text", "Sheena Nelson"],
        ["image", "Sheena Nelson"],
        ["status", null],
        ["button_reply", "Sheena Nelson"]
      ]
    )
    assert.strictEqual(new Set(events.map(Inbound.dedupeKey)).size, 4)
  })

  it("a post with only statuses yields only status events", () => {
    const body = fixture("whatsapp-status-failed.json")
    const value = body.entry[0].changes[0].value
    value.statuses.push({ ...value.statuses[0], status: "delivered", errors: undefined })
    value.statuses.push({ ...value.statuses[0], status: "deleted" })
    const events = parsed(parse(body))
    assert.deepStrictEqual(
      events.map((e) => e.status?.state),
      ["failed", "delivered"]
    )
  })

  it("read status is a read receipt of that message", () => {
    const body = fixture("whatsapp-status-v24-minimal.json")
    body.entry[0].changes[0].value.statuses[0].status = "read"
    const event = single(parse(body))
    assert.strictEqual(event.kind, "read")
    assert.deepStrictEqual(event.read, { messageId: "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=" })
    assert.strictEqual(event.status?.state, "read")
  })

  it("message echoes of a coexistence number: what the owner typed in the Business app", () => {
    const body = {
      object: "whatsapp_business_account",
      entry: [
        {
          id: "102290129340398",
          changes: [
            {
              field: "smb_message_echoes",
              value: {
                messaging_product: "whatsapp",
                metadata: { display_phone_number: "15550783881", phone_number_id: "106540352242922" },
                message_echoes: [
                  {
                    from: "15550783881",
                    to: "16505551234",
                    id: "wamid.ECHO1",
                    timestamp: "1750030100",
                    type: "text",
                    text: { body: "I'll take it from here" }
                  }
                ]
              }
            }
          ]
        }
      ]
    }
    const event = single(parse(body))
    assert.strictEqual(event.kind, "echo")
    assert.strictEqual(event.customerId, "16505551234")
    assert.strictEqual(event.text, "I'll take it from here")
    assert.deepStrictEqual(event.echo, { viaApi: false })
    assert.strictEqual(event.timestamp, 1_750_030_100_000)
    assert.isFalse(Inbound.opensReplyWindow(event))
  })

  it("unsupported message types are `other`, keeping a caption; unknown fields are skipped", () => {
    const body = fixture("whatsapp-text.json")
    body.entry[0].changes[0].value.messages[0] = {
      from: "16505551234",
      id: "wamid.DOC",
      timestamp: "1749416390",
      type: "document",
      document: { caption: "my receipt", id: "77" }
    }
    body.entry[0].changes.push({ field: "account_update", value: { event: "VERIFIED_ACCOUNT" } })
    const event = single(parse(body))
    assert.strictEqual(event.kind, "other")
    assert.strictEqual(event.text, "my receipt")
  })

  it("a message without a timestamp takes the receive time", () => {
    const body = fixture("whatsapp-text.json")
    delete body.entry[0].changes[0].value.messages[0].timestamp
    assert.strictEqual(single(parse(body)).timestamp, receivedAt)
  })

  it("malformed bodies are rejected with a reason", () => {
    assert.strictEqual(malformed(parse("nope")), "body is not a JSON object")
    assert.strictEqual(malformed(parse([])), "body is not a JSON object")
    assert.strictEqual(malformed(parse({ object: "page", entry: [] })), "object is not whatsapp_business_account")
    assert.strictEqual(malformed(parse({ object: "whatsapp_business_account" })), "entry is not an array")
    const noId = fixture("whatsapp-text.json")
    delete noId.entry[0].changes[0].value.messages[0].id
    assert.strictEqual(malformed(parse(noId)), "missing messages[].id")
    const noAccount = fixture("whatsapp-text.json")
    delete noAccount.entry[0].changes[0].value.metadata
    assert.strictEqual(malformed(parse(noAccount)), "missing metadata.phone_number_id")
    const noFrom = fixture("whatsapp-text.json")
    delete noFrom.entry[0].changes[0].value.messages[0].from
    assert.strictEqual(malformed(parse(noFrom)), "missing messages[].from")
  })

  it("an empty batch is no events", () => {
    assert.deepStrictEqual(parsed(parse({ object: "whatsapp_business_account", entry: [] })), [])
  })
})
