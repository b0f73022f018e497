import { ChannelMocks } from "@chatshop/adapters/channels"
import { chatIdOf, fileNameOf, make, parseWebhook } from "@chatshop/adapters/channels/greenapi"
import type { OutboundMessage, PermanentSendError } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { fixture, single } from "./fixtures.ts"

const { mockPlatform, greenapi, greenapiError } = ChannelMocks
const credentials = { idInstance: "1101000001", apiTokenInstance: "d75b3a66374942c5b3c019c698abc2067e151558acbd412345" }
const client = (url: string) =>
  make({ baseUrl: url, perRecipient: null, global: null, retry: { baseDelayMs: 1, maxDelayMs: 2 } })
// Customer ids as webhooks are parsed: the number, without GREEN-API's `@c.us`.
const send = (url: string, message: OutboundMessage, recipient = "79001234567") =>
  client(url).send(credentials, { recipient, message, sender: "bot" })

describe("GREEN-API client", () => {
  it.live("sendMessage: the documented request body and response", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(greenapi)
      mock.reply({ status: 200, body: fixture("greenapi-send-message-response.json") })
      const expected = fixture("greenapi-send-message-request.json") as { message: string }
      const result = yield* send(mock.url, { _tag: "Text", text: expected.message })
      assert.deepStrictEqual(result.platformMessageIds, ["3EB0C767D097B7C7C030"])
      assert.strictEqual(mock.requests[0]?.path, `/waInstance1101000001/sendMessage/${credentials.apiTokenInstance}`)
      assert.deepStrictEqual(mock.requests[0]?.json, expected)
    }).pipe(Effect.scoped)
  )

  it.live("a reply to a parsed webhook's customer goes to the chat the message came from", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(greenapi)
      const inbound = fixture("greenapi-incoming-text.json") as { senderData: { chatId: string } }
      const event = single(parseWebhook(inbound, { receivedAt: 0 }))
      yield* send(mock.url, { _tag: "Text", text: "Hello" }, event.customerId)
      assert.deepStrictEqual(mock.requests[0]?.json, { chatId: inbound.senderData.chatId, message: "Hello" })
    }).pipe(Effect.scoped)
  )

  it("chat ids and file names", () => {
    assert.strictEqual(chatIdOf("+79001234567"), "79001234567@c.us")
    assert.strictEqual(chatIdOf("79001234567"), "79001234567@c.us")
    assert.strictEqual(chatIdOf("120363043968066561@g.us"), "120363043968066561@g.us")
    assert.strictEqual(fileNameOf("https://shop.example/img/horse.png?v=2"), "horse.png")
    assert.strictEqual(fileNameOf("https://cdn.example/p/123"), "image.jpg")
    assert.strictEqual(fileNameOf("https://cdn.example/p/%D0%B1%D0%BE%D1%82.jpg"), "бот.jpg")
  })

  it.live("image: sendFileByUrl with a file name and caption; buttons: numbered lines", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(greenapi)
      yield* send(
        mock.url,
        { _tag: "Image", url: "https://shop.example/img/boot.jpg", caption: "Chelsea boots" },
        "+79001234567"
      )
      yield* send(mock.url, {
        _tag: "Buttons",
        text: "Which size?",
        buttons: [
          { id: "size:38", title: "38" },
          { id: "size:39", title: "39" }
        ]
      })
      assert.strictEqual(mock.requests[0]?.path, `/waInstance1101000001/sendFileByUrl/${credentials.apiTokenInstance}`)
      assert.deepStrictEqual(mock.requests[0]?.json, {
        chatId: "79001234567@c.us",
        urlFile: "https://shop.example/img/boot.jpg",
        fileName: "boot.jpg",
        caption: "Chelsea boots"
      })
      assert.deepStrictEqual(mock.requests[1]?.json, {
        chatId: "79001234567@c.us",
        message: "Which size?\n\n1. 38\n2. 39"
      })
    }).pipe(Effect.scoped)
  )

  it.live("466 (quota) and an unauthorised instance are permanent; 429 and 'starting' are retried", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(greenapi)
      mock.reply(greenapiError(466, "correspondentsStatus: limit used up"))
      const quota = (yield* Effect.flip(send(mock.url, { _tag: "Text", text: "hi" }))) as PermanentSendError
      mock.reply(greenapiError(400, "instance account not authorized"))
      const auth = (yield* Effect.flip(send(mock.url, { _tag: "Text", text: "hi" }))) as PermanentSendError
      assert.strictEqual(quota.reason, "quota_exceeded")
      assert.strictEqual(auth.reason, "unauthorized")
      assert.strictEqual(mock.requests.length, 2)
      mock.reply(greenapi.tooManyRequests(0), greenapiError(400, "instance in starting process try later"))
      const ok = yield* send(mock.url, { _tag: "Text", text: "hi" })
      assert.strictEqual(mock.requests.length, 5)
      assert.strictEqual(ok.platformMessageIds.length, 1)
    }).pipe(Effect.scoped)
  )

  it.live("an image by media id is refused: GREEN-API sends files by URL", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(greenapi)
      const error = (yield* Effect.flip(send(mock.url, { _tag: "Image", mediaId: "x" }))) as PermanentSendError
      assert.strictEqual(error.reason, "invalid_request")
      assert.strictEqual(mock.requests.length, 0)
    }).pipe(Effect.scoped)
  )
})
