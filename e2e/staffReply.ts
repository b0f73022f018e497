// A staff reply over real processes: after a customer's first answer the shop takes the conversation
// over through the admin API and replies; the reply reaches the mock platform once, as the platform
// expects it, and the bot stays silent until the handback. `baseUrl` picks the server each call goes
// to (production tests alternate between two).
import { Effect, Layer } from "effect"
import { assert } from "vitest"
import type { ChannelMocks } from "../packages/adapters/src/channels/index.ts"
import { layerDb, OutboxSql } from "../packages/adapters/src/postgres/index.ts"
import { Outbox, OutboxId, outboxIdOf, TenantId } from "@chatshop/domain"
import {
  customer,
  eventually,
  type Platforms,
  type Shop,
  telegramTexts,
  telegramWebhook,
  whatsappTexts,
  whatsappWebhook
} from "./harness.ts"

interface MessageJson {
  readonly id: string
  readonly direction: "in" | "out"
  readonly sender: "customer" | "bot" | "human"
  readonly platformMessageId: string | null
}

/** The status of a recorded message's outbox row, read from the database (production only). */
export type RowStatus = (tenantId: string, messageId: string) => Promise<string>

/** Reads outbox rows straight from PostgreSQL, as the sender left them. */
export const outboxRowStatus =
  (url: string): RowStatus =>
  (tenantId, messageId) =>
    Effect.runPromise(
      Outbox.use((o) => o.get(TenantId.make(tenantId), OutboxId.make(outboxIdOf(messageId)))).pipe(
        Effect.map((row) => row.status),
        Effect.provide(OutboxSql.layer.pipe(Layer.provide(layerDb({ url, poolSize: 1 }))))
      )
    )

/** One customer on one channel, as the staff-reply flow drives them. */
interface Line {
  readonly id: string
  readonly write: (text: string) => Promise<void>
  /** What the customer saw at the mock platform, in order. */
  readonly seen: () => ReadonlyArray<string>
  /** The platform requests that delivered `text` to this customer. */
  readonly sends: (text: string) => ReadonlyArray<ChannelMocks.RecordedRequest>
  /** Asserts `request` is the send the platform's API expects for `text`. */
  readonly expectSend: (request: ChannelMocks.RecordedRequest, text: string) => void
  /** The shape of the id the platform gives a sent message. */
  readonly platformId: RegExp
  readonly ask: string
  readonly waiting: string
  readonly reply: string
}

const staffReply = async (shop: Shop, line: Line, rowStatus?: RowStatus) => {
  const first = customer(shop, line.id, line.write, undefined, line.seen)
  await first.say(line.ask)
  const [conversation] = await shop.api.get<ReadonlyArray<{ id: string }>>(
    `/api/v1/conversations?customer=${encodeURIComponent(line.id)}`
  )
  const path = `/api/v1/conversations/${conversation!.id}`
  const messages = () => shop.api.get<ReadonlyArray<MessageJson>>(`${path}/messages`)
  const answered = (await messages()).length
  const handedOff = await shop.api.post<{ owner: string }>(`${path}/handoff`, { on: true })
  assert.strictEqual(handedOff.owner, "human")

  const before = line.seen().length
  await line.write(line.waiting)
  await eventually("the customer's message under the handoff recorded", async () =>
    (await messages()).filter((m) => m.direction === "in").length === 2 ? true : undefined
  )
  const posted = await shop.api.send<{ id: string; sender: string }>("POST", `${path}/messages`, {
    text: line.reply
  })
  assert.strictEqual(posted.status, 201, posted.text)
  const [sent] = await eventually("the staff reply at the platform", async () => {
    const sends = line.sends(line.reply)
    return sends.length > 0 ? sends : undefined
  })
  line.expectSend(sent!, line.reply)
  // Nobody wakes the worker for it: its sender finds the row, sends it, marks it sent, then stamps
  // the platform's id on the message.
  const stamped = await eventually("the platform's id on the staff reply", async () => {
    const message = (await messages()).find((m) => m.id === posted.json.id)
    return message?.platformMessageId ?? undefined
  })
  assert.match(stamped, line.platformId)
  if (rowStatus !== undefined) assert.strictEqual(await rowStatus(shop.tenantId, posted.json.id), "sent")

  // The handback, then a message the bot answers: turns run oldest first, so by that answer the
  // turn of the message under the handoff is over and anything it sent would have been seen.
  const atHandback = line.seen().length
  await shop.api.post(`${path}/handoff`, { on: false })
  await line.write(line.ask)
  await eventually("the bot's answer after the handback", async () =>
    line.seen().length > atHandback ? true : undefined
  )
  assert.deepStrictEqual(line.seen().slice(before, atHandback), [line.reply], "only the staff reply under the handoff")
  assert.strictEqual(line.sends(line.reply).length, 1, "the staff reply is sent once")
  const after = (await messages()).slice(answered).map((m) => m.sender)
  assert.deepStrictEqual(after.slice(0, 3), ["customer", "human", "customer"])
  assert.include(after.slice(3), "bot")
}

