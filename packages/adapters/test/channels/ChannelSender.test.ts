import {
  ChannelCredentialsStore,
  ChannelMocks,
  layerTest,
  Telegram,
  Webchat,
  WhatsApp
} from "@chatshop/adapters/channels"
import {
  ChannelAccountId,
  ChannelSender,
  CustomerId,
  type OutboundMessage,
  type PermanentSendError,
  type SendRequest,
  TenantId
} from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { jsonOf } from "./fixtures.ts"

const { mockPlatform, startMockPlatform, whatsapp, telegram, messenger } = ChannelMocks
const tenant = TenantId.make("t1")

const request = (
  channel: SendRequest["channel"],
  accountId: string,
  recipient: string,
  message: OutboundMessage
): SendRequest => ({
  tenantId: tenant,
  channel,
  accountId: ChannelAccountId.make(accountId),
  recipient: CustomerId.make(recipient),
  message,
  sender: "bot"
})

const accounts = ChannelCredentialsStore.layerMemory([
  {
    tenantId: "t1",
    accountId: "wa",
    credentials: { type: "whatsapp", phoneNumberId: "106540352242922", accessToken: "wa-token" }
  },
  { tenantId: "t1", accountId: "tg", credentials: { type: "telegram", botToken: "7:tg-token" } },
  { tenantId: "t1", accountId: "fb", credentials: { type: "messenger", pageId: "PAGE_1", accessToken: "fb-token" } },
  { tenantId: "t1", accountId: "web", credentials: { type: "webchat" } }
])

const senderFor = (urls: Parameters<typeof layerTest>[0]) =>
  layerTest(urls).pipe(Layer.provide(Layer.merge(accounts, Webchat.WebchatHub.layerMemory)))

describe("ChannelSender over the platform clients", () => {
  it.live("dispatches by channel with the account's credentials", () =>
    Effect.gen(function* () {
      const wa = yield* mockPlatform(whatsapp)
      const tg = yield* mockPlatform(telegram)
      const fb = yield* mockPlatform(messenger)
      yield* Effect.gen(function* () {
        const sender = yield* ChannelSender
        const a = yield* sender.send(request("whatsapp", "wa", "16505551234", { _tag: "Text", text: "hi wa" }))
        const b = yield* sender.send(request("telegram", "tg", "1111111", { _tag: "Text", text: "hi tg" }))
        const c = yield* sender.send(request("instagram", "fb", "IGSID", { _tag: "Text", text: "hi ig" }))
        assert.deepStrictEqual(a.platformMessageIds, ["wamid.mock1"])
        assert.deepStrictEqual(b.platformMessageIds, ["1111111:1"])
        assert.deepStrictEqual(c.platformMessageIds, ["m_mock1"])
      }).pipe(Effect.provide(senderFor({ whatsapp: wa.url, telegram: tg.url, messenger: fb.url })))
      assert.strictEqual(wa.requests[0]?.headers.authorization, "Bearer wa-token")
      assert.strictEqual(tg.requests[0]?.path, "/bot7:tg-token/sendMessage")
      assert.deepStrictEqual(jsonOf(fb.requests[0]).message, { text: "hi ig" })
    }).pipe(Effect.scoped)
  )

  it.live("unknown account and mismatched credentials are permanent errors, with no request", () =>
    Effect.gen(function* () {
      const wa = yield* mockPlatform(whatsapp)
      yield* Effect.gen(function* () {
        const sender = yield* ChannelSender
        const missing = (yield* Effect.flip(
          sender.send(request("whatsapp", "nope", "1", { _tag: "Text", text: "x" }))
        )) as PermanentSendError
        const wrong = (yield* Effect.flip(
          sender.send(request("whatsapp", "tg", "1", { _tag: "Text", text: "x" }))
        )) as PermanentSendError
        const otherTenant = (yield* Effect.flip(
          sender.send({ ...request("whatsapp", "wa", "1", { _tag: "Text", text: "x" }), tenantId: TenantId.make("t2") })
        )) as PermanentSendError
        assert.strictEqual(missing.code, "credentials_missing")
        assert.strictEqual(wrong.code, "credentials_mismatch")
        assert.strictEqual(otherTenant.code, "credentials_missing")
        assert.strictEqual(missing.reason, "unauthorized")
      }).pipe(Effect.provide(senderFor({ whatsapp: wa.url })))
      assert.strictEqual(wa.requests.length, 0)
    }).pipe(Effect.scoped)
  )

  it.effect("web chat replies go to the hub for the browser's event stream", () =>
    Effect.gen(function* () {
      const hub = yield* Webchat.WebchatHub
      const sender = yield* ChannelSender
      const seen: Array<string> = []
      const unsubscribe = yield* hub.subscribe(
        "t1",
        "sess-1",
        (d) => void seen.push(d.message._tag === "Text" ? d.message.text : d.message._tag)
      )
      const result = yield* sender.send(
        request("webchat", "web", "sess-1", { _tag: "Text", text: "Hello from the shop" })
      )
      yield* sender.send(request("webchat", "web", "sess-1", { _tag: "AnswerCallback", callbackId: "x" }))
      yield* unsubscribe
      yield* sender.send(request("webchat", "web", "sess-1", { _tag: "Text", text: "after unsubscribe" }))
      assert.deepStrictEqual(seen, ["Hello from the shop"])
      assert.strictEqual(result.platformMessageIds.length, 1)
      const recent = yield* hub.recent("t1", "sess-1")
      assert.deepStrictEqual(
        recent.map((d) => d.id),
        [result.platformMessageIds[0], recent[1]?.id]
      )
      assert.deepStrictEqual(yield* hub.recent("t1", "other"), [])
    }).pipe(Effect.provide(Layer.provideMerge(layerTest({}), Layer.merge(accounts, Webchat.WebchatHub.layerMemory))))
  )
})

