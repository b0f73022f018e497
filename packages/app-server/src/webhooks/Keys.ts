import type { ChannelAccount } from "@chatshop/domain"

type J = Readonly<Record<string, unknown>>
const obj = (u: unknown): J | undefined =>
  typeof u === "object" && u !== null && !Array.isArray(u) ? (u as J) : undefined
const arr = (u: unknown): ReadonlyArray<unknown> => (Array.isArray(u) ? u : [])
const id = (u: unknown): string | undefined =>
  typeof u === "number" && Number.isSafeInteger(u) ? String(u) : typeof u === "string" && u !== "" ? u : undefined

export interface AccountRef {
  readonly channel: ChannelAccount.ChannelAccountType
  readonly key: string
}

const distinct = (refs: ReadonlyArray<AccountRef>): ReadonlyArray<AccountRef> => {
  const seen = new Map<string, AccountRef>()
  for (const r of refs) seen.set(`${r.channel}\u0000${r.key}`, r)
  return [...seen.values()]
}

/**
 * The accounts a Meta body is for, read before the signature can be checked (the app secret
 * belongs to the account): WhatsApp `metadata.phone_number_id`, Messenger/Instagram `entry[].id`.
 */
export const metaAccounts = (source: "whatsapp" | "messenger", body: unknown): ReadonlyArray<AccountRef> => {
  const root = obj(body)
  const refs: Array<AccountRef> = []
  if (root === undefined) return refs
  if (source === "whatsapp") {
    for (const entry of arr(root.entry)) {
      for (const change of arr(obj(entry)?.changes)) {
        const key = id(obj(obj(obj(change)?.value)?.metadata)?.phone_number_id)
        if (key !== undefined) refs.push({ channel: "whatsapp", key })
      }
    }
    return distinct(refs)
  }
  const channel = root.object === "page" ? "messenger" : root.object === "instagram" ? "instagram" : undefined
  if (channel === undefined) return refs
  for (const entry of arr(root.entry)) {
    const key = id(obj(entry)?.id)
    if (key !== undefined) refs.push({ channel, key })
  }
  return distinct(refs)
}

/** TikTok's envelope names the business in `user_openid`. */
export const tiktokAccount = (body: unknown): string | undefined => id(obj(body)?.user_openid)
