// End-to-end harness (issue 5 acceptance 1): chatshop as real processes — the embedded launcher, or
// production servers and workers on PostgreSQL + Redis — driven only from outside: the admin API
// over HTTP, signed platform webhooks in, and replies read at mock platform APIs.
import { createHmac, randomBytes } from "node:crypto"
import { ChannelMocks } from "../packages/adapters/src/channels/index.ts"
import { sleep } from "./processes.ts"

// The process helpers, for the benches that start chatshop the same way.
export { type Proc, root, sleep, spawnNode } from "./processes.ts"

/** Polls `f` until it returns a value other than undefined. */
export const eventually = async <A>(what: string, f: () => Promise<A | undefined>, timeoutMs = 60_000): Promise<A> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await f()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(150)
  }
}

/** A JSON client for one base URL and bearer token; non-2xx answers throw with the body (`send` returns them). */
export const api = (baseUrl: string, token: string) => {
  const send = async <A>(method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    const text = await response.text()
    const json = (response.ok && text !== "" ? JSON.parse(text) : undefined) as A
    return { ok: response.ok, status: response.status, text, json }
  }
  const call = async <A>(method: string, path: string, body?: unknown): Promise<A> => {
    const answer = await send<A>(method, path, body)
    if (!answer.ok) throw new Error(`${method} ${path} → ${answer.status} ${answer.text}`)
    return answer.json
  }
  return {
    send,
    get: <A>(path: string) => call<A>("GET", path),
    post: <A>(path: string, body?: unknown) => call<A>("POST", path, body),
    patch: <A>(path: string, body?: unknown) => call<A>("PATCH", path, body)
  }
}
export type Api = ReturnType<typeof api>

/** The channel secrets one test shop uses, unique per run so shops never collide in a shared database. */
export const shopSecrets = () => {
  const run = randomBytes(4).toString("hex")
  const botId = 100_000 + Math.floor(Math.random() * 800_000)
  return {
    whatsapp: {
      phoneNumberId: `1065${Date.now() % 10_000_000}${Math.floor(Math.random() * 1000)}`,
      accessToken: `wa-token-${run}`,
      appSecret: `wa-secret-${run}`,
      verifyToken: `wa-verify-${run}`
    },
    telegram: { botToken: `${botId}:AAH${run}${randomBytes(8).toString("hex")}`, secretToken: `tg-secret-${run}` }
  }
}
export type ShopSecrets = ReturnType<typeof shopSecrets>

export interface Shop {
  readonly tenantId: string
  readonly api: Api
  readonly telegramAccountId: string
  readonly secrets: ShopSecrets
}

/**
 * A shop set up as a merchant would, over the admin API: the shop, its WhatsApp number and Telegram
 * bot, and Chelsea boots in one colour and three sizes.
 */
export const createShop = async (baseUrl: string, adminToken: string): Promise<Shop> => {
  const secrets = shopSecrets()
  const created = await api(baseUrl, adminToken).post<{ id: string; apiKey: string }>("/api/v1/tenants", {
    name: "Demo Shoes",
    timezone: "Asia/Almaty",
    currency: "USD"
  })
  const shop = api(baseUrl, created.apiKey)
  await shop.patch("/api/v1/shop", { burstDebounceMs: 50 })
  await shop.post("/api/v1/channels", { type: "whatsapp", ...secrets.whatsapp })
  const telegram = await shop.post<{ id: string }>("/api/v1/channels", { type: "telegram", ...secrets.telegram })
  await shop.post("/api/v1/products", {
    title: "Chelsea boots",
    category: "shoes",
    description: "Black leather Chelsea boots",
    price: { amount: "120.00", currency: "USD" },
    variants: ["38", "39", "40"].map((size) => ({ sku: `boots-${size}`, options: { size, color: "Black" }, stock: 3 }))
  })
  return { tenantId: created.id, api: shop, telegramAccountId: telegram.id, secrets }
}

let sequence = 0
const nextId = () => `${Date.now()}${++sequence}`

const post = async (url: string, raw: string, headers: Record<string, string>) => {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: raw
  })
  if (response.status !== 200) throw new Error(`webhook ${url} → ${response.status} ${await response.text()}`)
}

/** A WhatsApp Cloud webhook with one customer message, signed with the shop's app secret. */
export const whatsappWebhook = (baseUrl: string, shop: Shop, from: string, message: Record<string, unknown>) => {
  const raw = JSON.stringify(
    ChannelMocks.whatsappInbound({
      phoneNumberId: shop.secrets.whatsapp.phoneNumberId,
      from,
      id: `wamid.${nextId()}`,
      timestamp: Math.floor(Date.now() / 1000),
      message
    })
  )
  const signature = createHmac("sha256", shop.secrets.whatsapp.appSecret).update(raw).digest("hex")
  return post(`${baseUrl}/webhooks/whatsapp`, raw, { "x-hub-signature-256": `sha256=${signature}` })
}

