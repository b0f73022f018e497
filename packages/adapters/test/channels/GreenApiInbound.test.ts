import { parseJson, parseWebhook as parseBySource } from "@chatshop/adapters/channels"
import { parseWebhook } from "@chatshop/adapters/channels/greenapi"
import { parseWebhook as parseWebchat } from "@chatshop/adapters/channels/webchat"
import { Inbound } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { fixture, malformed, parsed, receivedAt, single } from "./fixtures.ts"

const parse = (body: unknown) => parseWebhook(body, { receivedAt })

describe("GREEN-API webhook → InboundEvent", () => {
  it("incoming text", () => {
    const body = fixture("greenapi-incoming-text.json")
    assert.deepStrictEqual(single(parse(body)), {
      channel: "greenapi",
      accountKey: "1234",
      customerId: "79001234568",
      customerName: "Green API",
      platformMessageId: "F7AEC1B7086ECDC7E6E45923F5EDB825",
      kind: "text",
      text: "I use Green-API to send this message to you!",
      timestamp: 1_588_091_580_000,
      raw: body
    } as unknown as Inbound.InboundEvent)
  })

  it("a personal chat's customer is its number (no @c.us, like a WhatsApp wa_id); a group keeps its chat id", () => {
    const body = fixture("greenapi-incoming-text.json") as { senderData: Record<string, unknown> }
    const group = { ...body, senderData: { ...body.senderData, chatId: "120363043968066561@g.us" } }
    assert.strictEqual(single(parse(body)).customerId, "79001234568")
    assert.strictEqual(single(parse(group)).customerId, "120363043968066561@g.us")
  })

  it("the WABA page's text: the contact name wins", () => {
    const event = single(parse(fixture("greenapi-waba-incoming-text.json")))
    assert.strictEqual(event.text, "I use GREEN-API to send this message to you!")
    assert.strictEqual(event.customerName, "GREEN-API")
  })

  it("quoted text keeps the quoted message id", () => {
    const event = single(parse(fixture("greenapi-incoming-quoted-text.json")))
    assert.strictEqual(event.kind, "text")
    assert.strictEqual(event.text, "Это")
    assert.strictEqual(event.replyTo, "9A73322488DCB7D9689A6112F2528C9D")
  })

  it("image with its download URL and caption", () => {
    const event = single(parse(fixture("greenapi-incoming-image.json")))
    assert.strictEqual(event.kind, "image")
    assert.strictEqual(event.text, "Image")
    assert.deepStrictEqual(event.image, {
      url: "https://api.green-api.com/waInstance1234/downloadFile/19136A974392FA8CF584D70DD0E1AEDF",
      mimeType: "image/jpeg"
    })
  })

  it("the {{SWE001}} marker (message not readable on linked devices) is other, without the marker as text", () => {
    const event = single(parse(fixture("greenapi-incoming-text-swe001.json")))
    assert.strictEqual(event.kind, "other")
    assert.isUndefined(event.text)
    assert.strictEqual(event.accountKey, "1100000001")
    assert.strictEqual(event.platformMessageId, "3AE2864C77312000000")
    assert.strictEqual(event.timestamp, 1_700_545_580_000)
  })

  it("outgoing status noAccount is a failure of that message", () => {
    const event = single(parse(fixture("greenapi-outgoing-status.json")))
    assert.strictEqual(event.kind, "status")
    assert.deepStrictEqual(event.status, { messageId: "3EB0608D6A2901063D63", state: "failed", errorCode: "noAccount" })
    assert.strictEqual(event.platformMessageId, "status:3EB0608D6A2901063D63:noAccount")
    assert.isUndefined(event.customerId)
    assert.strictEqual(event.timestamp, 1_586_700_802_000)
  })

  it("statuses delivered/read name the chat when given; unknown statuses are skipped", () => {
    const body = fixture("greenapi-outgoing-status.json") as Record<string, unknown>
    const read = single(parse({ ...body, status: "read", chatId: "79001234568@c.us" }))
    assert.strictEqual(read.kind, "read")
    assert.strictEqual(read.customerId, "79001234568")
    assert.deepStrictEqual(read.read, { messageId: "3EB0608D6A2901063D63" })
    const delivered = single(parse({ ...body, status: "delivered" }))
    assert.deepStrictEqual(delivered.status, { messageId: "3EB0608D6A2901063D63", state: "delivered" })
    assert.deepStrictEqual(parsed(parse({ ...body, status: "pending" })), [])
  })

  it("outgoingMessageReceived (typed on the phone) and outgoingAPIMessageReceived are echoes", () => {
    const body = fixture("greenapi-incoming-text.json") as Record<string, unknown>
    const phone = single(parse({ ...body, typeWebhook: "outgoingMessageReceived" }))
    const api = single(parse({ ...body, typeWebhook: "outgoingAPIMessageReceived" }))
    assert.strictEqual(phone.kind, "echo")
    assert.deepStrictEqual(phone.echo, { viaApi: false })
    assert.strictEqual(phone.text, "I use Green-API to send this message to you!")
    assert.deepStrictEqual(api.echo, { viaApi: true })
    assert.strictEqual(api.customerId, "79001234568")
    assert.isFalse(Inbound.isCustomerMessage(phone))
  })

  it("button and list responses are button replies", () => {
    const body = fixture("greenapi-incoming-text.json") as Record<string, unknown>
    const buttons = single(
      parse({
        ...body,
        messageData: {
          typeMessage: "buttonsResponseMessage",
          buttonsResponseMessage: { selectedButtonId: "size:38", selectedButtonText: "38" }
        }
      })
    )
    assert.deepStrictEqual(buttons.button, { payload: "size:38", title: "38" })
    const list = single(
      parse({
        ...body,
        messageData: {
          typeMessage: "listResponseMessage",
          listResponseMessage: { title: "Black", singleSelectReply: { selectedRowId: "color:black" } }
        }
      })
    )
    assert.deepStrictEqual(list.button, { payload: "color:black", title: "Black" })
    const location = single(
      parse({ ...body, messageData: { typeMessage: "locationMessage", locationMessageData: {} } })
    )
    assert.strictEqual(location.kind, "other")
  })

  it("instance notifications yield nothing", () => {
    assert.deepStrictEqual(parsed(parse({ typeWebhook: "stateInstanceChanged", stateInstance: "authorized" })), [])
  })

  it("malformed bodies", () => {
    const body = fixture("greenapi-incoming-text.json") as Record<string, unknown>
    assert.strictEqual(malformed(parse({})), "missing typeWebhook")
    assert.strictEqual(malformed(parse({ ...body, instanceData: {} })), "missing instanceData.idInstance")
    assert.strictEqual(malformed(parse({ ...body, idMessage: "" })), "missing idMessage")
    assert.strictEqual(malformed(parse({ ...body, senderData: {} })), "missing senderData.chatId")
    assert.strictEqual(malformed(parse({ ...body, messageData: "x" })), "missing messageData")
  })
})

