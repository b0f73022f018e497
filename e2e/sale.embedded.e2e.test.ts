// Issue 5 acceptance 1 on embedded mode: `pnpm start` (scripts/start.ts) as one real process on a
// fresh PGlite data dir; a shop set up over the admin API; signed webhooks in; replies read at mock
// WhatsApp and Telegram APIs. Both sales run at once, with the offline NLU.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, it } from "vitest"
import { createShop, freePort, killAll, spawnNode, startPlatforms } from "./harness.ts"
import { englishWhatsAppSale, russianTelegramSale } from "./sales.ts"

const dataDir = mkdtempSync(join(tmpdir(), "chatshop-e2e-"))
afterAll(() => {
  killAll()
  rmSync(dataDir, { recursive: true, force: true })
})

describe("a sale end to end on embedded mode (issue 5 acceptance 1)", () => {
  it("English on WhatsApp (screenshot → review → staff approves → paid) and Russian on Telegram", async () => {
    const platforms = await startPlatforms()
    const port = await freePort()
    const adminToken = "e2e-admin-token"
    const launcher = spawnNode("pnpm start", "scripts/start.ts", {
      PORT: String(port),
      CHATSHOP_DATA_DIR: dataDir,
      ADMIN_TOKEN: adminToken,
      LOG_LEVEL: "Warn",
      ...platforms.env
    })
    try {
      // A fresh PGlite runs initdb and every migration: tens of seconds on a busy machine.
      await launcher.waitFor(/Web chat:\s+http/, 120_000)
      const base = `http://127.0.0.1:${port}`
      const shop = await createShop(base, adminToken)
      await Promise.all([
        englishWhatsAppSale(() => base, shop, platforms),
        russianTelegramSale(() => base, shop, platforms)
      ])
    } catch (error) {
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}\n--- launcher output ---\n${launcher.output()}`
      )
    } finally {
      await launcher.stop()
      await platforms.close()
    }
  }, 300_000)
})