/** A Telegram update with one text message from a private chat, with the bot's secret token. */
export const telegramWebhook = (baseUrl: string, shop: Shop, chat: number, text: string) => {
  const id = Number(nextId().slice(-9))
  const raw = JSON.stringify({
    update_id: id,
    message: {
      message_id: id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chat, type: "private", first_name: "Анна" },
      from: { id: chat, is_bot: false, first_name: "Анна", language_code: "ru" },
      text
    }
  })
  return post(`${baseUrl}/webhooks/telegram/${shop.telegramAccountId}`, raw, {
    "x-telegram-bot-api-secret-token": shop.secrets.telegram.secretToken
  })
}

/** What the customer saw at the mock platform, in order (texts, and images as "[image] url"). */
export const whatsappTexts = (mock: ChannelMocks.MockPlatform, to: string) =>
  mock.delivered().flatMap((r) => {
    const body = r.json as {
      to?: string
      type?: string
      text?: { body?: string }
      interactive?: { body?: { text?: string } }
      image?: { link?: string; caption?: string }
    }
    if (body?.to !== to) return []
    if (body.type === "text") return [body.text?.body ?? ""]
    if (body.type === "interactive") return [body.interactive?.body?.text ?? ""]
    return [[`[image] ${body.image?.link ?? ""}`, body.image?.caption ?? ""].join("\n").trim()]
  })

export const telegramTexts = (mock: ChannelMocks.MockPlatform, chat: number) =>
  mock.delivered().flatMap((r) => {
    const body = r.json as { chat_id?: string | number; text?: string; caption?: string; photo?: string }
    if (String(body?.chat_id) !== String(chat)) return []
    return [body.text ?? body.caption ?? `[image] ${body.photo ?? ""}`]
  })

interface MessageJson {
  readonly direction: "in" | "out"
  readonly platformMessageId: string | null
}

/**
 * A turn is over when the shop recorded all `inbound` customer messages, recorded its replies to the
 * last one, and every reply was delivered (a reply gets its platform id once the platform accepted
 * it). The worker adds a turn's outbox rows before it records the replies in the conversation, so
 * the first reply can reach the platform before the others are recorded: "no undelivered reply"
 * alone would end the turn too early.
 */
const settled = async (shop: Shop, customer: string, inbound: number) => {
  const [conversation] = await shop.api.get<ReadonlyArray<{ id: string }>>(
    `/api/v1/conversations?customer=${encodeURIComponent(customer)}`
  )
  if (conversation === undefined) return undefined
  const messages = await shop.api.get<ReadonlyArray<MessageJson>>(`/api/v1/conversations/${conversation.id}/messages`)
  const received = messages.filter((m) => m.direction === "in").length
  const lastIn = messages.map((m) => m.direction).lastIndexOf("in")
  const replies = messages.slice(lastIn + 1).filter((m) => m.direction === "out").length
  const undelivered = messages.filter((m) => m.direction === "out" && m.platformMessageId === null).length
  return received === inbound && replies > 0 && undelivered === 0 ? true : undefined
}

/**
 * A customer on one channel: `say` sends a message through the webhook and returns every reply the
 * platform received for it, once the turn is settled.
 */
export const customer = (
  shop: Shop,
  id: string,
  send: (text: string) => Promise<void>,
  sendImage: (() => Promise<void>) | undefined,
  seen: () => ReadonlyArray<string>
) => {
  let inbound = 0
  let shown = 0
  const turn = async (what: string, deliver: () => Promise<void>) => {
    await deliver()
    inbound += 1
    await eventually(`a reply to ${what}`, async () => (seen().length > shown ? true : undefined), 90_000)
    await eventually(`${what} settled`, () => settled(shop, id, inbound), 90_000)
    const all = seen()
    const replies = all.slice(shown)
    shown = all.length
    return replies.join("\n")
  }
  return {
    say: (text: string) => turn(`"${text}"`, () => send(text)),
    sendScreenshot: () => {
      if (sendImage === undefined) throw new Error("this channel sends no images here")
      return turn("the screenshot", sendImage)
    }
  }
}

/** Mock WhatsApp and Telegram APIs (real HTTP servers speaking each platform's protocol). */
export const startPlatforms = async () => {
  const whatsapp = await ChannelMocks.startMockPlatform(ChannelMocks.whatsapp)
  const telegram = await ChannelMocks.startMockPlatform(ChannelMocks.telegram)
  return {
    whatsapp,
    telegram,
    env: { WHATSAPP_API_BASE_URL: whatsapp.url, TELEGRAM_API_BASE_URL: telegram.url },
    close: async () => {
      await whatsapp.close()
      await telegram.close()
    }
  }
}

export type Platforms = Awaited<ReturnType<typeof startPlatforms>>

/** Reads a server-sent-events stream into `text` as it arrives (until `abort`). */
export const openStream = async (url: string) => {
  const abort = new AbortController()
  const response = await fetch(url, { signal: abort.signal })
  if (response.status !== 200) throw new Error(`${url} → ${response.status}`)
  const stream = { text: "", abort: () => abort.abort() }
  const reader = response.body?.getReader()
  const decoder = new TextDecoder()
  void (async () => {
    while (reader !== undefined) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }))
      if (chunk.done) return
      stream.text += decoder.decode(chunk.value, { stream: true })
    }
  })()
  return stream
}
