import { ChannelMocks } from "@chatshop/adapters/channels"
import { make, messagingFor } from "@chatshop/adapters/channels/messenger"
import { HOUR, DAY, type OutboundMessage, type PermanentSendError, type ReplyWindow } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Result } from "effect"
import { jsonOf } from "./fixtures.ts"

const { mockPlatform, messenger, messengerError } = ChannelMocks
const credentials = { pageId: "PAGE_1", accessToken: "page-token" }
const client = (url: string) =>
  make({ baseUrl: url, perRecipient: null, global: null, retry: { baseDelayMs: 1, maxDelayMs: 2 } })

type Extra = {
  sender?: ReplyWindow.Sender
  lastInboundAt?: number
  tag?: ReplyWindow.MessagingTag
  channel?: "messenger" | "instagram"
}
const send = (url: string, message: OutboundMessage, extra: Extra = {}) =>
  client(url).send(credentials, { recipient: "PSID1", message, sender: extra.sender ?? "bot", ...extra })

describe("Messenger client", () => {
  it.live("text: {base}/{pageId}/messages, bearer token, RESPONSE, our echo marker", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(messenger)
      const result = yield* send(mock.url, { _tag: "Text", text: "Size 38 is in stock" })
      assert.deepStrictEqual(result, { platformMessageIds: ["m_mock1"] })
      const [request] = mock.requests
      assert.strictEqual(request?.path, "/PAGE_1/messages")
      assert.strictEqual(request?.headers.authorization, "Bearer page-token")
      assert.deepStrictEqual(request?.json, {
        recipient: { id: "PSID1" },
        messaging_type: "RESPONSE",
        message: { text: "Size 38 is in stock", metadata: "chatshop:bot" }
      })
    }).pipe(Effect.scoped)
  )

  it.live("a human more than 24 h after the customer's last message sends with the HUMAN_AGENT tag", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(messenger)
      yield* send(
        mock.url,
        { _tag: "Text", text: "Hi, Anna here" },
        { sender: "human", lastInboundAt: Date.now() - 25 * HOUR }
      )
      const body = jsonOf(mock.requests[0])
      assert.strictEqual(body.messaging_type, "MESSAGE_TAG")
      assert.strictEqual(body.tag, "HUMAN_AGENT")
      assert.strictEqual(body.message.metadata, "chatshop:human")
    }).pipe(Effect.scoped)
  )

  it.live("outside the window (bot after 24 h, human after 7 days) nothing is sent", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(messenger)
      const bot = (yield* Effect.flip(
        send(mock.url, { _tag: "Text", text: "hi" }, { lastInboundAt: Date.now() - 25 * HOUR })
      )) as PermanentSendError
      const human = (yield* Effect.flip(
        send(mock.url, { _tag: "Text", text: "hi" }, { sender: "human", lastInboundAt: Date.now() - 8 * DAY })
      )) as PermanentSendError
      assert.strictEqual(bot.reason, "window_closed")
      assert.strictEqual(human.reason, "window_closed")
      assert.strictEqual(mock.requests.length, 0)
    }).pipe(Effect.scoped)
  )

  it("messagingFor: the caller's tag wins; otherwise derived from the last inbound time", () => {
    const now = 100 * DAY
    assert.deepStrictEqual(
      messagingFor({ sender: "bot", tag: "HUMAN_AGENT" }, now),
      Result.succeed({ messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" })
    )
    assert.deepStrictEqual(messagingFor({ sender: "human" }, now), Result.succeed({ messaging_type: "RESPONSE" }))
    assert.deepStrictEqual(
      messagingFor({ sender: "human", lastInboundAt: now - 24 * HOUR + 1 }, now),
      Result.succeed({ messaging_type: "RESPONSE" })
    )
    assert.deepStrictEqual(
      messagingFor({ sender: "human", lastInboundAt: now - 24 * HOUR }, now),
      Result.succeed({ messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" })
    )
    assert.isTrue(Result.isFailure(messagingFor({ sender: "human", lastInboundAt: now - 7 * DAY }, now)))
    assert.isTrue(Result.isFailure(messagingFor({ sender: "bot", lastInboundAt: now - 24 * HOUR }, now)))
  })

  it.live("quick replies (titles cut to 20), image first; long text split at 2000", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(messenger)
      yield* send(mock.url, {
        _tag: "Buttons",
        text: "Which colour?",
        image: { url: "https://shop.example/bag.jpg" },
        buttons: [
          { id: "color:black", title: "Black" },
          { id: "color:burgundy", title: "Deep burgundy with gold trim" }
        ]
      })
      const [image, text] = mock.requests.map((r) => jsonOf(r).message)
      assert.deepStrictEqual(image.attachment, {
        type: "image",
        payload: { url: "https://shop.example/bag.jpg", is_reusable: true }
      })
      assert.strictEqual(text.text, "Which colour?")
      assert.deepStrictEqual(text.quick_replies, [
        { content_type: "text", title: "Black", payload: "color:black" },
        { content_type: "text", title: "Deep burgundy with…", payload: "color:burgundy" }
      ])
      mock.reset()
      yield* send(mock.url, { _tag: "Text", text: "word ".repeat(900) })
      assert.strictEqual(mock.requests.length, 3)
      for (const r of mock.requests) assert.isAtMost((jsonOf(r).message.text as string).length, 2000)
    }).pipe(Effect.scoped)
  )

  it.live("image with caption: the picture, then the caption as text; Instagram gets no metadata", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(messenger)
      const result = yield* send(
        mock.url,
        { _tag: "Image", mediaId: "att-9", caption: "New in" },
        { channel: "instagram" }
      )
      assert.deepStrictEqual(result.platformMessageIds, ["m_mock1", "m_mock2"])
      assert.deepStrictEqual(jsonOf(mock.requests[0]).message, {
        attachment: { type: "image", payload: { attachment_id: "att-9" } }
      })
      assert.deepStrictEqual(jsonOf(mock.requests[1]).message, { text: "New in" })
    }).pipe(Effect.scoped)
  )

  it.live("551 (person unavailable) is blocked, 10/2018278 window_closed, neither retried; 613 is retried", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(messenger)
      mock.reply(messengerError(551, 1545041, "This person isn't available right now."))
      const blocked = (yield* Effect.flip(send(mock.url, { _tag: "Text", text: "hi" }))) as PermanentSendError
      mock.reply(messengerError(10, 2018278, "Message sent outside of allowed window."))
      const window = (yield* Effect.flip(send(mock.url, { _tag: "Text", text: "hi" }))) as PermanentSendError
      assert.strictEqual(blocked.reason, "blocked")
      assert.strictEqual(blocked.code, "551/1545041")
      assert.strictEqual(window.reason, "window_closed")
      assert.strictEqual(mock.requests.length, 2)
      mock.reply(messengerError(613, undefined, "rate limit"))
      const ok = yield* send(mock.url, { _tag: "Text", text: "hi" })
      assert.strictEqual(mock.requests.length, 4)
      assert.deepStrictEqual(ok.platformMessageIds, ["m_mock1"])
    }).pipe(Effect.scoped)
  )
})
