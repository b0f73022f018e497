// The merchant dashboard in a real headless Chromium: the app on a real port over memory stores, the
// worker's outbox sender running beside it with WhatsApp aimed at a mock, and the page helpers the
// dashboard browser suites share.
import { existsSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { ChannelMocks, layerTest as channelsLayerTest, Webchat } from "@chatshop/adapters/channels"
import { type ServerType, serve } from "@hono/node-server"
import { Effect, Fiber, Layer } from "effect"
import { type Browser, chromium, type Locator, type Page } from "playwright-core"
import { layerCredentialsFromAccounts } from "../../app-worker/src/Credentials.ts"
import { runOutboxSender } from "../../app-worker/src/OutboxSender.ts"
import { makeHarness } from "./harness.ts"

// Debian's package; CI installs it. Missing → the test fails (never skips).
const chromiumPath = "/usr/bin/chromium"

// biome-ignore lint/suspicious/noExplicitAny: response JSON under test, checked field by field
export type Json = any

export interface Dashboard {
  readonly h: Awaited<ReturnType<typeof makeHarness>>
  readonly base: string
  readonly page: Page
  /** The mock WhatsApp Cloud API the outbox sender delivers to. */
  readonly whatsapp: ChannelMocks.MockPlatform
  /** Page errors and console errors (CSP violations) seen so far; failed API calls are not counted. */
  readonly pageErrors: Array<string>
  readonly close: () => Promise<void>
}

export const openDashboard = async (): Promise<Dashboard> => {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} not found: this test needs Debian's chromium (apt-get install chromium)`)
  }
  const h = await makeHarness()
  let server: ServerType | undefined
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: h.app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => resolve(info.port))
  })
  // The worker's outbox sender over the app's stores, polling as in production (nobody wakes it).
  const whatsapp = await ChannelMocks.startMockPlatform(ChannelMocks.whatsapp)
  const senderLayer = channelsLayerTest({ whatsapp: whatsapp.url }).pipe(
    Layer.provide(Layer.merge(layerCredentialsFromAccounts, Webchat.WebchatHub.layerMemory))
  )
  const sender = h.runtime.runFork(
    Effect.scoped(Effect.andThen(runOutboxSender({ pollMs: 50 }), Effect.never)).pipe(Effect.provide(senderLayer))
  )
  let browser: Browser | undefined
  const close = async () => {
    await browser?.close()
    await h.runtime.runPromise(Fiber.interrupt(sender))
    await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)))
    await whatsapp.close()
    await h.dispose()
  }
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"], headless: true })
    const page = await browser.newPage()
    page.setDefaultTimeout(15_000)
    const pageErrors: Array<string> = []
    page.on("pageerror", (error) => pageErrors.push(error.message))
    // A CSP violation (the inline script or style refused) is reported on the console; failed API
    // calls are also logged there ("Failed to load resource"), and those the tests cause on purpose.
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) pageErrors.push(m.text())
    })
    return { h, base: `http://127.0.0.1:${port}`, page, whatsapp, pageErrors, close }
  } catch (error) {
    await close()
    throw error
  }
}

/** One admin API call over HTTP; non-2xx throws with the body. */
export const apiOf =
  (base: string) =>
  async (key: string, method: string, path: string, body?: unknown): Promise<Json> => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    const json = (await response.json()) as Json
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`)
    return json
  }

/** Waits for `locator`; a failure names what never showed and keeps a screenshot. */
export const seenOn =
  (page: Page) =>
  async (locator: Locator, what: string): Promise<Locator> => {
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

/** A regular expression matching exactly `s`. */
export const exactly = (s: string) => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`)

export const signIn = async (page: Page, key: string) => {
  await page.fill("#key", key)
  await page.click("#login-form button")
}
