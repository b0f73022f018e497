import { ChannelMocks } from "@chatshop/adapters/channels"
import { make, type WhatsAppOptions } from "@chatshop/adapters/channels/whatsapp"
import type { OutboundMessage, PermanentSendError, SendResult, TransientSendError } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { fixture, jsonOf } from "./fixtures.ts"

const { mockPlatform, whatsapp, whatsappError } = ChannelMocks
const credentials = { phoneNumberId: "106540352242922", accessToken: "EAAG-test-token" }
const to = "+16505551234"

/** A client against the mock, limits off unless a test turns them on, fast retries. */
const client = (url: string, options: Partial<WhatsAppOptions> = {}) =>
  make({ baseUrl: url, perRecipient: null, global: null, retry: { baseDelayMs: 5, maxDelayMs: 20 }, ...options })

const send = (url: string, message: OutboundMessage, options: Partial<WhatsAppOptions> = {}, skipParts?: number) =>
  client(url, options).send(credentials, {
    recipient: to,
    message,
    sender: "bot",
    ...(skipParts === undefined ? {} : { skipParts })
  })

const failure = <E>(effect: Effect.Effect<SendResult, E>) => Effect.flip(effect)

describe("WhatsApp client: requests", () => {
  it.live("text: the documented request, to {base}/{phoneNumberId}/messages with the bearer token", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(whatsapp)
      const expected = fixture("whatsapp-send-text-request.json") as { text: { body: string } }
      const result = yield* send(mock.url, { _tag: "Text", text: expected.text.body })
      assert.deepStrictEqual(result, { platformMessageIds: ["wamid.mock1"] })
      const [request] = mock.requests
      assert.strictEqual(request?.method, "POST")
      assert.strictEqual(request?.path, "/106540352242922/messages")
      assert.strictEqual(request?.headers.authorization, "Bearer EAAG-test-token")
      assert.strictEqual(request?.headers["content-type"], "application/json")
      assert.deepStrictEqual(request?.json, expected)
    }).pipe(Effect.scoped)
  )

  it.live("the documented send response gives the message id", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(whatsapp)
      mock.reply({ status: 200, body: fixture("whatsapp-send-response.json") })
      const result = yield* send(mock.url, { _tag: "Text", text: "hello" })
      assert.deepStrictEqual(result.platformMessageIds, ["wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA"])
    }).pipe(Effect.scoped)
  )

  it.live("image by media id with caption equals the documented request", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(whatsapp)
      yield* send(mock.url, { _tag: "Image", mediaId: "1479537139650973", caption: "The best succulent ever?" })
      assert.deepStrictEqual(mock.requests[0]?.json, fixture("whatsapp-send-image-request.json"))
    }).pipe(Effect.scoped)
  )

  it.live("reply buttons with header image and footer equal the documented request", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(whatsapp)
      const expected = fixture("whatsapp-send-interactive-buttons-request.json")
      yield* send(mock.url, {
        _tag: "Buttons",
        text: expected.interactive.body.text,
        footer: expected.interactive.footer.text,
        image: { mediaId: "2762702990552401" },
        buttons: [
          { id: "change-button", title: "Change" },
          { id: "cancel-button", title: "Cancel" }
        ]
      })
      assert.deepStrictEqual(mock.requests[0]?.json, expected)
    }).pipe(Effect.scoped)
  )

  it.live("a text without a link asks for no preview; an image by URL uses link", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(whatsapp)
      yield* send(mock.url, { _tag: "Text", text: "Size 38 is in stock" })
      yield* send(mock.url, { _tag: "Image", url: "https://shop.example/boot.jpg" })
      assert.deepStrictEqual(jsonOf(mock.requests[0]).text, { preview_url: false, body: "Size 38 is in stock" })
      assert.deepStrictEqual(jsonOf(mock.requests[1]).image, { link: "https://shop.example/boot.jpg" })
    }).pipe(Effect.scoped)
  )

  it.live("text over 4096 characters goes out as several messages, split between words", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(whatsapp)
      const words = Array.from({ length: 1500 }, (_, i) => `word${i}`)
      const result = yield* send(mock.url, { _tag: "Text", text: words.join(" ") })
      const bodies = mock.requests.map((r) => jsonOf(r).text.body as string)
      assert.strictEqual(bodies.length, Math.ceil(words.join(" ").length / 4096))
      assert.deepStrictEqual(
        result.platformMessageIds,
        bodies.map((_, i) => `wamid.mock${i + 1}`)
      )
      for (const body of bodies) assert.isAtMost(body.length, 4096)
      assert.deepStrictEqual(bodies.join(" ").split(" "), words)
    }).pipe(Effect.scoped)
  )

  it.live("4–10 options become a list; a long body goes first as text", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(whatsapp)
      const [first, ...others] = ["36", "37", "38", "39", "40"].map((s) => ({ id: `size:${s}`, title: s }))
      const sizes = [first!, ...others] as const
      yield* send(
        mock.url,
        { _tag: "Buttons", text: `${"a ".repeat(600)}Which size?`, buttons: sizes },
        { listButtonLabel: "Sizes" }
      )
      assert.strictEqual(mock.requests.length, 2)
      assert.strictEqual(jsonOf(mock.requests[0]).type, "text")
      const list = jsonOf(mock.requests[1]).interactive
      assert.strictEqual(list.type, "list")
      assert.strictEqual(list.action.button, "Sizes")
      assert.deepStrictEqual(list.action.sections[0].rows[2], { id: "size:38", title: "38" })
      assert.isAtMost(list.body.text.length, 1024)
    }).pipe(Effect.scoped)
  )

  it.live("more than 10 options and an image without source are refused before any request", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(whatsapp)
      const many = Array.from({ length: 11 }, (_, i) => ({ id: `o${i}`, title: `Option ${i}` }))
      const a = (yield* failure(
        send(mock.url, { _tag: "Buttons", text: "Pick", buttons: many } as unknown as OutboundMessage)
      )) as PermanentSendError
      const b = (yield* failure(send(mock.url, { _tag: "Image" }))) as PermanentSendError
      assert.strictEqual(a.reason, "invalid_request")
      assert.strictEqual(b.reason, "invalid_request")
      assert.strictEqual(mock.requests.length, 0)
    }).pipe(Effect.scoped)
  )
})

