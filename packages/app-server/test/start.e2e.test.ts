// `pnpm start` end to end (SPEC §2, §7; issue 5 acceptance 7): the launcher as a real process on a
// fresh data dir — migrate, seed, serve the chat page, answer a web chat customer, stop on SIGTERM —
// then a restart on the same data dir finds the demo shop without seeding it twice.
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { freePort, killAll, start, waitFor, waitForUrl } from "./launcher.ts"

const dataDir = mkdtempSync(join(tmpdir(), "chatshop-start-"))
afterAll(() => {
  killAll()
  rmSync(dataDir, { recursive: true, force: true })
})

/** Reads a server-sent-events stream into `text` as it arrives. */
const openStream = async (url: string) => {
  const abort = new AbortController()
  const response = await fetch(url, { signal: abort.signal })
  expect(response.status).toBe(200)
  const stream = { text: "", abort: () => abort.abort() }
  const reader = response.body?.getReader()
  const decoder = new TextDecoder()
  void (async () => {
    while (reader !== undefined) {
      const chunk = await reader.read().catch(() => ({ done: true, value: undefined }))
      if (chunk.done) return
      stream.text += decoder.decode(chunk.value, { stream: true })
    }
  })()
  return stream
}

const api = async (base: string, path: string, key: string) => {
  const r = await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${key}` } })
  expect(r.status).toBe(200)
  // biome-ignore lint/suspicious/noExplicitAny: response JSON under test
  return (await r.json()) as any
}

describe("pnpm start: embedded mode in one process (SPEC §2, §7)", () => {
  it("bad configuration: one line naming the variable, exit 1", async () => {
    const run = start({ PORT: "not-a-port", CHATSHOP_DATA_DIR: dataDir })
    expect(await run.exited).toBe(1)
    const lines = run.err().trim().split("\n")
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain("PORT")
    expect(run.err()).not.toContain("    at ")
  })

  it("migrates, seeds, serves the chat page, answers a web chat customer, stops on SIGTERM; a restart seeds nothing twice", async () => {
    const port = await freePort()
    const env = { PORT: String(port), CHATSHOP_DATA_DIR: dataDir }
    const first = start(env)
    const url = await waitForUrl(first)
    const base = `http://127.0.0.1:${port}`
    expect(url).toBe(`${base}/?shop=demo`)
    expect(first.out()).toMatch(/migrations/)
    expect(first.out()).toMatch(/demo shop seeded: 7 products, 1 offer/)
    expect(first.out()).toMatch(/Tenant id:\s+demo/)
    const adminToken = readFileSync(join(dataDir, "admin.token"), "utf8").trim()
    expect(first.out()).toContain(`Admin token:   ${adminToken}`)

    const page = await fetch(url)
    expect(page.status).toBe(200)
    expect(page.headers.get("content-type")).toContain("text/html")
    expect(await page.text()).toContain("/chat/")

    // PGlite is single-process: a second launcher on the same data dir is refused, the first keeps running.
    const intruder = start(env)
    const customer = `visitor-${port}`
    const replies = await openStream(`${base}/chat/demo/events?customer=${customer}`)
    const sent = await fetch(`${base}/chat/demo/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ customerId: customer, text: "do you have chelsea boots?", id: "m1" })
    })
    expect(sent.status).toBe(202)
    const answer = await waitFor(
      "reply about the boots",
      first,
      () => (/Sizes in stock: /.test(replies.text) ? replies.text : undefined),
      30_000
    )
    expect(answer).toContain("event: reply")
    expect(answer).toContain("Chelsea boots — $89.00")
    expect(answer).toMatch(/Sizes in stock: 36, 37, 38, 39, 40, 41/)

    expect(await intruder.exited).toBe(1)
    expect(intruder.err().trim().split("\n")).toEqual([expect.stringContaining("CHATSHOP_DATA_DIR")])
    expect(intruder.err()).toContain("in use by another chatshop")

    // The event stream is still open: shutdown closes it and exits cleanly.
    const stopping = Date.now()
    first.child.kill("SIGTERM")
    expect(await first.exited).toBe(0)
    // Prompt: no leftover timer (the stream's 15 s keep-alive) holds the process.
    expect(Date.now() - stopping).toBeLessThan(10_000)
    replies.abort()
    expect(first.out()).toContain("chatshop stopped.")
    expect(first.err()).toBe("")

    const second = start(env)
    await waitForUrl(second)
    expect(second.out()).toMatch(/demo shop already seeded/)
    expect(second.out()).toContain(`Admin token:   ${adminToken}`)
    const key = readFileSync(join(dataDir, "demo-api.key"), "utf8").trim()
    const titles = ((await api(base, "/products", key)) as Array<{ title: string }>).map((p) => p.title).sort()
    expect(titles).toHaveLength(7)
    expect(new Set(titles).size).toBe(7)
    expect(titles).toContain("Chelsea boots")
    expect(await api(base, "/offers", key)).toHaveLength(1)
    // Opening stock was not added a second time.
    expect((await api(base, "/inventory/chelsea-black-38", key)).onHand).toBe(4)
    expect((await api(base, "/channels", key)).filter((c: { type: string }) => c.type === "webchat")).toHaveLength(1)
    second.child.kill("SIGTERM")
    expect(await second.exited).toBe(0)
  }, 240_000)
})
