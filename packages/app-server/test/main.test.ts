import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"
import {
  expectOneLineFailure,
  freePort,
  killAll,
  spawnEntry,
  waitForOutput
} from "../../adapters/test/config/process.ts"

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url))
// Embedded mode keeps PGlite and its secret key in CHATSHOP_DATA_DIR: a throw-away one here.
const dataDir = mkdtempSync(join(tmpdir(), "chatshop-main-"))
afterAll(() => {
  killAll()
  rmSync(dataDir, { recursive: true, force: true })
})

const start = (env: Record<string, string>) => spawnEntry(main, { CHATSHOP_DATA_DIR: dataDir, ...env })

describe("main.ts", () => {
  it.each([
    [{ PORT: "abc" }, "PORT"],
    [{ WHATSAPP_API_BASE_URL: "nope" }, "WHATSAPP_API_BASE_URL"]
  ])("bad config %o → exit 1 with one stderr line naming %s, no stack trace", async (env, variable) => {
    await expectOneLineFailure(start(env), variable)
  })

  it("LOG_LEVEL=loud → exit 1 with one line naming LOG_LEVEL and the levels it takes", async () => {
    const line = await expectOneLineFailure(start({ LOG_LEVEL: "loud" }), "LOG_LEVEL")
    expect(line).toMatch(/trace, debug, info, warn, error, fatal, none.*"loud"/)
  })

  // .env.example writes `LOG_LEVEL=info`; Effect's own reader took only "Info".
  it.each(["info", "INFO", "Info"])(
    "LOG_LEVEL=%s starts it; SIGTERM stops it with exit 0",
    async (level) => {
      const port = await freePort()
      const run = start({ PORT: String(port), ADMIN_TOKEN: "adm", LOG_LEVEL: level })
      await waitForOutput(run, /chatshop server listening on/, 90_000)
      run.child.kill("SIGTERM")
      expect(await run.exited).toBe(0)
      expect(run.err()).toBe("")
    },
    120_000
  )

  it("starts, serves /health, and exits 0 on SIGTERM", async () => {
    const port = await freePort()
    const run = start({ PORT: String(port), ADMIN_TOKEN: "adm" })
    const deadline = Date.now() + 90_000
    let health: Response | undefined
    while (health === undefined && Date.now() < deadline) {
      health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined)
      if (health === undefined) await new Promise((r) => setTimeout(r, 100))
    }
    expect(health?.status).toBe(200)
    // Through node:http: a chunked body over 1 MiB is cut off by its streamed length.
    let chunks = 0
    const big = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (++chunks > 40) return controller.close()
        controller.enqueue(new Uint8Array(64 * 1024).fill(32))
      }
    })
    const tooLarge = await fetch(`http://127.0.0.1:${port}/webhooks/greenapi/any`, {
      method: "POST",
      headers: { authorization: "Bearer x" },
      body: big,
      duplex: "half"
    } as RequestInit)
    expect(tooLarge.status).toBe(413)
    const unknown = await fetch(`http://127.0.0.1:${port}/webhooks/greenapi/any`, {
      method: "POST",
      headers: { authorization: "Bearer x" },
      body: "{}"
    })
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("unknown_account")
    run.child.kill("SIGTERM")
    expect(await run.exited).toBe(0)
  }, 120_000)
})
