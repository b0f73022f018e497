// SPEC §5 `GET /dashboard` in a real headless Chromium: a conversation is taken over, handed back and
// answered by a person, and that reply reaches the customer (SPEC §9 item 9): the worker's outbox
// sender runs beside the server and delivers it to a mock WhatsApp Cloud API, once, as the platform
// expects it. Markup in the customer's message shows as text. (Orders, stock, keys:
// dashboard.orders.browser.test.ts.)
import {
  ChannelAccountId,
  Conversation,
  CustomerId,
  MessageId,
  Outbox,
  OutboxId,
  outboxIdOf,
  type TenantId,
  timestamp
} from "@chatshop/domain"
import { Effect } from "effect"
import type { Locator } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { apiOf, type Dashboard, type Json, openDashboard, seenOn, signIn } from "./dashboardBrowser.ts"
import { ADMIN } from "./harness.ts"

let d: Dashboard
const shop = { id: "" as TenantId, owner: "", conversation: "" }
const whatsapp = { phoneNumberId: "wa-dashboard", accessToken: "wa-dashboard-token" }
const customer = "15551234567"

// Markup in messages must show as text (and never run).
const customerText = '<img src=x id="injected"> do you have these in 38?'
const reply = "Hi, this is Anna from the shop: yes, 38 is in stock."

const call = (key: string, method: string, path: string, body?: unknown) => apiOf(d.base)(key, method, path, body)

beforeAll(async () => {
  d = await openDashboard()
  const created = await call(ADMIN, "POST", "/tenants", { name: "Boot Corner", currency: "USD" })
  shop.id = created.id
  shop.owner = created.apiKey
  const channel = await call(shop.owner, "POST", "/channels", {
    type: "whatsapp",
    ...whatsapp,
    appSecret: "wa-dashboard-secret",
    verifyToken: "wa-dashboard-verify"
  })
  // The customer wrote just now: WhatsApp's 24-hour window is open for the reply.
  const conversation = await d.h.runtime.runPromise(
    Conversation.ConversationRepository.use((r) =>
      r
        .getOrCreate(shop.id, {
          channel: "whatsapp",
          channelAccountId: ChannelAccountId.make(channel.id),
          customerId: CustomerId.make(customer)
        })
        .pipe(
          Effect.flatMap((c) =>
            r.update(
              shop.id,
              c.id,
              Conversation.execute({
                _tag: "ReceiveCustomerMessage",
                messageId: MessageId.make("msg-in-1"),
                text: customerText,
                platformMessageId: "wamid.1",
                at: timestamp(Date.now())
              })
            )
          )
        )
    )
  )
  shop.conversation = conversation.state.id
  await d.page.goto(`${d.base}/dashboard`)
  await signIn(d.page, shop.owner)
  await seen(d.page.locator("#shop", { hasText: "Boot Corner" }), "the shop name")
}, 60_000)

afterAll(() => d?.close())

const seen = (locator: Locator, what: string) => seenOn(d.page)(locator, what)
const text = (selector: string) => d.page.locator(selector).textContent()
describe("merchant dashboard in a real browser: conversations (SPEC §5 GET /dashboard, §9 item 9)", () => {
  it("a conversation is taken over, handed back, and answered by a person; the reply reaches WhatsApp", async () => {
    await d.page.click("nav button[data-tab=conversations]")
    const row = await seen(d.page.locator("#conversation-rows tr", { hasText: customer }), "the conversation")
    expect(await row.locator("td").nth(2).textContent()).toBe("the bot")
    await row.click()
    const detail = d.page.locator("#conversation-detail")
    await seen(detail.locator("#owner", { hasText: "The bot is answering." }), "the bot as owner")
    expect(await detail.locator(".msg.customer p").allTextContents()).toEqual([customerText])
    expect(await d.page.locator("#injected").count()).toBe(0)
    const conversation = () => call(shop.owner, "GET", `/conversations/${shop.conversation}`)

    await detail.getByRole("button", { name: "Take over (handoff on)" }).click()
    await seen(detail.locator("#owner", { hasText: "A person is answering (handoff by admin" }), "the handoff")
    expect(await conversation()).toMatchObject({ owner: "human", handoff: { by: "admin" } })
    expect(await detail.locator("#handoff").getAttribute("aria-pressed")).toBe("true")

    await detail.getByRole("button", { name: "Hand back to the bot" }).click()
    await seen(detail.locator("#owner", { hasText: "The bot is answering." }), "the handback")
    expect(await conversation()).toMatchObject({ owner: "bot", handoff: null })

    await detail.locator("#reply").fill(reply)
    await detail.getByRole("button", { name: "Send reply" }).click()
    await seen(detail.locator(".msg.human p", { hasText: "Hi, this is Anna" }), "the human reply")
    const messages = await call(shop.owner, "GET", `/conversations/${shop.conversation}/messages`)
    expect(messages.map((m: Json) => [m.sender, m.text])).toEqual([
      ["customer", customerText],
      ["human", reply]
    ])
    // A person replying takes the conversation.
    expect((await conversation()).owner).toBe("human")
    await seen(detail.locator("#owner", { hasText: "A person is answering" }), "the reply's handoff")
    expect(await text("#notice")).toBe("Reply queued for sending to 15551234567.")

    // The worker's outbox sender delivers it to WhatsApp once, as the Cloud API expects it.
    await expect.poll(() => d.whatsapp.delivered().length, { timeout: 10_000 }).toBe(1)
    const [sent] = d.whatsapp.delivered()
    expect(sent?.path).toBe(`/${whatsapp.phoneNumberId}/messages`)
    expect(sent?.headers.authorization).toBe(`Bearer ${whatsapp.accessToken}`)
    expect(sent?.json).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: customer,
      type: "text",
      text: { preview_url: false, body: reply }
    })
    // Sent: the message carries the id the platform gave it, and its outbox row is marked sent.
    const human = async () =>
      (await call(shop.owner, "GET", `/conversations/${shop.conversation}/messages`)).find(
        (m: Json) => m.sender === "human"
      )
    await expect.poll(async () => (await human()).platformMessageId, { timeout: 10_000 }).toMatch(/^wamid\.mock\d+$/)
    const id = OutboxId.make(outboxIdOf((await human()).id))
    const outboxRow = await d.h.runtime.runPromise(Outbox.use((o) => o.get(shop.id, id)))
    expect([outboxRow.status, outboxRow.payload.kind, outboxRow.payload.sender]).toEqual(["sent", "human", "human"])
    expect(d.whatsapp.delivered()).toHaveLength(1)
    expect(d.pageErrors).toEqual([])
  })
})
