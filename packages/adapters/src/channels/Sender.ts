import {
  type Channel,
  type ChannelAccountId,
  ChannelSender,
  NotFound,
  PermanentSendError,
  type SendRequest,
  type TenantId
} from "@chatshop/domain"
import { Context, Effect, Layer } from "effect"
import { channelBaseUrls, channelsConfig } from "../config/Channels.ts"
import type { ConfigInvalid } from "../config/Read.ts"
import * as GreenApi from "./greenapi/Client.ts"
import * as Messenger from "./messenger/Client.ts"
import type { ClientOptions } from "./shared/Client.ts"
import type { PlatformSend } from "./shared/Platform.ts"
import * as Telegram from "./telegram/Client.ts"
import * as TikTok from "./tiktok/Client.ts"
import { WebchatHub } from "./webchat/Hub.ts"
import * as WhatsApp from "./whatsapp/Client.ts"

/** Decrypted secrets of one channel account, shaped like the `POST /api/v1/channels` bodies (SPEC §5). */
export type ChannelCredentials =
  | ({ readonly type: "whatsapp" } & WhatsApp.WhatsAppCredentials)
  | ({ readonly type: "messenger" } & Messenger.MessengerCredentials)
  | ({ readonly type: "telegram" } & Telegram.TelegramCredentials)
  | ({ readonly type: "tiktok" } & TikTok.TikTokCredentials)
  | ({ readonly type: "greenapi" } & GreenApi.GreenApiCredentials)
  | { readonly type: "webchat" }

/**
 * Where the sender finds an account's credentials. The app implements it over its channel account
 * repository (decrypting with CHATSHOP_SECRET_KEY); jobs carry only the account id, never secrets.
 */
export class ChannelCredentialsStore extends Context.Service<
  ChannelCredentialsStore,
  { readonly get: (tenantId: TenantId, accountId: ChannelAccountId) => Effect.Effect<ChannelCredentials, NotFound> }
>()("@chatshop/adapters/channels/ChannelCredentialsStore") {
  /** A fixed set of accounts, for tests and examples. */
  static readonly layerMemory = (
    accounts: ReadonlyArray<{
      readonly tenantId: string
      readonly accountId: string
      readonly credentials: ChannelCredentials
    }>
  ): Layer.Layer<ChannelCredentialsStore> =>
    Layer.effect(
      ChannelCredentialsStore,
      Effect.sync(() => {
        const byKey = new Map(accounts.map((a) => [`${a.tenantId}\u0000${a.accountId}`, a.credentials]))
        return ChannelCredentialsStore.of({
          get: (tenantId, accountId) => {
            const found = byKey.get(`${tenantId}\u0000${accountId}`)
            return found === undefined
              ? Effect.fail(new NotFound({ entity: "channel account", id: accountId }))
              : Effect.succeed(found)
          }
        })
      })
    )
}

type Options<O extends ClientOptions> = Partial<O>

/** Per-platform client options; `baseUrl` defaults to the real platform (SPEC §2). */
export interface ChannelsConfig {
  readonly whatsapp?: Options<WhatsApp.WhatsAppOptions>
  readonly messenger?: Options<ClientOptions>
  readonly telegram?: Options<ClientOptions>
  readonly tiktok?: Options<TikTok.TikTokOptions>
  readonly greenapi?: Options<ClientOptions>
}

/** The credentials type each channel needs (Instagram goes through the Messenger Send API). */
export const credentialsTypeOf = (channel: Channel): ChannelCredentials["type"] =>
  channel === "instagram" ? "messenger" : channel

const mismatch = (channel: Channel, type: string) =>
  new PermanentSendError({
    channel,
    code: "credentials_mismatch",
    reason: "unauthorized",
    message: `account has ${type} credentials, not ${credentialsTypeOf(channel)}`,
    sentMessageIds: []
  })

