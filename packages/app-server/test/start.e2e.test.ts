// `pnpm start` end to end (SPEC §2, §7; issue 5 acceptance 7): the launcher as a real process on a
// fresh data dir — migrate, seed, serve the chat page, answer a web chat customer, stop on SIGTERM —
// then a restart on the same data dir finds the demo shop without seeding it twice.
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../../../", import.meta.url))
const dataDir = mkdtempSync(join(tmpdir(), "chatshop-start-"))
const running = new Set<ChildProcess>()
afterAll(() => {
  for (const child of running) child.kill("SIGKILL")
  rmSync(dataDir, { recursive: true, force: true })
})

const start = (env: Record<string, string>) => {
  const child = spawn(process.execPath, ["scripts/start.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  running.add(child)
  let stdout = ""
  let stderr = ""
  child.stdout?.on("data", (d) => (stdout += String(d)))
  child.stderr?.on("data", (d) => (stderr += String(d)))
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      running.delete(child)
      resolve(code)
    })
  )
  return { child, exited, out: () => stdout, err: () => stderr }
}

type Run = ReturnType<typeof start>

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address()
      s.close(() => resolve(typeof a === "object" && a !== null ? a.port : 0))
    })
  })

/** Polls until `f` returns a value (not undefined), or fails naming `what` with the process output. */
const waitFor = async <A>(what: string, run: Run, f: () => A | undefined, ms: number): Promise<A> => {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const found = f()
    if (found !== undefined) return found
    if (run.child.exitCode !== null) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`no ${what} in time\nstdout:\n${run.out()}\nstderr:\n${run.err()}`)
}

// A fresh PGlite runs initdb and every migration: tens of seconds on a busy 2-core machine.
const waitForUrl = (run: Run) =>
  waitFor("web chat URL", run, () => /Web chat:\s+(http:\/\/\S+)/.exec(run.out())?.[1], 90_000)

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
