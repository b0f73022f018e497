import { Schema } from "effect"
import { ChannelAccountId, CustomerId, TenantId, Timestamp } from "../shared/Ids.ts"

/** The kinds of account a shop connects (SPEC §5 `POST /api/v1/channels`). */
export const ChannelAccountType = Schema.Literals([
  "whatsapp",
  "messenger",
  "instagram",
  "telegram",
  "tiktok",
  "greenapi",
  "webchat"
])
export type ChannelAccountType = typeof ChannelAccountType.Type

const Secret = Schema.NonEmptyString

/**
 * The account's secrets, as given by the caller. The port stores them as is: encrypting them at
 * rest (CHATSHOP_SECRET_KEY) is the storage adapter's job, so the domain never sees ciphertext.
 */
export const ChannelSecrets = Schema.Struct({
  /** Meta app secret: signs WhatsApp/Messenger webhooks (X-Hub-Signature-256). */
  appSecret: Schema.optionalKey(Secret),
  /** Bearer token for WhatsApp/Messenger sends; TikTok `Access-Token`. */
  accessToken: Schema.optionalKey(Secret),
  /** Telegram `X-Telegram-Bot-Api-Secret-Token`. */
  secretToken: Schema.optionalKey(Secret),
  /** TikTok client secret: signs webhooks (Tiktok-Signature). */
  clientSecret: Schema.optionalKey(Secret),
  /** GREEN-API webhook `Authorization: Bearer` token. */
  webhookToken: Schema.optionalKey(Secret),
  botToken: Schema.optionalKey(Secret),
  apiTokenInstance: Schema.optionalKey(Secret)
})
export type ChannelSecrets = typeof ChannelSecrets.Type

export const ChannelAccount = Schema.Struct({
  id: ChannelAccountId,
  tenantId: TenantId,
  type: ChannelAccountType,
  /** WhatsApp Cloud `metadata.phone_number_id`. */
  phoneNumberId: Schema.optionalKey(Schema.NonEmptyString),
  /** Messenger page id (or, for an `instagram` account, the IG account id): `entry[].id`. */
  pageId: Schema.optionalKey(Schema.NonEmptyString),
  /** The Instagram account linked to a Messenger page, when the page also answers Instagram DMs. */
  instagramAccountId: Schema.optionalKey(Schema.NonEmptyString),
  /** Telegram bot id (the digits before ':' in the bot token). */
  botAccountId: Schema.optionalKey(Schema.NonEmptyString),
  /** TikTok business id (`user_openid` of the business). */
  businessId: Schema.optionalKey(Schema.NonEmptyString),
  /** GREEN-API instance id. */
  idInstance: Schema.optionalKey(Schema.NonEmptyString),
  /** Meta webhook verification `hub.verify_token`. */
  verifyToken: Schema.optionalKey(Schema.NonEmptyString),
  secrets: ChannelSecrets,
  /** Customer ids (on this channel) of the shop's managers: they may send manager commands. */
  managers: Schema.Array(CustomerId),
  createdAt: Timestamp
})
export type ChannelAccount = typeof ChannelAccount.Type

/** What `create` takes; the repository stamps `createdAt`. */
export type NewChannelAccount = Omit<ChannelAccount, "createdAt">

/** A (channel, key) pair a webhook finds its account by. */
export interface LookupKey {
  readonly channel: ChannelAccountType
  readonly key: string
}

/**
 * Every key this account answers to (SPEC §5 "tenant found by"). Routes with the account in the
 * path (Telegram, GREEN-API, web chat) use our own id; the platform's id works there too.
 */
export const lookupKeys = (account: NewChannelAccount): ReadonlyArray<LookupKey> => {
  const keys: Array<LookupKey> = []
  const add = (channel: ChannelAccountType, key: string | undefined) => {
    if (key !== undefined) keys.push({ channel, key })
  }
  switch (account.type) {
    case "whatsapp":
      add("whatsapp", account.phoneNumberId)
      break
    case "messenger":
      add("messenger", account.pageId)
      add("instagram", account.instagramAccountId)
      break
    case "instagram":
      add("instagram", account.pageId)
      break
    case "telegram":
      add("telegram", account.id)
      add("telegram", account.botAccountId)
      break
    case "tiktok":
      add("tiktok", account.businessId)
      break
    case "greenapi":
      add("greenapi", account.id)
      add("greenapi", account.idInstance)
      break
    case "webchat":
      add("webchat", account.id)
      break
  }
  return keys
}

/** The fields each type needs before it can receive or send (the admin API answers 422 without them). */
export const requiredFields: Readonly<Record<ChannelAccountType, ReadonlyArray<string>>> = {
  whatsapp: ["phoneNumberId", "accessToken", "appSecret", "verifyToken"],
  messenger: ["pageId", "accessToken", "appSecret", "verifyToken"],
  instagram: ["pageId", "accessToken", "appSecret", "verifyToken"],
  telegram: ["botToken", "secretToken"],
  tiktok: ["businessId", "accessToken", "clientSecret"],
  greenapi: ["idInstance", "apiTokenInstance", "webhookToken"],
  webchat: []
}

/** Names of required fields the account lacks (top-level or among its secrets). */
export const missingFields = (account: NewChannelAccount): ReadonlyArray<string> =>
  requiredFields[account.type].filter((field) => {
    const top = (account as Record<string, unknown>)[field]
    const secret = (account.secrets as Record<string, unknown>)[field]
    return top === undefined && secret === undefined
  })

/** The bot id Telegram puts before ':' in a bot token ("123456:ABC…" → "123456"). */
export const telegramBotId = (botToken: string): string | undefined => {
  const match = /^(\d+):/.exec(botToken)
  return match?.[1]
}

/** The account without its secrets: what the admin API may show. */
/** What the admin API may show: no secrets, and no verify token (it proves webhook ownership). */
export const publicView = (account: ChannelAccount) => {
  const { secrets: _secrets, verifyToken: _verifyToken, ...rest } = account
  return rest
}
