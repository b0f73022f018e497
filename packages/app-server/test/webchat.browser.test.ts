// Issue 5 acceptance 5: the web chat page in a real headless Chromium, driven as a customer would —
// greet, search the demo shop, choose, answer size, city, phone, delivery and (last) address, confirm
// — against `pnpm start` (embedded mode, fresh data dir); then the admin API shows the placed order.
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type Browser, chromium, type Page } from "playwright-core"
import { afterAll, describe, expect, it } from "vitest"
import { freePort, killAll, type Run, start, waitForUrl } from "./launcher.ts"

// Debian's package; CI installs it. Missing → the test fails (never skips).
const chromiumPath = "/usr/bin/chromium"
const dataDir = mkdtempSync(join(tmpdir(), "chatshop-browser-"))
let browser: Browser | undefined
afterAll(async () => {
  await browser?.close()
  killAll()
  rmSync(dataDir, { recursive: true, force: true })
})

/** A value the launcher printed as `Label:   value`. */
const printed = (run: Run, label: string): string => {
  const value = new RegExp(`${label}:\\s+(\\S+)`).exec(run.out())?.[1]
  if (value === undefined) throw new Error(`the launcher printed no "${label}:"\n${run.out()}`)
  return value
}

const bubbles = "#log p.bot > span"
const onePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
/** The bot's replies paragraph by paragraph: one turn's parts arrive joined in one bubble, a blank line between. */
const paragraphs = async (page: Page) =>
  (await page.locator(bubbles).allTextContents()).flatMap((text) => text.split("\n\n"))
