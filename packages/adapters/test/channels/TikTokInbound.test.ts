import { parseWebhook } from "@chatshop/adapters/channels/tiktok"
import { type Inbound, timestamp } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { fixture, malformed, parsed, receivedAt, single } from "./fixtures.ts"

const parse = (body: unknown) => parseWebhook(body, { receivedAt })
const conversation = "u5JhpselBAhoPOlnH0tZ9y07kg=="

const withContent = (name: string, patch: Record<string, unknown>) => {
  const body = fixture(name) as { content: string }
  return { ...body, content: JSON.stringify({ ...JSON.parse(body.content), ...patch }) }
}

describe("TikTok Business Messaging webhook → InboundEvent", () => {
  it("im_receive_msg text: the conversation is the customer's address", () => {
    const body = fixture("tiktok-im-receive-msg.json")
    assert.deepStrictEqual(single(parse(body)), {
      channel: "tiktok",
      accountKey: "biz-7280000000000000001",
      customerId: conversation,
      customerName: "anna.k",
      platformMessageId: "u5Buqc6lAghuOelnHUZV88DK2A==",
      kind: "text",
      text: "do you have these boots in 38?",
      timestamp: 1_700_000_000_123,
      raw: body
    } as unknown as Inbound.InboundEvent)
  })

  it("im_send_msg is an echo to the same conversation", () => {
    const event = single(parse(fixture("tiktok-im-send-msg.json")))
    assert.strictEqual(event.kind, "echo")
    assert.strictEqual(event.customerId, conversation)
    assert.strictEqual(event.customerName, "anna.k")
    assert.strictEqual(event.text, "Yes, 38 is in stock")
    assert.strictEqual(event.platformMessageId, "u5Bx0000ownerreply000000000==")
    assert.deepStrictEqual(event.echo, {})
  })

  it("im_mark_read_msg by the customer is a read receipt; by the business it is skipped", () => {
    const event = single(parse(fixture("tiktok-im-mark-read-msg.json")))
    assert.strictEqual(event.kind, "read")
    assert.deepStrictEqual(event.read, { watermark: timestamp(1_700_000_070_789) })
    assert.strictEqual(event.platformMessageId, `read:${conversation}:1700000070789`)
    const byBusiness = withContent("tiktok-im-mark-read-msg.json", { from_user: { id: "biz-7280000000000000001" } })
    assert.deepStrictEqual(parsed(parse(byBusiness)), [])
  })

  it("image, shared post and stickers", () => {
    const image = single(
      parse(withContent("tiktok-im-receive-msg.json", { type: "image", text: undefined, image: { media_id: "m-1" } }))
    )
    assert.strictEqual(image.kind, "image")
    assert.deepStrictEqual(image.image, { mediaId: "m-1" })
    const post = single(
      parse(
        withContent("tiktok-im-receive-msg.json", {
          type: "share_post",
          share_post: { video_id: "1", embed_url: "https://www.tiktok.com/embed/1" }
        })
      )
    )
    assert.strictEqual(post.kind, "other")
    assert.strictEqual(post.text, "https://www.tiktok.com/embed/1")
    assert.strictEqual(single(parse(withContent("tiktok-im-receive-msg.json", { type: "sticker" }))).kind, "other")
  })

  it("a message without its own timestamp takes create_time; a quoted message is kept", () => {
    const event = single(
      parse(
        withContent("tiktok-im-receive-msg.json", {
          timestamp: undefined,
          referenced_message_info: { referenced_message_id: "u5Bprev" }
        })
      )
    )
    assert.strictEqual(event.timestamp, 1_700_000_001_000)
    assert.strictEqual(event.replyTo, "u5Bprev")
  })

  it("19-digit numeric ids survive parsing", () => {
    const body = fixture("tiktok-im-receive-msg.json") as { content: string }
    const content = body.content.replace(
      '"message_id":"u5Buqc6lAghuOelnHUZV88DK2A=="',
      '"message_id":7247303576418566913'
    )
    assert.strictEqual(single(parse({ ...body, content })).platformMessageId, "7247303576418566913")
  })

  it("other events (ping, comments) yield nothing", () => {
    assert.deepStrictEqual(parsed(parse({ event: "tiktok.ping", user_openid: "x", content: "{}" })), [])
    assert.deepStrictEqual(parsed(parse({ event: "comment.update", user_openid: "x", content: "{}" })), [])
  })

  it("malformed envelopes", () => {
    assert.strictEqual(malformed(parse({ user_openid: "x" })), "missing event")
    assert.strictEqual(malformed(parse({ event: "im_receive_msg", content: "{}" })), "missing user_openid")
    assert.strictEqual(
      malformed(parse({ event: "im_receive_msg", user_openid: "b", content: "not json" })),
      "content is not a JSON object string"
    )
    assert.strictEqual(
      malformed(parse({ event: "im_receive_msg", user_openid: "b", content: "{}" })),
      "missing content.conversation_id"
    )
    assert.strictEqual(
      malformed(parse({ event: "im_receive_msg", user_openid: "b", content: { conversation_id: "c" } })),
      "missing content.message_id"
    )
  })
})
