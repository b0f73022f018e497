import { Effect } from "effect"
import type { ChannelsConfig } from "../channels/Sender.ts"
import { type ConfigInvalid, url } from "./Read.ts"

/** The platforms' API base URLs; an unset one is the real platform. */
export interface ChannelBaseUrls {
  readonly whatsapp?: string
  readonly messenger?: string
  readonly telegram?: string
  readonly tiktok?: string
  readonly greenapi?: string
}

const channelVariables = [
  ["whatsapp", "WHATSAPP_API_BASE_URL"],
  ["messenger", "MESSENGER_API_BASE_URL"],
  ["telegram", "TELEGRAM_API_BASE_URL"],
  ["tiktok", "TIKTOK_API_BASE_URL"],
  ["greenapi", "GREENAPI_API_BASE_URL"]
] as const

/**
 * WHATSAPP_API_BASE_URL, MESSENGER_…, TELEGRAM_…, TIKTOK_…, GREENAPI_… (tests point them at mock
 * servers): read once into the one record every channel client is built from (`channelsConfig`).
 */
export const channelBaseUrls: Effect.Effect<ChannelBaseUrls, ConfigInvalid> = Effect.gen(function* () {
  const urls: { -readonly [K in keyof ChannelBaseUrls]: string } = {}
  for (const [channel, variable] of channelVariables) {
    const value = yield* url(variable)
    if (value !== undefined) urls[channel] = value
  }
  return urls
})

/** The channel clients' options: each set base URL replaces the real platform's. */
export const channelsConfig = (urls: ChannelBaseUrls): ChannelsConfig => ({
  ...(urls.whatsapp === undefined ? {} : { whatsapp: { baseUrl: urls.whatsapp } }),
  ...(urls.messenger === undefined ? {} : { messenger: { baseUrl: urls.messenger } }),
  ...(urls.telegram === undefined ? {} : { telegram: { baseUrl: urls.telegram } }),
  ...(urls.tiktok === undefined ? {} : { tiktok: { baseUrl: urls.tiktok } }),
  ...(urls.greenapi === undefined ? {} : { greenapi: { baseUrl: urls.greenapi } })
})
