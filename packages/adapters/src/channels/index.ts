export * as GreenApi from "./greenapi/index.ts"
export * as Messenger from "./messenger/index.ts"
export * as Telegram from "./telegram/index.ts"
export * as TikTok from "./tiktok/index.ts"
export * as WhatsApp from "./whatsapp/index.ts"
export * as Webchat from "./webchat/index.ts"
export * as ChannelMocks from "./testing/index.ts"
export type { ClientOptions, HttpRequest, HttpResponse } from "./shared/Client.ts"
export { parseJson } from "./shared/Json.ts"
export type { DownloadedMedia, MediaClient, PlatformClient, PlatformSend } from "./shared/Platform.ts"
export * from "./shared/RateLimiter.ts"
export * from "./shared/Retry.ts"
export * from "./shared/Split.ts"
export {
  type ChannelCredentials,
  ChannelCredentialsStore,
  type ChannelsConfig,
  credentialsTypeOf,
  layer,
  layerConfig,
  layerTest,
  type MockBaseUrls,
  make as makeChannelSender,
  testConfig
} from "./Sender.ts"
export { InboundMedia, layerInboundMedia, MediaUnavailable, makeInboundMedia } from "./Media.ts"
export { parseWebhook, type WebhookSource } from "./Inbound.ts"
export type {
  BodyKeyed,
  ParsedEvents,
  PathKeyed,
  SecretName,
  WebhookAuth,
  WebhookDescription
} from "./shared/Webhook.ts"
