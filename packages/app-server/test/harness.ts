import { createHmac } from "node:crypto"
import { ChannelMocks } from "@chatshop/adapters/channels"
import {
  ChannelAccount,
  ChannelAccountId,
  DedupeUnavailable,
  InboundDedupe,
  MessageQueue,
  type TenantId,
  TenantId as TenantIdSchema
} from "@chatshop/domain"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { makeApp } from "../src/app.ts"
import { intakeOverPorts, memoryDomain, memoryStores, Readiness } from "../src/runtime.ts"

/** A queue that remembers every job it accepted; `forget` drops retained ids (a lapsed retention). */
export const recordingQueue = () => {
  const retained = new Set<string>()
  const adds: Array<{ queue: string; id: string; payload: unknown }> = []
  const state = { down: false }
  const layer = Layer.succeed(
    MessageQueue,
    MessageQueue.of({
      enqueue: (queue, id, payload) =>
        Effect.suspend(() => {
          if (state.down) return Effect.die(new Error("Connection is closed."))
          const key = `${queue}\u0000${id}`
          if (!retained.has(key)) {
            retained.add(key)
            adds.push({ queue, id, payload })
          }
          return Effect.void
        }),
      consume: () => Effect.void,
      failed: () => Effect.succeed([]),
      retryFailed: () => Effect.succeed(false)
    })
  )
  return { layer, adds, state, forget: () => retained.clear() }
}

/** The memory dedupe with a switch: `down` fails every call, `claimDown` only claims. */
export const switchableDedupe = () => {
  const state = { down: false, claimDown: false }
  const layer = Layer.effect(
    InboundDedupe,
    Effect.gen(function* () {
      const inner = yield* InboundDedupe
      const unavailable = Effect.fail(new DedupeUnavailable({ message: "dedupe store down" }))
      return InboundDedupe.of({
        claim: (key, ttl) => (state.down || state.claimDown ? unavailable : inner.claim(key, ttl)),
        seen: (key) => (state.down ? unavailable : inner.seen(key))
      })
    })
  ).pipe(Layer.provide(InboundDedupe.layerMemory))
  return { layer, state }
}

export const ADMIN = "admin-token-for-tests"
export const NOW = Date.UTC(2026, 10, 22, 12, 0, 0)

export const keys = {
  whatsapp: { phoneNumberId: "106540352242922", appSecret: "wa-app-secret", verifyToken: "wa-verify" },
  messenger: { pageId: "PAGE_1", instagramAccountId: "IG_1", appSecret: "fb-app-secret", verifyToken: "fb-verify" },
  telegram: { secretToken: "tg-secret-token" },
  tiktok: { businessId: "biz-7280000000000000001", clientSecret: "tt-client-secret" },
  greenapi: { idInstance: "1234", webhookToken: "ga-webhook-token" }
} as const

/** An app over memory stores with one account per platform for one tenant. */
export const makeHarness = async (
  options: {
    readonly queue?: Layer.Layer<MessageQueue, unknown>
    readonly dedupe?: Layer.Layer<InboundDedupe, unknown>
  } = {}
) => {
  const queue = recordingQueue()
  const dedupe = switchableDedupe()
  const layer = Layer.mergeAll(
    memoryDomain().pipe(Layer.provideMerge(memoryStores())),
    intakeOverPorts(options.queue ?? queue.layer, options.dedupe ?? dedupe.layer),
    Readiness.layerAlwaysUp
  )
  const runtime = ManagedRuntime.make(layer)
  const tenantId = TenantIdSchema.make("shop-1")
  const accounts = await runtime.runPromise(createAccounts(tenantId))
  const app = makeApp(runtime, { adminToken: redacted(ADMIN), now: () => NOW })
  return { app, runtime, queue, dedupe, tenantId, accounts, dispose: () => runtime.dispose() }
}

const redacted = (value: string) => Redacted.make(value)

