// SPEC §5 `GET /dashboard` in a real headless Chromium, driven as a merchant would: a wrong key is
// refused at the prompt; the owner's key opens the shop; an order goes placed → payment review → paid
// → fulfilled, another is cancelled, a stale one shows the API's 409; stock is shown and restocked; a
// viewer key is read-only; a revoked key sends the merchant back to the prompt. Every change is
// checked through the API too. (Conversations: dashboard.conversations.browser.test.ts.)
import type { Locator } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { apiOf, type Dashboard, exactly, openDashboard, seenOn, signIn as signInOn } from "./dashboardBrowser.ts"
import { ADMIN } from "./harness.ts"

let d: Dashboard
const shop = { owner: "", viewer: "", viewerId: "" }
const orders: Array<string> = []

// Markup in names must show as text (and never run).
const customerName = 'Ann <img src=x id="injected">'
const productTitle = "<b>Chelsea</b> boots"

const call = (key: string, method: string, path: string, body?: unknown) => apiOf(d.base)(key, method, path, body)
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
  d = await openDashboard()
  const created = await call(ADMIN, "POST", "/tenants", { name: "Boot Corner", currency: "USD" })
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
}, 60_000)

afterAll(() => d?.close())

const seen = (locator: Locator, what: string) => seenOn(d.page)(locator, what)
const text = (selector: string) => d.page.locator(selector).textContent()
const orderStatus = async (id: string) => (await call(shop.owner, "GET", `/orders/${id}`)).status
const signIn = (key: string) => signInOn(d.page, key)

describe("merchant dashboard in a real browser: orders, stock, keys (SPEC §5 GET /dashboard)", () => {
  it("a wrong key is refused at the prompt and not kept", async () => {
    await d.page.goto(`${d.base}/dashboard`)
    await signIn("csk_not-a-real-key")
    await seen(d.page.locator("#login-error", { hasText: "This key was not accepted" }), "the wrong-key error")
    expect(await text("#login-error")).toContain("unknown or revoked API key")
    expect(await d.page.locator("#app").isHidden()).toBe(true)
    expect(await d.page.evaluate(() => sessionStorage.getItem("chatshopApiKey"))).toBeNull()
  })

  it("the owner's key opens the shop: an order is paid, approved and fulfilled", async () => {
    const [first] = orders as [string]
    await signIn(shop.owner)
    await seen(d.page.locator("#shop", { hasText: exactly("Boot Corner") }), "the shop name")
    const row = await seen(d.page.locator("#order-rows tr", { hasText: first }), `order ${first} in the list`)
    expect(await d.page.locator("#order-rows tr").count()).toBe(3)
    // Data shows as text: the customer's markup is not parsed.
    expect(await row.locator("td").nth(2).textContent()).toBe(`${customerName}, +15551234567`)
    expect(await row.locator("td").nth(3).textContent()).toBe("59.90 USD")
    expect(await d.page.locator("#injected").count()).toBe(0)

    await row.click()
    const detail = d.page.locator("#order-detail")
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
    await d.page.selectOption("#order-status", "fulfilled")
    await seen(d.page.locator("#order-rows tr").first().locator(".status", { hasText: "fulfilled" }), "fulfilled")
    await expect.poll(() => d.page.locator("#order-rows tr").count()).toBe(1)
    await d.page.selectOption("#order-status", "paid")
    await seen(d.page.locator("#orders-empty"), "No orders.")
    expect(await d.page.locator("#order-rows tr").count()).toBe(0)
    await d.page.selectOption("#order-status", "placed")
    await expect.poll(() => d.page.locator("#order-rows tr").count()).toBe(2)
  })

  it("an order is cancelled; acting on a stale order shows the API's error as one line", async () => {
    const [, second, third] = orders as [string, string, string]
    await d.page.locator("#order-rows tr", { hasText: second }).click()
    const detail = d.page.locator("#order-detail")
    await seen(detail.locator("h3", { hasText: `Order ${second}` }), "the second order")
    await detail.getByLabel("Cancel reason").fill("customer changed her mind")
    await detail.getByRole("button", { name: "Cancel order" }).click()
    await seen(detail.locator("h3 .status", { hasText: exactly("cancelled") }), "cancelled")
    const cancelled = await call(shop.owner, "GET", `/orders/${second}`)
    expect(cancelled).toMatchObject({ status: "cancelled", closeReason: "customer changed her mind" })

    await d.page.locator("#order-rows tr", { hasText: third }).click()
    await seen(detail.locator("h3", { hasText: `Order ${third}` }), "the third order")
    // Someone else cancels it meanwhile; the page still offers payment.
    await call(shop.owner, "POST", `/orders/${third}/cancel`, { reason: "by phone" })
    await detail.getByRole("button", { name: "Record payment" }).click()
    await seen(d.page.locator("#error", { hasText: "Record payment failed" }), "the API error")
    expect(await text("#error")).toMatch(/^Record payment failed: .+ \(invalid_transition, HTTP 409\)$/)
    expect(await orderStatus(third)).toBe("cancelled")
  })

  it("stock numbers per sku, and a restock", async () => {
    await d.page.click("nav button[data-tab=inventory]")
    const row = await seen(d.page.locator("#stock-rows tr[data-sku=B-38]"), "the B-38 row")
    const numbers = async (sku: string) => d.page.locator(`#stock-rows tr[data-sku=${sku}] td.num`).allTextContents()
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
    await seen(d.page.locator("#notice", { hasText: "Restocked B-38 by 4" }), "the restock notice")
    const after = await level("B-38")
    expect(Number(after[0])).toBe(Number(before[0]) + 4)
    expect(await numbers("B-38")).toEqual(after)
    expect(await numbers("B-39")).toEqual(["3", "0", "3"])
  })

  it("sign out forgets the key; a viewer key is read-only; a revoked key goes back to the prompt", async () => {
    await d.page.click("#signout")
    await seen(d.page.locator("#login"), "the prompt")
    expect(await d.page.evaluate(() => sessionStorage.getItem("chatshopApiKey"))).toBeNull()
    expect(await d.page.locator("#app").isHidden()).toBe(true)
    expect(await d.page.locator("#order-rows tr").count()).toBe(0)

    await signIn(shop.viewer)
    await seen(d.page.locator("#shop", { hasText: "Boot Corner" }), "the shop for the viewer")
    // A reload keeps the tab's key.
    await d.page.reload()
    await seen(d.page.locator("#order-rows tr").first(), "the orders after a reload")
    await d.page.click("nav button[data-tab=inventory]")
    const row = await seen(d.page.locator("#stock-rows tr[data-sku=B-39]"), "the B-39 row")
    await row.getByRole("button", { name: "Restock B-39" }).click()
    await seen(d.page.locator("#error", { hasText: "read-only key" }), "the read-only error")
    expect(await text("#error")).toMatch(/^read-only key: /)
    expect(await call(shop.owner, "GET", "/inventory/B-39")).toMatchObject({ onHand: 3 })

    await call(shop.owner, "POST", `/keys/${shop.viewerId}/revoke`)
    await d.page.click("#inventory-refresh")
    await seen(d.page.locator("#login-error", { hasText: "This key was not accepted" }), "the prompt after revoke")
    expect(await d.page.locator("#app").isHidden()).toBe(true)
    expect(await d.page.evaluate(() => sessionStorage.getItem("chatshopApiKey"))).toBeNull()
    expect(d.pageErrors).toEqual([])
  })
})