/** The ChannelSender over every platform client, dispatching on the request's channel. */
export const make = (config: ChannelsConfig = {}) =>
  Effect.gen(function* () {
    const store = yield* ChannelCredentialsStore
    const hub = yield* WebchatHub
    const whatsapp = WhatsApp.make({ baseUrl: WhatsApp.defaultBaseUrl, ...config.whatsapp })
    const messenger = Messenger.make({ baseUrl: Messenger.defaultBaseUrl, ...config.messenger })
    const telegram = Telegram.make({ baseUrl: Telegram.defaultBaseUrl, ...config.telegram })
    const tiktok = TikTok.make({ baseUrl: TikTok.defaultBaseUrl, ...config.tiktok })
    const greenapi = GreenApi.make({ baseUrl: GreenApi.defaultBaseUrl, ...config.greenapi })

    const send = (request: SendRequest) =>
      Effect.gen(function* () {
        const credentials = yield* store.get(request.tenantId, request.accountId).pipe(
          Effect.mapError(
            (e) =>
              new PermanentSendError({
                channel: request.channel,
                code: "credentials_missing",
                reason: "unauthorized",
                message: `no credentials for ${e.entity} ${e.id}`,
                sentMessageIds: []
              })
          )
        )
        const platform: PlatformSend = {
          recipient: request.recipient,
          message: request.message,
          sender: request.sender,
          channel: request.channel,
          ...(request.tag === undefined ? {} : { tag: request.tag }),
          ...(request.lastInboundAt === undefined ? {} : { lastInboundAt: request.lastInboundAt }),
          ...(request.skipParts === undefined ? {} : { skipParts: request.skipParts })
        }
        if (credentials.type !== credentialsTypeOf(request.channel))
          return yield* Effect.fail(mismatch(request.channel, credentials.type))
        switch (credentials.type) {
          case "whatsapp":
            return yield* whatsapp.send(credentials, platform)
          case "messenger":
            return yield* messenger.send(credentials, platform)
          case "telegram":
            return yield* telegram.send(credentials, platform)
          case "tiktok":
            return yield* tiktok.send(credentials, platform)
          case "greenapi":
            return yield* greenapi.send(credentials, platform)
          case "webchat": {
            if (request.message._tag === "AnswerCallback") return { platformMessageIds: [] }
            const delivery = yield* hub.publish(request.tenantId, request.recipient, request.message)
            return { platformMessageIds: [delivery.id] }
          }
        }
      })
    return ChannelSender.of({ send })
  })

/** ChannelSender for every platform with `config`; needs the credentials store and the web chat hub. */
export const layer = (
  config: ChannelsConfig = {}
): Layer.Layer<ChannelSender, never, ChannelCredentialsStore | WebchatHub> => Layer.effect(ChannelSender, make(config))

/** Base URLs from `WHATSAPP_API_BASE_URL`, `MESSENGER_API_BASE_URL`, … (SPEC §2), real platforms by default. */
export const layerConfig: Layer.Layer<ChannelSender, ConfigInvalid, ChannelCredentialsStore | WebchatHub> =
  Layer.effect(
    ChannelSender,
    Effect.flatMap(channelBaseUrls, (urls) => make(channelsConfig(urls)))
  )

export type MockBaseUrls = Partial<Record<"whatsapp" | "messenger" | "telegram" | "tiktok" | "greenapi", string>>

/** Every platform pointed at one mock base URL per channel, with limits off and millisecond retries. */
export const testConfig = (baseUrls: MockBaseUrls): ChannelsConfig => {
  const fast = (baseUrl: string | undefined) =>
    baseUrl === undefined ? {} : { baseUrl, perRecipient: null, global: null, retry: { baseDelayMs: 1, maxDelayMs: 5 } }
  return {
    whatsapp: fast(baseUrls.whatsapp),
    messenger: fast(baseUrls.messenger),
    telegram: fast(baseUrls.telegram),
    tiktok: fast(baseUrls.tiktok),
    greenapi: fast(baseUrls.greenapi)
  }
}

/** The sender with `testConfig` — for e2e tests of the server and worker against `ChannelMocks`. */
export const layerTest = (
  baseUrls: MockBaseUrls
): Layer.Layer<ChannelSender, never, ChannelCredentialsStore | WebchatHub> => layer(testConfig(baseUrls))
