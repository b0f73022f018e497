import { ChannelMocks } from "@chatshop/adapters/channels"
import { make } from "@chatshop/adapters/channels/tiktok"
import type { OutboundMessage, PermanentSendError } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { jsonOf } from "./fixtures.ts"

const { mockPlatform, tiktok, tiktokError } = ChannelMocks
const credentials = { businessId: "biz-7280000000000000001", accessToken: "tt-token" }
const conversation = "u5JhpselBAhoPOlnH0tZ9y07kg=="
const client = (url: string) =>
  make({ baseUrl: url, perRecipient: null, global: null, retry: { baseDelayMs: 1, maxDelayMs: 2 } })
const send = (url: string, message: OutboundMessage) =>
  client(url).send(credentials, { recipient: conversation, message, sender: "bot" })
const envelope = { business_id: "biz-7280000000000000001", recipient_type: "CONVERSATION", recipient: conversation }

describe("TikTok Business Messaging client", () => {
  it.live("text: POST {base}/open_api/v1.3/business/message/send/ with Access-Token", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(tiktok)
      const result = yield* send(mock.url, { _tag: "Text", text: "Yes, 38 is in stock" })
      assert.deepStrictEqual(result.platformMessageIds, ["tt-mock1"])
      assert.strictEqual(mock.requests[0]?.path, "/open_api/v1.3/business/message/send/")
      assert.strictEqual(mock.requests[0]?.headers["access-token"], "tt-token")
      assert.deepStrictEqual(mock.requests[0]?.json, {
        ...envelope,
        message_type: "TEXT",
        text: { body: "Yes, 38 is in stock" }
      })
    }).pipe(Effect.scoped)
  )

  it.live("image by URL: downloaded, uploaded for a media id, sent as IMAGE; caption follows as text", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(tiktok)
      const result = yield* send(mock.url, {
        _tag: "Image",
        url: `${mock.url}/media/boot.png`,
        caption: "Chelsea boots"
      })
      assert.deepStrictEqual(
        mock.requests.map((r) => `${r.method} ${r.path}`),
        [
          "GET /media/boot.png",
          "POST /open_api/v1.3/business/message/media/upload/",
          "POST /open_api/v1.3/business/message/send/",
          "POST /open_api/v1.3/business/message/send/"
        ]
      )
      const upload = mock.requests[1]
      assert.match(upload?.headers["content-type"] ?? "", /^multipart\/form-data/)
      assert.include(upload?.body, "biz-7280000000000000001")
      assert.include(upload?.body, "IMAGE")
      assert.deepStrictEqual(mock.requests[2]?.json, {
        ...envelope,
        message_type: "IMAGE",
        image: { media_id: "media-mock1" }
      })
      assert.deepStrictEqual(mock.requests[3]?.json, {
        ...envelope,
        message_type: "TEXT",
        text: { body: "Chelsea boots" }
      })
      assert.deepStrictEqual(result.platformMessageIds, ["tt-mock2", "tt-mock3"])
    }).pipe(Effect.scoped)
  )

  it.live("buttons: a QA_BUTTON_CARD; a long text goes first; more than 3 options become numbered lines", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(tiktok)
      const two = [
        { id: "size:38", title: "38" },
        { id: "size:39", title: "39" }
      ] as const
      yield* send(mock.url, { _tag: "Buttons", text: "Which size?", buttons: two })
      assert.deepStrictEqual(jsonOf(mock.requests[0]).template, {
        type: "QA_BUTTON_CARD",
        title: "Which size?",
        buttons: [
          { type: "REPLY", title: "38", id: "size:38" },
          { type: "REPLY", title: "39", id: "size:39" }
        ]
      })
      mock.reset()
      yield* send(mock.url, {
        _tag: "Buttons",
        text: "We have these boots in several sizes. Which one fits you?",
        buttons: two
      })
      assert.deepStrictEqual(
        mock.requests.map((r) => jsonOf(r).message_type),
        ["TEXT", "TEMPLATE"]
      )
      assert.strictEqual(jsonOf(mock.requests[1]).template.title, "👇")
      mock.reset()
      yield* send(mock.url, {
        _tag: "Buttons",
        text: "Size?",
        buttons: [
          { id: "a", title: "36" },
          { id: "b", title: "37" },
          { id: "c", title: "38" },
          { id: "d", title: "39" }
        ]
      })
      assert.deepStrictEqual(jsonOf(mock.requests[0]).text, { body: "Size?\n\n1. 36\n2. 37\n3. 38\n4. 39" })
    }).pipe(Effect.scoped)
  )

  it.live("code 40100 (too many requests, HTTP 200) is retried; 40001 is permanent", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(tiktok)
      mock.reply(tiktokError(40100, "Too many requests"))
      const ok = yield* send(mock.url, { _tag: "Text", text: "hi" })
      assert.strictEqual(mock.requests.length, 2)
      assert.deepStrictEqual(ok.platformMessageIds, ["tt-mock1"])
      mock.reply(tiktokError(40001, "No permission"))
      const error = (yield* Effect.flip(send(mock.url, { _tag: "Text", text: "hi" }))) as PermanentSendError
      assert.strictEqual(error.reason, "unauthorized")
      assert.strictEqual(error.code, "40001")
      assert.strictEqual(mock.requests.length, 3)
    }).pipe(Effect.scoped)
  )
})
