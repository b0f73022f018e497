import {
  ChannelCredentialsStore,
  ChannelMocks,
  InboundMedia,
  layerInboundMedia,
  testConfig
} from "@chatshop/adapters/channels"
import * as Telegram from "@chatshop/adapters/channels/telegram"
import * as WhatsApp from "@chatshop/adapters/channels/whatsapp"
import { ChannelAccountId, TenantId } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"

const { mockPlatform, pixelPng } = ChannelMocks
const fast = { perRecipient: null, global: null, retry: { baseDelayMs: 1, maxDelayMs: 5 } } as const

describe("media a customer sent, fetched by id (payment screenshots for the vision port)", () => {
  it.live("WhatsApp: GET {base}/{media-id} with the bearer token, then its URL with the same token", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(ChannelMocks.whatsapp)
      const client = WhatsApp.make({ baseUrl: mock.url, ...fast })
      const media = yield* client.download({ phoneNumberId: "1065", accessToken: "EAAG-token" }, "1048576")
      assert.deepStrictEqual([...media.bytes], [...pixelPng])
      assert.strictEqual(media.mimeType, "image/png")
      assert.deepStrictEqual(
        mock.requests.map((r) => [r.method, r.path, r.headers.authorization]),
        [
          ["GET", "/1048576", "Bearer EAAG-token"],
          ["GET", "/media/1048576", "Bearer EAAG-token"]
        ]
      )
    }).pipe(Effect.scoped)
  )

  it.live("Telegram: getFile gives the path, fetched under {base}/file/bot{token}/", () =>
    Effect.gen(function* () {
      const mock = yield* mockPlatform(ChannelMocks.telegram)
      const client = Telegram.make({ baseUrl: mock.url, ...fast })
      const media = yield* client.download({ botToken: "123:abc" }, "AgACAgI")
      assert.deepStrictEqual([...media.bytes], [...pixelPng])
      assert.strictEqual(media.mimeType, "image/png")
      assert.deepStrictEqual(
        mock.requests.map((r) => r.path),
        ["/bot123:abc/getFile?file_id=AgACAgI", "/file/bot123:abc/photos/AgACAgI.png"]
      )
    }).pipe(Effect.scoped)
  )

  it.live("InboundMedia picks the account's credentials; unknown accounts and link-only channels fail", () =>
    Effect.gen(function* () {
      const wa = yield* mockPlatform(ChannelMocks.whatsapp)
      const tenantId = TenantId.make("t-media")
      const store = ChannelCredentialsStore.layerMemory([
        { tenantId, accountId: "wa", credentials: { type: "whatsapp", phoneNumberId: "1065", accessToken: "tok" } },
        { tenantId, accountId: "web", credentials: { type: "webchat" } }
      ])
      yield* Effect.gen(function* () {
        const media = yield* InboundMedia
        const fetched = yield* media.fetch(tenantId, ChannelAccountId.make("wa"), "777")
        assert.deepStrictEqual([...fetched.bytes], [...pixelPng])
        const unknown = yield* Effect.flip(media.fetch(tenantId, ChannelAccountId.make("nope"), "777"))
        assert.match(unknown.reason, /no credentials/)
        const otherTenant = yield* Effect.flip(
          media.fetch(TenantId.make("t-other"), ChannelAccountId.make("wa"), "777")
        )
        assert.match(otherTenant.reason, /no credentials/)
        const link = yield* Effect.flip(media.fetch(tenantId, ChannelAccountId.make("web"), "777"))
        assert.match(link.reason, /links/)
      }).pipe(Effect.provide(layerInboundMedia(testConfig({ whatsapp: wa.url })).pipe(Layer.provide(store))))
    }).pipe(Effect.scoped)
  )
})
