import type { ChannelAccountId, TenantId } from "@chatshop/domain"
import { Context, Effect, Layer, Schema } from "effect"
import { type ChannelsConfig, ChannelCredentialsStore } from "./Sender.ts"
import type { DownloadedMedia } from "./shared/Platform.ts"
import * as Telegram from "./telegram/Client.ts"
import * as WhatsApp from "./whatsapp/Client.ts"

/** The file could not be fetched (unknown account, platform error, a channel that sends links instead). */
export class MediaUnavailable extends Schema.TaggedError<MediaUnavailable>()("MediaUnavailable", {
  reason: Schema.String
}) {}

/**
 * What customers send by media id, fetched from the platform with the account's credentials:
 * WhatsApp media ids and Telegram file ids (Messenger, TikTok, GREEN-API and the web chat give
 * links, read as they are). The worker hands the bytes of a payment screenshot to the vision port.
 */
export class InboundMedia extends Context.Service<
  InboundMedia,
  {
    readonly fetch: (
      tenantId: TenantId,
      accountId: ChannelAccountId,
      mediaId: string
    ) => Effect.Effect<DownloadedMedia, MediaUnavailable>
  }
>()("@chatshop/adapters/channels/InboundMedia") {}

const unavailable = (e: { readonly message: string }) => new MediaUnavailable({ reason: e.message })

export const makeInboundMedia = (config: ChannelsConfig = {}) =>
  Effect.gen(function* () {
    const store = yield* ChannelCredentialsStore
    const whatsapp = WhatsApp.make({ baseUrl: WhatsApp.defaultBaseUrl, ...config.whatsapp })
    const telegram = Telegram.make({ baseUrl: Telegram.defaultBaseUrl, ...config.telegram })
    return InboundMedia.of({
      fetch: (tenantId, accountId, mediaId) =>
        Effect.gen(function* () {
          const credentials = yield* store
            .get(tenantId, accountId)
            .pipe(Effect.mapError((e) => new MediaUnavailable({ reason: `no credentials for ${e.entity} ${e.id}` })))
          switch (credentials.type) {
            case "whatsapp":
              return yield* whatsapp.download(credentials, mediaId).pipe(Effect.mapError(unavailable))
            case "telegram":
              return yield* telegram.download(credentials, mediaId).pipe(Effect.mapError(unavailable))
            default:
              return yield* new MediaUnavailable({ reason: `${credentials.type} media arrive as links` })
          }
        })
    })
  })

/** InboundMedia for every platform with `config` (base URLs as the sender's); needs the credentials store. */
export const layerInboundMedia = (
  config: ChannelsConfig = {}
): Layer.Layer<InboundMedia, never, ChannelCredentialsStore> => Layer.effect(InboundMedia, makeInboundMedia(config))
