import { Schema } from "effect"

/** Every channel chatshop speaks. GREEN-API is WhatsApp through an unofficial gateway. */
export const Channel = Schema.Literals([
  "whatsapp",
  "greenapi",
  "messenger",
  "instagram",
  "telegram",
  "tiktok",
  "webchat"
])
export type Channel = typeof Channel.Type

export const channels: ReadonlyArray<Channel> = Channel.literals