/** One admin API call (`/api/v1…`) to an app: the status and the JSON answer (undefined when empty). */
export const apiCall = async (
  app: { readonly request: (path: string, init: RequestInit) => Response | Promise<Response> },
  key: string | undefined,
  method: string,
  path: string,
  body?: unknown
) => {
  const response = await app.request(`/api/v1${path}`, {
    method,
    headers: { "content-type": "application/json", ...(key === undefined ? {} : { authorization: `Bearer ${key}` }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await response.text()
  // biome-ignore lint/suspicious/noExplicitAny: response JSON under test, checked field by field
  return { status: response.status, body: (text === "" ? undefined : JSON.parse(text)) as any }
}

const createAccounts = (tenantId: TenantId) =>
  Effect.gen(function* () {
    const repo = yield* ChannelAccount.ChannelAccountRepository
    const base = (id: string) => ({ id: ChannelAccountId.make(id), tenantId, managers: [] })
    const whatsapp = yield* repo.create({
      ...base("ch-wa"),
      type: "whatsapp",
      phoneNumberId: keys.whatsapp.phoneNumberId,
      verifyToken: keys.whatsapp.verifyToken,
      secrets: { appSecret: keys.whatsapp.appSecret, accessToken: "wa-access" }
    })
    const messenger = yield* repo.create({
      ...base("ch-fb"),
      type: "messenger",
      pageId: keys.messenger.pageId,
      instagramAccountId: keys.messenger.instagramAccountId,
      verifyToken: keys.messenger.verifyToken,
      secrets: { appSecret: keys.messenger.appSecret, accessToken: "fb-access" }
    })
    const telegram = yield* repo.create({
      ...base("ch-tg"),
      type: "telegram",
      botAccountId: "777",
      secrets: { botToken: "777:abc", secretToken: keys.telegram.secretToken }
    })
    const tiktok = yield* repo.create({
      ...base("ch-tt"),
      type: "tiktok",
      businessId: keys.tiktok.businessId,
      secrets: { accessToken: "tt-access", clientSecret: keys.tiktok.clientSecret }
    })
    const greenapi = yield* repo.create({
      ...base("ch-ga"),
      type: "greenapi",
      idInstance: keys.greenapi.idInstance,
      secrets: { apiTokenInstance: "ga-api", webhookToken: keys.greenapi.webhookToken }
    })
    return { whatsapp, messenger, telegram, tiktok, greenapi }
  })

const hmac = (secret: string, data: string) => createHmac("sha256", secret).update(data).digest("hex")

export type Platform = "whatsapp" | "messenger" | "telegram" | "tiktok" | "greenapi"
export const platforms: ReadonlyArray<Platform> = ["whatsapp", "messenger", "telegram", "tiktok", "greenapi"]

/** A customer text message body for `platform`, unique by `id`. */
export const messageBody = (platform: Platform, id: string, text = "do you have these boots in 38?"): unknown => {
  switch (platform) {
    case "whatsapp":
      return ChannelMocks.whatsappInbound({
        phoneNumberId: keys.whatsapp.phoneNumberId,
        from: "16505551234",
        id: `wamid.${id}`,
        timestamp: 1749416383,
        message: { type: "text", text: { body: text } }
      })
    case "messenger":
      return {
        object: "page",
        entry: [
          {
            id: keys.messenger.pageId,
            time: 1458692752478,
            messaging: [
              {
                sender: { id: "PSID_1" },
                recipient: { id: keys.messenger.pageId },
                timestamp: 1458692752478,
                message: { mid: `mid.${id}`, text }
              }
            ]
          }
        ]
      }
    case "telegram":
      return {
        update_id: Number.parseInt(id.replace(/\D/g, "").slice(0, 9) || "1", 10),
        message: {
          message_id: Number.parseInt(id.replace(/\D/g, "").slice(0, 9) || "1", 10),
          date: 1441645532,
          chat: { id: 1111111, type: "private", first_name: "Ann" },
          from: { id: 1111111, first_name: "Ann" },
          text
        }
      }
    case "tiktok":
      return {
        client_key: "aw1b2c3d4e5f6g7h",
        event: "im_receive_msg",
        create_time: 1700000001,
        user_openid: keys.tiktok.businessId,
        content: JSON.stringify({
          from: "anna.k",
          from_user: { id: "user-1", role: "personal_account" },
          to: "bootshop",
          to_user: { id: keys.tiktok.businessId, role: "business_account" },
          conversation_id: "conv-1",
          message_id: `tt-${id}`,
          timestamp: 1700000000123,
          type: "text",
          text: { body: text }
        })
      }
    case "greenapi":
      return {
        typeWebhook: "incomingMessageReceived",
        instanceData: {
          idInstance: Number(keys.greenapi.idInstance),
          wid: "11001234567@c.us",
          typeInstance: "whatsapp"
        },
        timestamp: 1588091580,
        idMessage: `GA${id}`,
        senderData: { chatId: "79001234568@c.us", sender: "79001234568@c.us", chatName: "Ann", senderName: "Ann" },
        messageData: { typeMessage: "textMessage", textMessageData: { textMessage: text } }
      }
  }
}

export const pathOf = (platform: Platform): string => {
  switch (platform) {
    case "telegram":
      return "/webhooks/telegram/ch-tg"
    case "greenapi":
      return "/webhooks/greenapi/ch-ga"
    default:
      return `/webhooks/${platform}`
  }
}

/** The platform's auth headers for `raw`, correctly signed (or with `secret` instead of the real one). */
export const authHeaders = (
  platform: Platform,
  raw: string,
  options: { readonly secret?: string; readonly t?: number } = {}
): Record<string, string> => {
  switch (platform) {
    case "whatsapp":
      return { "x-hub-signature-256": `sha256=${hmac(options.secret ?? keys.whatsapp.appSecret, raw)}` }
    case "messenger":
      return { "x-hub-signature-256": `sha256=${hmac(options.secret ?? keys.messenger.appSecret, raw)}` }
    case "telegram":
      return { "x-telegram-bot-api-secret-token": options.secret ?? keys.telegram.secretToken }
    case "tiktok": {
      const t = options.t ?? Math.floor(NOW / 1000)
      return { "tiktok-signature": `t=${t},s=${hmac(options.secret ?? keys.tiktok.clientSecret, `${t}.${raw}`)}` }
    }
    case "greenapi":
      return { authorization: `Bearer ${options.secret ?? keys.greenapi.webhookToken}` }
  }
}

/** POST a signed webhook; `raw` defaults to the JSON of `body`. */
export const deliver = (
  app: ReturnType<typeof makeApp>,
  platform: Platform,
  body: unknown,
  options: { readonly raw?: string; readonly headers?: Record<string, string>; readonly path?: string } = {}
) => {
  const raw = options.raw ?? JSON.stringify(body)
  const headers = options.headers ?? authHeaders(platform, raw)
  return app.request(options.path ?? pathOf(platform), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: raw
  })
}
