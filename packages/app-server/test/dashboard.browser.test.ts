// SPEC §5 `GET /dashboard` in a real headless Chromium, driven as a merchant would: a wrong key is
// refused at the prompt; the owner's key opens the shop; an order goes placed → payment review → paid
// → fulfilled, another is cancelled, a stale one shows the API's 409; a conversation is taken over,
// handed back and answered by a person; stock is shown and restocked; a viewer key is read-only; a
// revoked key sends the merchant back to the prompt. Every change is checked through the API too.
import { existsSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { ChannelAccountId, Conversation, CustomerId, MessageId, type TenantId, timestamp } from "@chatshop/domain"
import { type ServerType, serve } from "@hono/node-server"
import { Effect } from "effect"
import { type Browser, chromium, type Locator, type Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ADMIN, makeHarness, NOW } from "./harness.ts"

// Debian's package; CI installs it. Missing → the test fails (never skips).
const chromiumPath = "/usr/bin/chromium"

// biome-ignore lint/suspicious/noExplicitAny: response JSON under test, checked field by field
type Json = any

let h: Awaited<ReturnType<typeof makeHarness>>
let server: ServerType | undefined
let browser: Browser | undefined
let page: Page
let base = ""
const shop = { id: "" as TenantId, owner: "", viewer: "", viewerId: "", conversation: "" }
const orders: Array<string> = []
const pageErrors: Array<string> = []

const call = async (key: string, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const json = (await response.json()) as Json
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`)
  return json
}

// Markup in names and messages must show as text (and never run).
const customerName = 'Ann <img src=x id="injected">'
const productTitle = "<b>Chelsea</b> boots"
const customerText = '<img src=x id="injected"> do you have these in 38?'

const placeOrder = async (sku: string) =>
  (
    await call(shop.owner, "POST", "/orders", {
      customer: { name: customerName, phone: "+15551234567" },
      lines: [{ sku, qty: 1 }],
      delivery: "pickup",
      fields: { city: "Almaty" }
    })
  ).id as string

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} not found: this test needs Debian's chromium (apt-get install chromium)`)
  }
  h = await makeHarness()
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: h.app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => resolve(info.port))
  })
  base = `http://127.0.0.1:${port}`
  const created = await call(ADMIN, "POST", "/tenants", { name: "Boot Corner", currency: "USD" })
  shop.id = created.id
  shop.owner = created.apiKey
  const viewer = await call(shop.owner, "POST", "/keys", { role: "viewer", label: "accountant" })
  shop.viewer = viewer.apiKey
  shop.viewerId = viewer.id
  await call(shop.owner, "POST", "/products", {
    title: productTitle,
    category: "shoes",
    price: { amount: "59.90", currency: "USD" },
    variants: [
      { sku: "B-38", options: { size: "38" }, stock: 5 },
      { sku: "B-39", options: { size: "39" }, stock: 3 }
    ]
  })
  for (let i = 0; i < 3; i++) orders.push(await placeOrder("B-38"))
  const conversation = await h.runtime.runPromise(
    Conversation.ConversationRepository.use((r) =>
      r
        .getOrCreate(shop.id, {
          channel: "whatsapp",
          channelAccountId: ChannelAccountId.make("ch-x"),
          customerId: CustomerId.make("15551234567")
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
                at: timestamp(NOW)
              })
            )
          )
        )
    )
  )
  shop.conversation = conversation.state.id

  browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"], headless: true })
  page = await browser.newPage()
  page.setDefaultTimeout(15_000)
  page.on("pageerror", (error) => pageErrors.push(error.message))
  // A CSP violation (the inline script or style refused) is reported on the console; failed API
  // calls are also logged there ("Failed to load resource"), and those the tests cause on purpose.
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) pageErrors.push(m.text())
  })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)))
  await h?.dispose()
})

