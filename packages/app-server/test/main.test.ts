import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url))
// Embedded mode keeps PGlite and its secret key in CHATSHOP_DATA_DIR: a throw-away one here.
const dataDir = mkdtempSync(join(tmpdir(), "chatshop-main-"))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const start = (env: Record<string, string>) => {
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? "", CHATSHOP_DATA_DIR: dataDir, ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  let stdout = ""
  let stderr = ""
  child.stdout?.on("data", (d) => (stdout += String(d)))
  child.stderr?.on("data", (d) => (stderr += String(d)))
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
  return { child, exited, out: () => stdout, err: () => stderr }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address()
      s.close(() => resolve(typeof a === "object" && a !== null ? a.port : 0))
    })
  })

const stop = (child: ChildProcess) => child.kill("SIGTERM")

describe("main.ts", () => {
  it.each([
    [{ PORT: "abc" }, "PORT"],
    [{ WHATSAPP_API_BASE_URL: "nope" }, "WHATSAPP_API_BASE_URL"]
  ])("bad config %o → exit 1 with one stderr line naming %s, no stack trace", async (env, variable) => {
    const run = start(env)
    expect(await run.exited).toBe(1)
    const lines = run.err().trim().split("\n")
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(variable)
    expect(run.err()).not.toContain("    at ")
  })

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
    stop(run.child)
    expect(await run.exited).toBe(0)
  }, 120_000)
})
