import { ChannelMocks } from "@chatshop/adapters/channels"
import { make } from "@chatshop/adapters/channels/telegram"
import type { OutboundMessage, PermanentSendError } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"

const { mockPlatform, telegram, telegramError } = ChannelMocks
const credentials = { botToken: "123456:ABC-token" }
const client = (url: string) =>
  make({ baseUrl: url, perRecipient: null, global: null, retry: { baseDelayMs: 1, maxDelayMs: 2 } })
const send = (url: string, message: OutboundMessage) =>
  client(url).send(credentials, { recipient: "1111111", message, sender: "bot" })

describe("Telegram client", () => {
  it.live("text: POST {base}/bot{token}/sendMessage; the id is chat:message like inbound ids", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(telegram)
      const result = yield* send(mock.url, { _tag: "Text", text: "Hello!" })
      assert.deepStrictEqual(result, { platformMessageIds: ["1111111:1"] })
      assert.strictEqual(mock.requests[0]?.path, "/bot123456:ABC-token/sendMessage")
      assert.deepStrictEqual(mock.requests[0]?.json, { chat_id: "1111111", text: "Hello!" })
    }).pipe(Effect.scoped)
  )

  it.live("image: sendPhoto with caption; buttons: inline keyboard, one button per row", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(telegram)
      yield* send(mock.url, { _tag: "Image", url: "https://shop.example/boot.jpg", caption: "Chelsea boots" })
      yield* send(mock.url, {
        _tag: "Buttons",
        text: "Which size?",
        footer: "Tap one",
        buttons: [
          { id: "size:38", title: "38" },
          { id: "size:39", title: "39" }
        ]
      })
      assert.strictEqual(mock.requests[0]?.path, "/bot123456:ABC-token/sendPhoto")
      assert.deepStrictEqual(mock.requests[0]?.json, {
        chat_id: "1111111",
        photo: "https://shop.example/boot.jpg",
        caption: "Chelsea boots"
      })
      assert.deepStrictEqual(mock.requests[1]?.json, {
        chat_id: "1111111",
        text: "Which size?\n\nTap one",
        reply_markup: {
          inline_keyboard: [[{ text: "38", callback_data: "size:38" }], [{ text: "39", callback_data: "size:39" }]]
        }
      })
    }).pipe(Effect.scoped)
  )

  it.live("buttons with a picture: one sendPhoto carrying caption and keyboard", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(telegram)
      yield* send(mock.url, {
        _tag: "Buttons",
        text: "This one?",
        image: { mediaId: "AgAD-file" },
        buttons: [{ id: "yes", title: "Yes" }]
      })
      assert.strictEqual(mock.requests.length, 1)
      assert.deepStrictEqual(mock.requests[0]?.json, {
        chat_id: "1111111",
        photo: "AgAD-file",
        caption: "This one?",
        reply_markup: { inline_keyboard: [[{ text: "Yes", callback_data: "yes" }]] }
      })
    }).pipe(Effect.scoped)
  )

  it.live("answerCallbackQuery acknowledges a tap and is not a message", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(telegram)
      const result = yield* send(mock.url, {
        _tag: "AnswerCallback",
        callbackId: "4382bfdwdsb323b2d9",
        text: "Added to cart"
      })
      assert.deepStrictEqual(result.platformMessageIds, [])
      assert.strictEqual(mock.requests[0]?.path, "/bot123456:ABC-token/answerCallbackQuery")
      assert.deepStrictEqual(mock.requests[0]?.json, { callback_query_id: "4382bfdwdsb323b2d9", text: "Added to cart" })
    }).pipe(Effect.scoped)
  )

  it.live("403 bot blocked by the user is permanent and not retried", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(telegram)
      mock.reply(telegramError(403, "Forbidden: bot was blocked by the user"))
      const error = (yield* Effect.flip(send(mock.url, { _tag: "Text", text: "hi" }))) as PermanentSendError
      assert.strictEqual(error.reason, "blocked")
      assert.strictEqual(error.code, "403")
      assert.strictEqual(mock.requests.length, 1)
    }).pipe(Effect.scoped)
  )

  it.live("chat not found, deactivated user, expired callback, bad token", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(telegram)
      mock.reply(
        telegramError(400, "Bad Request: chat not found"),
        telegramError(403, "Forbidden: user is deactivated"),
        telegramError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid"),
        telegramError(401, "Unauthorized"),
        telegramError(400, "Bad Request: message text is empty")
      )
      const reasons: Array<string> = []
      for (const message of [
        { _tag: "Text", text: "a" },
        { _tag: "Text", text: "b" },
        { _tag: "AnswerCallback", callbackId: "old" },
        { _tag: "Text", text: "c" },
        { _tag: "Text", text: "d" }
      ] as const) {
        reasons.push(((yield* Effect.flip(send(mock.url, message))) as PermanentSendError).reason)
      }
      assert.deepStrictEqual(reasons, [
        "invalid_recipient",
        "invalid_recipient",
        "expired",
        "unauthorized",
        "invalid_request"
      ])
      assert.strictEqual(mock.requests.length, 5)
    }).pipe(Effect.scoped)
  )

  it.live("429 with parameters.retry_after: waits that long, then sends", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(telegram)
      mock.reply(telegramError(429, "Too Many Requests: retry after 1", 1))
      const result = yield* send(mock.url, { _tag: "Text", text: "hi" })
      assert.deepStrictEqual(result.platformMessageIds, ["1111111:1"])
      const [first, second] = mock.requests
      assert.isAtLeast((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0), 950)
    }).pipe(Effect.scoped)
  )

  it.live("callback data over 64 bytes is refused before sending", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(telegram)
      const error = (yield* Effect.flip(
        send(mock.url, { _tag: "Buttons", text: "?", buttons: [{ id: "x".repeat(65), title: "X" }] })
      )) as PermanentSendError
      assert.strictEqual(error.reason, "invalid_request")
      assert.strictEqual(mock.requests.length, 0)
    }).pipe(Effect.scoped)
  )

  it.effect("default limit: about one message per second per chat, with a 50 ms margin (TestClock)", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(telegram)
      const c = make({ baseUrl: mock.url, global: null })
      const fiber = yield* Effect.forkChild(
        c.send(credentials, { recipient: "1111111", message: { _tag: "Text", text: "a ".repeat(3000) }, sender: "bot" })
      )
      yield* Effect.promise(() => mock.waitForRequests(1))
      yield* TestClock.adjust(1_049)
      yield* Effect.yieldNow
      assert.strictEqual(mock.requests.length, 1)
      yield* TestClock.adjust(1)
      yield* Effect.promise(() => mock.waitForRequests(2))
      const result = yield* Fiber.join(fiber)
      assert.deepStrictEqual(result.platformMessageIds, ["1111111:1", "1111111:2"])
    }).pipe(Effect.scoped)
  )
})