describe("WhatsApp client: failures", () => {
  it.live("131047 (re-engagement window closed) is permanent and not retried", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(whatsapp)
      mock.reply(whatsappError(131047, "Re-engagement message"))
      const error = (yield* failure(send(mock.url, { _tag: "Text", text: "hello" }))) as PermanentSendError
      assert.strictEqual(error._tag, "PermanentSendError")
      assert.strictEqual(error.reason, "window_closed")
      assert.strictEqual(error.code, "131047")
      assert.strictEqual(error.channel, "whatsapp")
      assert.strictEqual(mock.requests.length, 1)
    }).pipe(Effect.scoped)
  )

  it.live("131050 (user stopped marketing messages) is permanent: opted_out", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(whatsapp)
      mock.reply(whatsappError(131050, "User's number is part of an experiment"))
      const error = (yield* failure(send(mock.url, { _tag: "Text", text: "hello" }))) as PermanentSendError
      assert.strictEqual(error.reason, "opted_out")
      assert.strictEqual(mock.requests.length, 1)
    }).pipe(Effect.scoped)
  )

  it.live("429 with Retry-After: the retry waits at least that long, then succeeds", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(whatsapp)
      mock.reply(whatsappError(130429, "Rate limit hit", 429, { "retry-after": "1" }))
      const result = yield* send(mock.url, { _tag: "Text", text: "hello" })
      assert.deepStrictEqual(result.platformMessageIds, ["wamid.mock1"])
      const [first, second] = mock.requests
      assert.isAtLeast((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0), 950)
    }).pipe(Effect.scoped)
  )

  it.live("5xx twice, then success: three requests, one message", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(whatsapp)
      mock.reply({ status: 502, body: "bad gateway" }, { status: 503, body: "unavailable" })
      const result = yield* send(mock.url, { _tag: "Text", text: "hello" })
      assert.strictEqual(mock.requests.length, 3)
      assert.deepStrictEqual(result.platformMessageIds, ["wamid.mock1"])
    }).pipe(Effect.scoped)
  )

  it.live("a transient failure that persists ends as TransientSendError after maxAttempts", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(whatsapp)
      mock.reply(...Array.from({ length: 5 }, () => ({ status: 503, body: "down" })))
      const error = (yield* failure(
        send(mock.url, { _tag: "Text", text: "hello" }, { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } })
      )) as TransientSendError
      assert.strictEqual(error._tag, "TransientSendError")
      assert.strictEqual(error.code, "http_503")
      assert.strictEqual(mock.requests.length, 3)
    }).pipe(Effect.scoped)
  )

  it.live("a Retry-After longer than the client waits is handed to the outbox", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(whatsapp)
      mock.reply(whatsappError(130429, "Rate limit hit", 429, { "retry-after": "120" }))
      const error = (yield* failure(send(mock.url, { _tag: "Text", text: "hello" }))) as TransientSendError
      assert.strictEqual(error.retryAfterMs, 120_000)
      assert.strictEqual(mock.requests.length, 1)
    }).pipe(Effect.scoped)
  )

  it.live("a failure mid-way names the parts already sent; skipParts resumes after them", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(whatsapp)
      const text = Array.from({ length: 1500 }, (_, i) => `w${i}xxxx`).join(" ")
      mock.reply((r) => whatsapp.ok(r, 1), whatsappError(131047, "window"))
      const error = (yield* failure(send(mock.url, { _tag: "Text", text }))) as PermanentSendError
      assert.deepStrictEqual(error.sentMessageIds, ["wamid.mock1"])
      mock.reset()
      const rest = yield* send(mock.url, { _tag: "Text", text }, {}, error.sentMessageIds.length)
      assert.strictEqual(rest.platformMessageIds.length, mock.requests.length)
      assert.isTrue((jsonOf(mock.requests[0]).text.body as string).startsWith("w"))
      assert.isFalse((jsonOf(mock.requests[0]).text.body as string).startsWith("w0xxxx"))
    }).pipe(Effect.scoped)
  )

  it.live("no answer within the timeout is transient", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(whatsapp)
      mock.reply({ status: 200, body: {}, delayMs: 400 }, { status: 200, body: {}, delayMs: 400 })
      const error = (yield* failure(
        send(mock.url, { _tag: "Text", text: "hello" }, { timeoutMs: 50, retry: { maxAttempts: 2, baseDelayMs: 1 } })
      )) as TransientSendError
      assert.strictEqual(error.code, "timeout")
      assert.strictEqual(mock.requests.length, 2)
    }).pipe(Effect.scoped)
  )

  it.live("connection refused is transient", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(whatsapp)
      yield* Effect.promise(() => mock.close())
      const error = (yield* failure(
        send(mock.url, { _tag: "Text", text: "hello" }, { retry: { maxAttempts: 1 } })
      )) as TransientSendError
      assert.strictEqual(error._tag, "TransientSendError")
      assert.strictEqual(error.code, "network")
    }).pipe(Effect.scoped)
  )
})