/** The accepted sends at `mock` to `recipient` whose text (read by `textOf`) is `text`. */
const sendsTo =
  <J>(
    mock: ChannelMocks.MockPlatform,
    recipient: string,
    recipientOf: (json: J) => unknown,
    textOf: (json: J) => unknown
  ) =>
  (text: string) =>
    mock.delivered().filter((r) => String(recipientOf(r.json as J)) === recipient && textOf(r.json as J) === text)

type WhatsAppText = { readonly to?: string; readonly text?: { readonly body?: string } }
type TelegramText = { readonly chat_id?: string | number; readonly text?: string }

/** An English customer on WhatsApp. */
export const whatsappStaffReply = (baseUrl: () => string, shop: Shop, platforms: Platforms, rowStatus?: RowStatus) => {
  const phone = `7702${String(Math.floor(Math.random() * 10_000_000)).padStart(7, "0")}`
  const { phoneNumberId, accessToken } = shop.secrets.whatsapp
  return staffReply(
    shop,
    {
      id: phone,
      write: (text) => whatsappWebhook(baseUrl(), shop, phone, { type: "text", text: { body: text } }),
      seen: () => whatsappTexts(platforms.whatsapp, phone),
      sends: sendsTo(
        platforms.whatsapp,
        phone,
        (json: WhatsAppText) => json?.to,
        (json: WhatsAppText) => json?.text?.body
      ),
      expectSend: (request, text) => {
        assert.strictEqual(request.path, `/${phoneNumberId}/messages`)
        assert.strictEqual(request.headers.authorization, `Bearer ${accessToken}`)
        assert.deepStrictEqual(request.json, {
          messaging_product: "whatsapp",
          recipient_type: "individual",
          to: phone,
          type: "text",
          text: { preview_url: false, body: text }
        })
      },
      platformId: /^wamid\./,
      ask: "Do you have chelsea boots?",
      waiting: "ok, I'll wait for a person",
      reply: `Hi, this is Anna from Demo Shoes: size 39 is in stock (${phone}).`
    },
    rowStatus
  )
}

/** A Russian customer on Telegram. */
export const telegramStaffReply = (baseUrl: () => string, shop: Shop, platforms: Platforms, rowStatus?: RowStatus) => {
  const chat = 600_000_000 + Math.floor(Math.random() * 100_000_000)
  return staffReply(
    shop,
    {
      id: String(chat),
      write: (text) => telegramWebhook(baseUrl(), shop, chat, text),
      seen: () => telegramTexts(platforms.telegram, chat),
      sends: sendsTo(
        platforms.telegram,
        String(chat),
        (json: TelegramText) => json?.chat_id,
        (json: TelegramText) => json?.text
      ),
      expectSend: (request, text) => {
        assert.strictEqual(request.path, `/bot${shop.secrets.telegram.botToken}/sendMessage`)
        assert.deepStrictEqual(request.json, { chat_id: String(chat), text })
      },
      platformId: new RegExp(`^${chat}:\\d+$`),
      ask: "Есть ботинки челси?",
      waiting: "хорошо, подожду",
      reply: `Здравствуйте, это Анна из Demo Shoes: 40-й размер есть (${chat}).`
    },
    rowStatus
  )
}
