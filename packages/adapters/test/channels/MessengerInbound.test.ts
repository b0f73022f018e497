import { echoMetadata, parseWebhook } from "@chatshop/adapters/channels/messenger"
import { Inbound, timestamp } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { fixture, malformed, parsed, receivedAt, single } from "./fixtures.ts"

const parse = (body: unknown) => parseWebhook(body, { receivedAt })

/** Meta documents most events as the bare `messaging[]` item: wrap them the way they are delivered. */
const envelope = (object: "page" | "instagram", ...items: ReadonlyArray<unknown>) => ({
  object,
  entry: [{ id: "<PAGE_ID>", time: 1_458_692_752_500, messaging: items }]
})

describe("Messenger / Instagram webhook → InboundEvent", () => {
  it("text with a quick reply is a button reply carrying the payload", () => {
    const item = fixture("messenger-text-messaging-event.json")
    const event = single(parse(envelope("page", item)))
    assert.deepStrictEqual(event, {
      channel: "messenger",
      accountKey: "<PAGE_ID>",
      customerId: "<PSID>",
      platformMessageId: "mid.1457764197618:41d102a3e1ae206a38",
      kind: "button_reply",
      text: "hello, world!",
      button: { payload: "<DEVELOPER_DEFINED_PAYLOAD>", title: "hello, world!" },
      timestamp: 1_458_692_752_478,
      raw: item
    } as unknown as Inbound.InboundEvent)
  })

  it("a reply to an earlier message keeps the quoted mid", () => {
    const event = single(parse(envelope("page", fixture("messenger-reply-messaging-event.json"))))
    assert.strictEqual(event.kind, "text")
    assert.strictEqual(event.text, "hello, world!")
    assert.strictEqual(event.replyTo, "m_1fTq8oLumEyIp3Q2MR-aY7IfLZDamVrALniheU")
    assert.strictEqual(event.platformMessageId, "m_1457764197618:41d102a3e1ae206a38")
  })

  it("a message from a Shops product page refers to the product", () => {
    const event = single(parse(envelope("page", fixture("messenger-shops-product-referral-event.json"))))
    assert.strictEqual(event.kind, "referral_product")
    assert.deepStrictEqual(event.product, { productId: "<PRODUCT_ID>" })
    assert.strictEqual(event.text, "hello, world!")
  })

  it("the full envelope with a fallback (link) attachment is the text", () => {
    const event = single(parse(fixture("messenger-fallback-full-envelope.json")))
    assert.strictEqual(event.kind, "text")
    assert.strictEqual(event.text, "This is where I want to go: https://youtu.be/bbo_fZAjIhg")
    assert.strictEqual(event.platformMessageId, "m_toDnmD...")
    assert.strictEqual(event.timestamp, 1_583_173_666_767)
    assert.strictEqual(event.accountKey, "<PAGE_ID>")
  })

  it("a read receipt with its watermark", () => {
    const event = single(parse(envelope("page", fixture("messenger-message-reads-event.json"))))
    assert.strictEqual(event.kind, "read")
    assert.deepStrictEqual(event.read, { watermark: timestamp(1_458_668_856_253) })
    assert.strictEqual(event.platformMessageId, "read:<PSID>:1458668856253")
    assert.strictEqual(event.timestamp, 1_458_668_856_463)
    assert.isFalse(Inbound.isCustomerMessage(event))
  })

  it("an image attachment", () => {
    const item = {
      sender: { id: "PSID1" },
      recipient: { id: "<PAGE_ID>" },
      timestamp: 1_700_000_000_000,
      message: { mid: "m_img", attachments: [{ type: "image", payload: { url: "https://cdn.example/boot.jpg" } }] }
    }
    const event = single(parse(envelope("page", item)))
    assert.strictEqual(event.kind, "image")
    assert.deepStrictEqual(event.image, { url: "https://cdn.example/boot.jpg" })
    assert.isUndefined(event.text)
  })

  it("echo from the page owner (Page inbox) vs our own send (metadata)", () => {
    const owner = {
      sender: { id: "<PAGE_ID>" },
      recipient: { id: "PSID1" },
      timestamp: 1_700_000_000_100,
      message: { is_echo: true, app_id: 263902037430900, mid: "m_owner", text: "Hi, Anna here" }
    }
    const ours = {
      sender: { id: "<PAGE_ID>" },
      recipient: { id: "PSID1" },
      timestamp: 1_700_000_000_200,
      message: { is_echo: true, app_id: 1517776481860111, metadata: echoMetadata, mid: "m_ours", text: "Bot reply" }
    }
    const [a, b] = parsed(parse(envelope("page", owner, ours)))
    assert.strictEqual(a?.kind, "echo")
    assert.strictEqual(a?.customerId, "PSID1")
    assert.strictEqual(a?.text, "Hi, Anna here")
    assert.deepStrictEqual(a?.echo, { appId: "263902037430900" })
    assert.deepStrictEqual(b?.echo, { viaApi: true, appId: "1517776481860111" })
    assert.isFalse(Inbound.opensReplyWindow(a as Inbound.InboundEvent))
  })

  it("postbacks are button replies; deliveries are one status per mid", () => {
    const postback = {
      sender: { id: "PSID1" },
      recipient: { id: "<PAGE_ID>" },
      timestamp: 1_700_000_000_300,
      postback: { title: "Size 38", payload: "size:38", mid: "m_pb" }
    }
    const delivery = {
      sender: { id: "PSID1" },
      recipient: { id: "<PAGE_ID>" },
      timestamp: 1_700_000_000_400,
      delivery: { mids: ["m_a", "m_b"], watermark: 1_700_000_000_000 }
    }
    const events = parsed(parse(envelope("page", postback, delivery)))
    assert.deepStrictEqual(events[0]?.button, { payload: "size:38", title: "Size 38" })
    assert.strictEqual(events[0]?.platformMessageId, "m_pb")
    assert.deepStrictEqual(
      events.slice(1).map((e) => [e.kind, e.status?.messageId, e.status?.state, e.platformMessageId]),
      [
        ["status", "m_a", "delivered", "status:m_a:delivered"],
        ["status", "m_b", "delivered", "status:m_b:delivered"]
      ]
    )
  })

  it("Instagram: same items under object instagram, account = IG id", () => {
    const body = {
      object: "instagram",
      entry: [
        {
          id: "17841400000000000",
          time: 1_700_000_000_500,
          messaging: [
            {
              sender: { id: "IGSID" },
              recipient: { id: "17841400000000000" },
              timestamp: 1_700_000_000_450,
              message: { mid: "aWdfZAG1", text: "есть 38?" }
            },
            {
              sender: { id: "IGSID" },
              recipient: { id: "17841400000000000" },
              timestamp: 1_700_000_000_460,
              read: { mid: "aWdfZAG0" }
            }
          ]
        }
      ]
    }
    const [message, read] = parsed(parse(body))
    assert.strictEqual(message?.channel, "instagram")
    assert.strictEqual(message?.accountKey, "17841400000000000")
    assert.strictEqual(message?.text, "есть 38?")
    assert.strictEqual(read?.kind, "read")
    assert.deepStrictEqual(read?.read, { messageId: "aWdfZAG0" })
  })

  it("stickers and attachment-only messages are other; reactions and unknown items are skipped", () => {
    const base = { sender: { id: "PSID1" }, recipient: { id: "<PAGE_ID>" }, timestamp: 1 }
    const events = parsed(
      parse(
        envelope(
          "page",
          {
            ...base,
            message: {
              mid: "m_s",
              sticker_id: 369239263222822,
              attachments: [{ type: "image", payload: { url: "u" } }]
            }
          },
          { ...base, message: { mid: "m_a", attachments: [{ type: "audio", payload: { url: "u" } }] } },
          { ...base, reaction: { mid: "m_x", action: "react", emoji: "❤" } },
          { ...base, referral: { ref: "summer", source: "SHORTLINK", type: "OPEN_THREAD" } }
        )
      )
    )
    assert.deepStrictEqual(
      events.map((e) => e.kind),
      ["other", "other"]
    )
  })

  it("an ad referral naming a product is a product referral", () => {
    const item = {
      sender: { id: "PSID1" },
      recipient: { id: "<PAGE_ID>" },
      timestamp: 1_700_000_000_600,
      referral: { source: "ADS", type: "OPEN_THREAD", ads_context_data: { product_id: "SKU-38" } }
    }
    const event = single(parse(envelope("page", item)))
    assert.strictEqual(event.kind, "referral_product")
    assert.deepStrictEqual(event.product, { productId: "SKU-38" })
    assert.strictEqual(event.platformMessageId, "referral:PSID1:1700000000600")
  })

  it("malformed bodies", () => {
    assert.strictEqual(malformed(parse({ object: "user", entry: [] })), "object is neither page nor instagram")
    assert.strictEqual(malformed(parse({ object: "page" })), "entry is not an array")
    assert.strictEqual(malformed(parse({ object: "page", entry: [{ messaging: [] }] })), "missing entry[].id")
    assert.strictEqual(malformed(parse(envelope("page", { recipient: { id: "x" } }))), "missing messaging[].sender.id")
    assert.strictEqual(
      malformed(parse(envelope("page", { sender: { id: "a" }, message: { text: "no mid" } }))),
      "missing message.mid"
    )
    assert.strictEqual(
      malformed(parse(envelope("page", { sender: { id: "a" }, message: { mid: "m", is_echo: true } }))),
      "missing recipient.id of an echo"
    )
  })
})