describe("WhatsApp client: rate limits", () => {
  it.effect("default per-user limit: one message per 6 s (+100 ms margin) to the same customer (TestClock)", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(whatsapp)
      const c = make({ baseUrl: mock.url })
      const one = c.send(credentials, { recipient: to, message: { _tag: "Text", text: "hi" }, sender: "bot" })
      const fibers = yield* Effect.forEach([1, 2, 3], () => Effect.forkChild(one))
      yield* Effect.promise(() => mock.waitForRequests(1))
      assert.strictEqual(mock.requests.length, 1)
      yield* TestClock.adjust(6_099)
      yield* Effect.yieldNow
      assert.strictEqual(mock.requests.length, 1)
      yield* TestClock.adjust(1)
      yield* Effect.promise(() => mock.waitForRequests(2))
      yield* TestClock.adjust(6_100)
      yield* Effect.promise(() => mock.waitForRequests(3))
      const results = yield* Effect.forEach(fibers, Fiber.join)
      assert.strictEqual(results.length, 3)
      // Another customer is not held back by the first one's limit (only by the global 78/s: 13 ms).
      const other = yield* Effect.forkChild(
        c.send(credentials, { recipient: "+15550001111", message: { _tag: "Text", text: "hi" }, sender: "bot" })
      )
      yield* TestClock.adjust(14)
      yield* Effect.promise(() => mock.waitForRequests(4))
      yield* Fiber.join(other)
    }).pipe(Effect.scoped)
  )
})
