export * as GreenApi from "./greenapi/index.ts"
export * as Messenger from "./messenger/index.ts"
export * as Telegram from "./telegram/index.ts"
export * as TikTok from "./tiktok/index.ts"
export * as WhatsApp from "./whatsapp/index.ts"
export * as Webchat from "./webchat/index.ts"
export * as ChannelMocks from "./testing/index.ts"
export type { ClientOptions, HttpRequest, HttpResponse } from "./shared/Client.ts"
export { parseJson } from "./shared/Json.ts"
export type { PlatformClient, PlatformSend } from "./shared/Platform.ts"
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
  make as makeChannelSender
} from "./Sender.ts"
export { parseWebhook, type WebhookSource } from "./Inbound.ts"
