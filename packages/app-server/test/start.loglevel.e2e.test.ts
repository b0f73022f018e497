// `pnpm start` (scripts/start.ts) reads LOG_LEVEL as the server and the worker do: any letter case.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { expectOneLineFailure } from "../../adapters/test/config/process.ts"
import { freePort, killAll, start, waitForUrl } from "./launcher.ts"

const dataDir = mkdtempSync(join(tmpdir(), "chatshop-start-level-"))
afterAll(() => {
  killAll()
  rmSync(dataDir, { recursive: true, force: true })
})

describe("pnpm start and LOG_LEVEL", () => {
  it("LOG_LEVEL=loud → exit 1 with one line naming LOG_LEVEL", async () => {
    const line = await expectOneLineFailure(start({ LOG_LEVEL: "loud", CHATSHOP_DATA_DIR: dataDir }), "LOG_LEVEL")
    expect(line).toMatch(/trace, debug, info, warn, error, fatal, none.*"loud"/)
  })

  // The three runs share one data dir: only the first creates and migrates the database.
  it.each(["info", "INFO", "Info"])(
    "LOG_LEVEL=%s starts it; SIGTERM stops it with exit 0",
    async (level) => {
      const port = await freePort()
      const run = start({ PORT: String(port), CHATSHOP_DATA_DIR: dataDir, LOG_LEVEL: level })
      await waitForUrl(run)
      run.child.kill("SIGTERM")
      expect(await run.exited).toBe(0)
      expect(run.err()).toBe("")
    },
    150_000
  )
})

describe("pnpm start and .env", () => {
  it("reads the .env in the folder it was started from; the environment wins over the file", async () => {
    const port = await freePort()
    const folder = mkdtempSync(join(tmpdir(), "chatshop-dotenv-"))
    writeFileSync(
      join(folder, ".env"),
      `PORT=${port}\nLOG_LEVEL=info\nHOST=127.0.0.1\nCHATSHOP_DATA_DIR=/nonexistent\n`
    )
    try {
      const run = start({ INIT_CWD: folder, CHATSHOP_DATA_DIR: dataDir })
      const url = await waitForUrl(run)
      expect(url).toContain(`:${port}/`)
      expect(run.out()).toContain(`Settings read from ${join(folder, ".env")}`)
      run.child.kill("SIGTERM")
      expect(await run.exited).toBe(0)
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  }, 150_000)
})