/** Waits for `locator`; a failure names what never showed and keeps a screenshot. */
const seen = async (locator: Locator, what: string) => {
  try {
    await locator.waitFor()
  } catch (error) {
    const shot = join(tmpdir(), "chatshop-dashboard-failure.png")
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {})
    const shown = await page
      .locator("#error, #notice, #login-error")
      .allTextContents()
      .catch(() => [])
    throw new Error(`${what} never showed (${String(error).split("\n")[0]}); messages: ${shown.join(" | ")}; ${shot}`)
  }
  return locator
}
const text = (selector: string) => page.locator(selector).textContent()
const exactly = (s: string) => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`)
const orderStatus = async (id: string) => (await call(shop.owner, "GET", `/orders/${id}`)).status
const signIn = async (key: string) => {
  await page.fill("#key", key)
  await page.click("#login-form button")
}

describe("merchant dashboard in a real browser (SPEC §5 GET /dashboard)", () => {
  it("a wrong key is refused at the prompt and not kept", async () => {
    await page.goto(`${base}/dashboard`)
    await signIn("csk_not-a-real-key")
    await seen(page.locator("#login-error", { hasText: "This key was not accepted" }), "the wrong-key error")
    expect(await text("#login-error")).toContain("unknown or revoked API key")
    expect(await page.locator("#app").isHidden()).toBe(true)
    expect(await page.evaluate(() => sessionStorage.getItem("chatshopApiKey"))).toBeNull()
  })

  it("the owner's key opens the shop: an order is paid, approved and fulfilled", async () => {
    const [first] = orders as [string]
    await signIn(shop.owner)
    await seen(page.locator("#shop", { hasText: exactly("Boot Corner") }), "the shop name")
    const row = await seen(page.locator("#order-rows tr", { hasText: first }), `order ${first} in the list`)
    expect(await page.locator("#order-rows tr").count()).toBe(3)
    // Data shows as text: the customer's markup is not parsed.
    expect(await row.locator("td").nth(2).textContent()).toBe(`${customerName}, +15551234567`)
    expect(await row.locator("td").nth(3).textContent()).toBe("59.90 USD")
    expect(await page.locator("#injected").count()).toBe(0)

    await row.click()
    const detail = page.locator("#order-detail")
    await seen(detail.locator("h3", { hasText: `Order ${first}` }), "the order's detail")
    expect(await detail.locator(".total").textContent()).toBe("Total: 59.90 USD")
    expect(await detail.locator("tbody td").first().textContent()).toBe(productTitle)

    // Evidence without amount or reference is not enough to accept: it goes to review.
    await detail.getByRole("button", { name: "Record payment" }).click()
    await seen(detail.locator("h3 .status", { hasText: exactly("payment review") }), "payment review")
    expect(await orderStatus(first)).toBe("payment_review")
    expect(await detail.locator(".payment").textContent()).toMatch(/^Payment review .*no amount, no reference/)

    await detail.getByRole("button", { name: "Approve payment" }).click()
    await seen(detail.locator("h3 .status", { hasText: exactly("paid") }), "paid")
    expect(await orderStatus(first)).toBe("paid")
    expect(await text("#notice")).toBe(`Order ${first} is now paid.`)

    await detail.getByRole("button", { name: "Mark fulfilled" }).click()
    await seen(detail.locator("h3 .status", { hasText: exactly("fulfilled") }), "fulfilled")
    expect(await orderStatus(first)).toBe("fulfilled")
    // The list follows.
    await seen(row.locator(".status", { hasText: exactly("fulfilled") }), "fulfilled in the list")
    expect(await text("#error")).toBe("")
  })

  it("the status filter lists only orders in that status", async () => {
    await page.selectOption("#order-status", "fulfilled")
    await seen(page.locator("#order-rows tr").first().locator(".status", { hasText: "fulfilled" }), "fulfilled")
    await expect.poll(() => page.locator("#order-rows tr").count()).toBe(1)
    await page.selectOption("#order-status", "paid")
    await seen(page.locator("#orders-empty"), "No orders.")
    expect(await page.locator("#order-rows tr").count()).toBe(0)
    await page.selectOption("#order-status", "placed")
    await expect.poll(() => page.locator("#order-rows tr").count()).toBe(2)
  })

  it("an order is cancelled; acting on a stale order shows the API's error as one line", async () => {
    const [, second, third] = orders as [string, string, string]
    await page.locator("#order-rows tr", { hasText: second }).click()
    const detail = page.locator("#order-detail")
    await seen(detail.locator("h3", { hasText: `Order ${second}` }), "the second order")
    await detail.getByLabel("Cancel reason").fill("customer changed her mind")
    await detail.getByRole("button", { name: "Cancel order" }).click()
    await seen(detail.locator("h3 .status", { hasText: exactly("cancelled") }), "cancelled")
    const cancelled = await call(shop.owner, "GET", `/orders/${second}`)
    expect(cancelled).toMatchObject({ status: "cancelled", closeReason: "customer changed her mind" })

    await page.locator("#order-rows tr", { hasText: third }).click()
    await seen(detail.locator("h3", { hasText: `Order ${third}` }), "the third order")
    // Someone else cancels it meanwhile; the page still offers payment.
    await call(shop.owner, "POST", `/orders/${third}/cancel`, { reason: "by phone" })
    await detail.getByRole("button", { name: "Record payment" }).click()
    await seen(page.locator("#error", { hasText: "Record payment failed" }), "the API error")
    expect(await text("#error")).toMatch(/^Record payment failed: .+ \(invalid_transition, HTTP 409\)$/)
    expect(await orderStatus(third)).toBe("cancelled")
  })

  it("a conversation is taken over, handed back, and answered by a person", async () => {
    await page.click("nav button[data-tab=conversations]")
    const row = await seen(page.locator("#conversation-rows tr", { hasText: "15551234567" }), "the conversation")
    expect(await row.locator("td").nth(2).textContent()).toBe("the bot")
    await row.click()
    const detail = page.locator("#conversation-detail")
    await seen(detail.locator("#owner", { hasText: "The bot is answering." }), "the bot as owner")
    expect(await detail.locator(".msg.customer p").allTextContents()).toEqual([customerText])
    expect(await page.locator("#injected").count()).toBe(0)
    const conversation = () => call(shop.owner, "GET", `/conversations/${shop.conversation}`)

    await detail.getByRole("button", { name: "Take over (handoff on)" }).click()
    await seen(detail.locator("#owner", { hasText: "A person is answering (handoff by admin" }), "the handoff")
    expect(await conversation()).toMatchObject({ owner: "human", handoff: { by: "admin" } })
    expect(await detail.locator("#handoff").getAttribute("aria-pressed")).toBe("true")

    await detail.getByRole("button", { name: "Hand back to the bot" }).click()
    await seen(detail.locator("#owner", { hasText: "The bot is answering." }), "the handback")
    expect(await conversation()).toMatchObject({ owner: "bot", handoff: null })

    await detail.locator("#reply").fill("Hi, this is Anna from the shop: yes, 38 is in stock.")
    await detail.getByRole("button", { name: "Send reply" }).click()
    await seen(detail.locator(".msg.human p", { hasText: "Hi, this is Anna" }), "the human reply")
    const messages = await call(shop.owner, "GET", `/conversations/${shop.conversation}/messages`)
    expect(messages.map((m: Json) => [m.sender, m.text])).toEqual([
      ["customer", customerText],
      ["human", "Hi, this is Anna from the shop: yes, 38 is in stock."]
    ])
    // A person replying takes the conversation.
    expect((await conversation()).owner).toBe("human")
    await seen(detail.locator("#owner", { hasText: "A person is answering" }), "the reply's handoff")
    expect(await text("#notice")).toBe("Reply queued for sending to 15551234567.")
  })

  it("stock numbers per sku, and a restock", async () => {
    await page.click("nav button[data-tab=inventory]")
    const row = await seen(page.locator("#stock-rows tr[data-sku=B-38]"), "the B-38 row")
    const numbers = async (sku: string) => page.locator(`#stock-rows tr[data-sku=${sku}] td.num`).allTextContents()
    const level = async (sku: string) => {
      const l = await call(shop.owner, "GET", `/inventory/${sku}`)
      return [String(l.onHand), String(l.reserved), String(l.available)]
    }
    expect(await row.locator("td").first().textContent()).toBe(productTitle)
    expect(await row.locator("td").nth(3).textContent()).toBe("59.90 USD")
    expect(await numbers("B-39")).toEqual(["3", "0", "3"])
    const before = await level("B-38")
    expect(await numbers("B-38")).toEqual(before)

    await row.getByLabel("Restock quantity for B-38").fill("4")
    await row.getByRole("button", { name: "Restock B-38" }).click()
    await seen(page.locator("#notice", { hasText: "Restocked B-38 by 4" }), "the restock notice")
    const after = await level("B-38")
    expect(Number(after[0])).toBe(Number(before[0]) + 4)
    expect(await numbers("B-38")).toEqual(after)
    expect(await numbers("B-39")).toEqual(["3", "0", "3"])
  })

  it("sign out forgets the key; a viewer key is read-only; a revoked key goes back to the prompt", async () => {
    await page.click("#signout")
    await seen(page.locator("#login"), "the prompt")
    expect(await page.evaluate(() => sessionStorage.getItem("chatshopApiKey"))).toBeNull()
    expect(await page.locator("#app").isHidden()).toBe(true)
    expect(await page.locator("#order-rows tr").count()).toBe(0)

    await signIn(shop.viewer)
    await seen(page.locator("#shop", { hasText: "Boot Corner" }), "the shop for the viewer")
    // A reload keeps the tab's key.
    await page.reload()
    await seen(page.locator("#order-rows tr").first(), "the orders after a reload")
    await page.click("nav button[data-tab=inventory]")
    const row = await seen(page.locator("#stock-rows tr[data-sku=B-39]"), "the B-39 row")
    await row.getByRole("button", { name: "Restock B-39" }).click()
    await seen(page.locator("#error", { hasText: "read-only key" }), "the read-only error")
    expect(await text("#error")).toMatch(/^read-only key: /)
    expect(await call(shop.owner, "GET", "/inventory/B-39")).toMatchObject({ onHand: 3 })

    await call(shop.owner, "POST", `/keys/${shop.viewerId}/revoke`)
    await page.click("#inventory-refresh")
    await seen(page.locator("#login-error", { hasText: "This key was not accepted" }), "the prompt after revoke")
    expect(await page.locator("#app").isHidden()).toBe(true)
    expect(await page.evaluate(() => sessionStorage.getItem("chatshopApiKey"))).toBeNull()
    expect(pageErrors).toEqual([])
  })
})