describe("web chat message → InboundEvent", () => {
  const ctx = { receivedAt, accountKey: "tenant-web" }
  it("a text with the client's id", () => {
    const event = single(parseWebchat({ customerId: "sess-1", text: "hi", id: "c-1", name: "Anna" }, ctx))
    assert.deepStrictEqual({ ...event, raw: null }, {
      channel: "webchat",
      accountKey: "tenant-web",
      customerId: "sess-1",
      customerName: "Anna",
      platformMessageId: "c-1",
      kind: "text",
      text: "hi",
      timestamp: receivedAt,
      raw: null
    } as unknown as Inbound.InboundEvent)
    assert.strictEqual(
      single(parseWebchat({ customerId: "sess-1", text: "hi" }, ctx)).platformMessageId,
      `sess-1:${receivedAt}`
    )
    assert.strictEqual(malformed(parseWebchat({ customerId: "sess-1" }, ctx)), "missing text")
  })
})

describe("parseWebhook by route", () => {
  it("dispatches to the route's parser; Telegram and web chat need the path's account", () => {
    const ctx = { receivedAt }
    assert.strictEqual(single(parseBySource("whatsapp", fixture("whatsapp-text.json"), ctx)).channel, "whatsapp")
    assert.strictEqual(
      single(parseBySource("messenger", fixture("messenger-fallback-full-envelope.json"), ctx)).channel,
      "messenger"
    )
    assert.strictEqual(single(parseBySource("tiktok", fixture("tiktok-im-receive-msg.json"), ctx)).channel, "tiktok")
    assert.strictEqual(
      single(parseBySource("greenapi", fixture("greenapi-incoming-text.json"), ctx)).channel,
      "greenapi"
    )
    assert.strictEqual(
      single(parseBySource("telegram", fixture("telegram-text.json"), { receivedAt, accountKey: "bot-7" })).accountKey,
      "bot-7"
    )
    assert.strictEqual(
      single(parseBySource("webchat", { customerId: "s", text: "hi" }, { receivedAt, accountKey: "t1" })).accountKey,
      "t1"
    )
    assert.strictEqual(
      malformed(parseBySource("telegram", fixture("telegram-text.json"), ctx)),
      "no account key: it comes from the webhook path"
    )
    assert.strictEqual(
      malformed(parseBySource("webchat", { customerId: "s", text: "hi" }, ctx)),
      "no account key: it comes from the webhook path"
    )
  })

  it("raw bodies that aren't JSON are malformed", () => {
    assert.isTrue(Result.isFailure(parseJson("whatsapp", "{not json")))
    assert.deepStrictEqual(parseJson("whatsapp", '{"a":1}'), Result.succeed({ a: 1 }))
  })
})