describe("reliability against failing and limiting platforms", () => {
  it.live("a channel failing 20% of calls with 429/5xx: every message delivered exactly once (SPEC §9.7)", () =>
    Effect.gen(function* () {
      const mock = yield* Effect.acquireRelease(
        Effect.promise(() => startMockPlatform(whatsapp, { failureRate: 0.2, seed: 42 })),
        (m) => Effect.promise(() => m.close())
      )
      const client = WhatsApp.make({
        baseUrl: mock.url,
        perRecipient: null,
        global: null,
        retry: { maxAttempts: 8, baseDelayMs: 1, maxDelayMs: 4 }
      })
      const texts = Array.from({ length: 60 }, (_, i) => `message ${i}`)
      yield* Effect.forEach(
        texts,
        (text, i) =>
          client.send(
            { phoneNumberId: "1", accessToken: "t" },
            { recipient: `+1555000${i % 7}`, message: { _tag: "Text", text }, sender: "bot" }
          ),
        { concurrency: 8 }
      )
      const delivered = mock.delivered().map((r) => jsonOf(r).text.body as string)
      assert.isAbove(mock.requests.length, texts.length)
      assert.deepStrictEqual([...delivered].sort(), [...texts].sort())
    }).pipe(Effect.scoped)
  )

  it.live("with the client's limits a platform enforcing them answers no 429; without them it does", () =>
    Effect.gen(function* () {
      // The client keeps a margin over the platform limits: requests take a few ms on the wire.
      const limits = { perRecipientIntervalMs: 50, global: { limit: 20, windowMs: 200 } }
      const limited = yield* mockPlatform(telegram, { limits })
      const careful = Telegram.make({
        baseUrl: limited.url,
        perRecipient: { capacity: 1, refillEveryMs: 150 },
        global: { capacity: 1, refillEveryMs: 12 },
        retry: { maxAttempts: 1 }
      })
      const burst = (client: typeof careful) =>
        Effect.forEach(
          Array.from({ length: 12 }, (_, i) => i),
          (i) =>
            client.send(
              { botToken: "1:x" },
              { recipient: String(i % 3), message: { _tag: "Text", text: `m${i}` }, sender: "bot" }
            ),
          { concurrency: "unbounded" }
        )
      yield* burst(careful)
      assert.strictEqual(limited.limitViolations(), 0)
      assert.strictEqual(limited.delivered().length, 12)
      const reckless = yield* mockPlatform(telegram, { limits })
      const noLimits = Telegram.make({
        baseUrl: reckless.url,
        perRecipient: null,
        global: null,
        retry: { maxAttempts: 1 }
      })
      yield* Effect.ignore(burst(noLimits))
      assert.isAbove(reckless.limitViolations(), 0)
    }).pipe(Effect.scoped)
  )
})
