import { parseWebhook } from "@chatshop/adapters/channels/telegram"
import type { Inbound } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { fixture, malformed, parsed, receivedAt, single } from "./fixtures.ts"

const parse = (body: unknown) => parseWebhook(body, { receivedAt, accountKey: "bot-7" })

describe("Telegram update → InboundEvent", () => {
  it("text message (/start)", () => {
    const body = fixture("telegram-text.json")
    assert.deepStrictEqual(single(parse(body)), {
      channel: "telegram",
      accountKey: "bot-7",
      customerId: "1111111",
      customerName: "Test Firstname Test Lastname",
      platformMessageId: "1111111:1365",
      kind: "text",
      text: "/start",
      timestamp: 1_441_645_532_000,
      raw: body
    } as unknown as Inbound.InboundEvent)
  })

  it("a reply keeps the replied-to message", () => {
    const event = single(parse(fixture("telegram-reply.json")))
    assert.strictEqual(event.text, "/start")
    assert.strictEqual(event.replyTo, "1111111:1334")
  })

  it("edited message: a new event id, the edit time, flagged edited", () => {
    const event = single(parse(fixture("telegram-edited-message.json")))
    assert.strictEqual(event.kind, "text")
    assert.strictEqual(event.text, "Edited text")
    assert.isTrue(event.edited)
    assert.strictEqual(event.platformMessageId, "1111111:1365:edited:1441646600000")
    assert.strictEqual(event.timestamp, 1_441_646_600_000)
  })

  it("a PDF document is other", () => {
    const event = single(parse(fixture("telegram-document.json")))
    assert.strictEqual(event.kind, "other")
    assert.strictEqual(event.platformMessageId, "1111111:1365")
  })

  it("callback query without message (inline mode): customer is the user, time is the receive time", () => {
    const event = single(parse(fixture("telegram-callback.json")))
    assert.strictEqual(event.kind, "button_reply")
    assert.deepStrictEqual(event.button, { payload: "Data from button callback" })
    assert.strictEqual(event.callbackId, "4382bfdwdsb323b2d9")
    assert.strictEqual(event.customerId, "1111111")
    assert.strictEqual(event.customerName, "Test Firstname Test Lastname")
    assert.strictEqual(event.platformMessageId, "callback:4382bfdwdsb323b2d9")
    assert.strictEqual(event.replyTo, "1234csdbsk4839")
    assert.strictEqual(event.timestamp, receivedAt)
  })

  it("callback query with message: the chat of that message, replying to it", () => {
    const body = {
      update_id: 10001,
      callback_query: {
        id: "77001",
        chat_instance: "-123",
        from: { id: 1111111, is_bot: false, first_name: "Anna" },
        message: { message_id: 42, date: 1_441_645_000, chat: { id: 1111111, type: "private" }, text: "Which size?" },
        data: "size:38"
      }
    }
    const event = single(parse(body))
    assert.strictEqual(event.customerId, "1111111")
    assert.strictEqual(event.replyTo, "1111111:42")
    assert.deepStrictEqual(event.button, { payload: "size:38" })
    assert.strictEqual(event.customerName, "Anna")
  })

  it("a photo: the largest size, caption as text", () => {
    const body = {
      update_id: 10002,
      message: {
        message_id: 5,
        date: 1_700_000_000,
        chat: { id: 99, type: "private" },
        from: { id: 99, is_bot: false, username: "anna_k" },
        photo: [
          { file_id: "small", width: 90, height: 90 },
          { file_id: "large", width: 1280, height: 1280 }
        ],
        caption: "like this but black"
      }
    }
    const event = single(parse(body))
    assert.strictEqual(event.kind, "image")
    assert.deepStrictEqual(event.image, { mediaId: "large" })
    assert.strictEqual(event.text, "like this but black")
    assert.strictEqual(event.customerName, "anna_k")
  })

  it("an image sent as a file is an image", () => {
    const body = {
      update_id: 10003,
      message: {
        message_id: 6,
        date: 1_700_000_001,
        chat: { id: 99, type: "private" },
        document: { file_id: "doc1", mime_type: "image/png", file_name: "receipt.png" }
      }
    }
    assert.deepStrictEqual(single(parse(body)).image, { mediaId: "doc1", mimeType: "image/png" })
  })

  it("business messages: the customer is the chat; the owner writing there is an echo", () => {
    const customer = {
      update_id: 10004,
      business_message: {
        business_connection_id: "bc1",
        message_id: 8,
        date: 1_700_000_002,
        chat: { id: 555, type: "private", first_name: "Olga" },
        from: { id: 555, first_name: "Olga" },
        text: "Hello"
      }
    }
    const owner = {
      update_id: 10005,
      business_message: {
        business_connection_id: "bc1",
        message_id: 9,
        date: 1_700_000_003,
        chat: { id: 555, type: "private", first_name: "Olga" },
        from: { id: 777, first_name: "Shop owner" },
        text: "I'll help you myself"
      }
    }
    const a = single(parse(customer))
    const b = single(parse(owner))
    assert.strictEqual(a.kind, "text")
    assert.strictEqual(b.kind, "echo")
    assert.strictEqual(b.customerId, "555")
    assert.strictEqual(b.customerName, "Olga")
    assert.deepStrictEqual(b.echo, { viaApi: false })
    assert.strictEqual(b.text, "I'll help you myself")
  })

  it("uninteresting updates yield nothing", () => {
    assert.deepStrictEqual(parsed(parse({ update_id: 3, my_chat_member: { chat: { id: 1 } } })), [])
    assert.deepStrictEqual(parsed(parse({ update_id: 4, channel_post: { message_id: 1, chat: { id: -100 } } })), [])
  })

  it("malformed updates", () => {
    assert.strictEqual(malformed(parse({ message: {} })), "missing update_id")
    assert.strictEqual(malformed(parse({ update_id: 1, message: { message_id: 1 } })), "missing message.chat.id")
    assert.strictEqual(malformed(parse({ update_id: 1, message: { chat: { id: 1 } } })), "missing message.message_id")
    assert.strictEqual(
      malformed(parse({ update_id: 1, callback_query: { from: { id: 1 } } })),
      "missing callback_query.id"
    )
    assert.strictEqual(
      malformed(parse({ update_id: 1, callback_query: { id: "c" } })),
      "missing callback_query.from.id"
    )
  })
})