/** Matches exactly `text`, for locators' `hasText`. */
const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`)

/** The chat as the customer sees it, one line per bubble (buttons in brackets): for failure messages. */
const transcript = async (page: Page) => {
  const lines: Array<string> = []
  for (const p of await page.locator("#log p").all()) {
    const who = (await p.getAttribute("class")) === "me" ? "me " : "bot"
    const buttons = (await p.locator("button").allTextContents()).map((b) => ` [${b}]`).join("")
    const photos = (await p.locator("img").evaluateAll((els) => els.map((e) => (e as unknown as { src: string }).src)))
      .map((src) => `[photo ${src}] `)
      .join("")
    lines.push(`${who}: ${photos}${(await p.locator("span").allTextContents()).join("")}${buttons}`)
  }
  return lines.join("\n")
}

/** Runs `wait`; a failure names what never showed and carries the chat so far. */
const explained = async <A>(page: Page, what: string, wait: () => Promise<A>): Promise<A> => {
  try {
    return await wait()
  } catch (error) {
    const chat = await transcript(page).catch((e: unknown) => `(no transcript: ${String(e)})`)
    throw new Error(`${what} never showed (${String(error).split("\n")[0]})\nthe chat so far:\n${chat}`)
  }
}

/**
 * Counts the bubbles matching `pattern` now; the returned wait resolves with the text of the next
 * one to appear (bubbles are only ever appended, so that one is new).
 */
const nextBubble = async (page: Page, selector: string, pattern: RegExp, what: string) => {
  const matching = page.locator(selector).filter({ hasText: pattern })
  const next = matching.nth(await matching.count())
  return () =>
    explained(page, `${what} ${pattern}`, async () => {
      await next.waitFor({ timeout: 45_000 })
      return (await next.textContent()) ?? ""
    })
}

/** Types `text` into the chat box and presses Send; resolves with the bot's answer matching `answer`. */
const type = async (page: Page, text: string, answer: RegExp) => {
  const mine = await nextBubble(page, "#log p.me > span", exactly(text), "the customer's message")
  const reply = await nextBubble(page, bubbles, answer, "the bot's answer")
  await page.fill("#t", text)
  await page.click("#f button")
  await mine()
  expect(await page.inputValue("#t")).toBe("")
  return reply()
}

/** Taps the newest quick-reply button titled `title`; resolves with the bot's answer matching `answer`. */
const tap = async (page: Page, title: string, answer: RegExp) => {
  const enabled = page.locator("#log p.bot .quick button:enabled", { hasText: exactly(title) }).last()
  await explained(page, `a quick-reply button "${title}"`, () => enabled.waitFor({ timeout: 45_000 }))
  // A handle, not the locator: once tapped the button no longer matches `:enabled`.
  const button = await enabled.elementHandle()
  const mine = await nextBubble(page, "#log p.me > span", exactly(title), "the tapped reply")
  const reply = await nextBubble(page, bubbles, answer, "the bot's answer")
  await button?.click()
  // The tap shows as the customer's own message, and the row can't be tapped twice.
  await mine()
  expect(await button?.isDisabled()).toBe(true)
  return reply()
}

describe("web chat in a real browser (issue 5 acceptance 5)", () => {
  it("a customer buys Chelsea boots in size 38 with delivery; the order is placed", async () => {
    if (!existsSync(chromiumPath)) {
      throw new Error(`${chromiumPath} not found: this test needs Debian's chromium (apt-get install chromium)`)
    }
    const port = await freePort()
    const run = start({ PORT: String(port), CHATSHOP_DATA_DIR: dataDir })
    const url = await waitForUrl(run)
    const base = `http://127.0.0.1:${port}`
    expect(url).toBe(`${base}/?shop=${printed(run, "Tenant id")}`)
    const apiKey = printed(run, "Shop API key")
    expect(printed(run, "Admin token")).toMatch(/^adm_/)

    browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"], headless: true })
    const page = await browser.newPage()
    const pageErrors: Array<string> = []
    page.on("pageerror", (error) => pageErrors.push(error.message))
    // The page's CSP allows its own script and style by hash: a violation would show here.
    page.on("console", (m) => void (/Content Security Policy/i.test(m.text()) && pageErrors.push(m.text())))
    // The demo's photos live on a public host this machine never calls: the browser gets a tiny picture.
    await page.route("https://picsum.photos/**", (route) =>
      route.fulfill({ status: 200, contentType: "image/png", body: Buffer.from(onePixelPng, "base64") })
    )
    try {
      await page.goto(url)
      await page.locator("#t").waitFor()

      // The greeting turn ends with today's deals to pick from: wait for its last line before going on.
      await type(page, "hi", /Reply with the number/)
      expect(await paragraphs(page)).toEqual([
        "Hi! Welcome to Demo Boutique. What are you looking for today?",
        "Today's deals:",
        "1. Surprise box: 3 accessories — $15.00 (was $45.00), 10 left",
        "Reply with the number of the one you like."
      ])
      // A search with several results: a numbered list with one quick reply per result.
      await type(page, "do you have shoes?", /Reply with the number/)
      const list = await paragraphs(page)
      const choice = list.map((t) => /^(\d+)\. Chelsea boots/.exec(t)?.[1]).find((n) => n !== undefined)
      expect(choice, `Chelsea boots are in the list:\n${list.join("\n")}`).toBeDefined()
      // Each product's photo shows as a picture with alt text, lazily loaded; its URL is nowhere in the text.
      const photo = "https://picsum.photos/seed/chatshop-chelsea-boots/600/600"
      const img = page.locator(`#log p.bot img[src="${photo}"]`)
      await explained(page, "the Chelsea boots photo", () => img.waitFor({ state: "attached", timeout: 45_000 }))
      expect(await img.getAttribute("alt")).toMatch(/\S/)
      expect(await img.getAttribute("loading")).toBe("lazy")
      await img.scrollIntoViewIfNeeded()
      await expect
        .poll(() => img.evaluate((e) => (e as unknown as { naturalWidth: number }).naturalWidth), { timeout: 15_000 })
        .toBe(1)
      expect(await page.locator("#log").textContent()).not.toMatch(/https?:\/\//)
      // Picking from the list puts the product on the order and starts asking the order's questions.
      await tap(page, choice ?? "", /Which city are you in\?/)
      expect(await paragraphs(page)).toContain("Added Chelsea boots × 1 — $89.00.")
      await type(page, "Almaty", /Which size of Chelsea boots\? In stock: 36, 37, 38, 39, 40, 41/)
      await tap(page, "38", /Your phone number/)
      await type(page, "+7 701 234 56 78", /Delivery or pickup\?/)
      await tap(page, "Delivery", /delivery address/)
      await type(page, "Abay avenue 10, flat 5", /Shall I place the order\?/)
      const shown = await paragraphs(page)
      expect(shown).toContain("1. Chelsea boots, size 38 × 1 — $89.00")
      expect(shown.join("\n")).toMatch(/Total: \$89\.00\. Delivery to Almaty, Abay avenue 10, flat 5\./)
      const placed = await tap(page, "Yes", /Order \S+ is placed/)
      expect(pageErrors).toEqual([])
      const session = await page.evaluate(() => localStorage.getItem("chatshopSession"))

      const orders = await fetch(`${base}/api/v1/orders?status=placed`, {
        headers: { authorization: `Bearer ${apiKey}` }
      })
      expect(orders.status).toBe(200)
      const body = (await orders.json()) as ReadonlyArray<PlacedOrder>
      expect(body).toHaveLength(1)
      const order = body[0]
      expect(order).toMatchObject({
        status: "placed",
        // The customer is this browser's session.
        customer: { customerId: session },
        fields: { city: "Almaty", phone: "+7 701 234 56 78", delivery: "delivery", address: "Abay avenue 10, flat 5" },
        total: { amount: "89.00", currency: "USD" }
      })
      expect(order?.lines).toEqual([
        expect.objectContaining({ sku: "chelsea-black-38", size: "38", qty: 1, title: "Chelsea boots" })
      ])
      expect(placed).toContain(`Order ${order?.id} is placed`)
      // The order holds the pair it sold.
      const stock = await fetch(`${base}/api/v1/inventory/chelsea-black-38`, {
        headers: { authorization: `Bearer ${apiKey}` }
      })
      expect(await stock.json()).toMatchObject({ onHand: 4, reserved: 1, available: 3 })
    } catch (error) {
      await page.screenshot({ path: join(tmpdir(), "chatshop-webchat-failure.png"), fullPage: true }).catch(() => {})
      throw error
    } finally {
      await browser.close()
      browser = undefined
      run.child.kill("SIGTERM")
      await run.exited
    }
  }, 180_000)
})

interface PlacedOrder {
  readonly id: string
  readonly status: string
  readonly lines: ReadonlyArray<{ readonly sku: string; readonly size?: string }>
}
