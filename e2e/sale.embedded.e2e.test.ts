// Issue 5 acceptance 1 on embedded mode: `pnpm start` (scripts/start.ts) as one real process on a
// fresh PGlite data dir; a shop set up over the admin API; signed webhooks in; replies read at mock
// WhatsApp and Telegram APIs. Both sales run at once, with the offline NLU, and beside them a staff
// reply through the admin API on each platform.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, it } from "vitest"
import { describeWith } from "../packages/adapters/test/env.ts"
import { createShop, eventually, startPlatforms, whatsappTexts, whatsappWebhook } from "./harness.ts"
import { freePort, killAll, spawnNode, withOutput } from "./processes.ts"
import { englishWhatsAppSale, russianTelegramSale } from "./sales.ts"
import { telegramStaffReply, whatsappStaffReply } from "./staffReply.ts"

const dataDir = mkdtempSync(join(tmpdir(), "chatshop-e2e-"))
afterAll(() => {
  killAll()
  rmSync(dataDir, { recursive: true, force: true })
})

describe("a sale and a staff reply end to end on embedded mode (issue 5 acceptance 1, SPEC §9 item 9)", () => {
  it("English on WhatsApp (screenshot → review → staff approves → paid), Russian on Telegram, staff replies on both", async () => {
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
        russianTelegramSale(() => base, shop, platforms),
        whatsappStaffReply(() => base, shop, platforms),
        telegramStaffReply(() => base, shop, platforms)
      ])
    } catch (error) {
      throw withOutput(error, launcher)
    } finally {
      await launcher.stop()
      await platforms.close()
    }
  }, 300_000)
})

describeWith("redis")("embedded mode with REDIS_URL", ({ redis: redisUrl }) => {
  it("webhooks staged by the Redis intake are relayed onto BullMQ and answered by the in-process worker", async () => {
    const platforms = await startPlatforms()
    const port = await freePort()
    const adminToken = "e2e-admin-token"
    const redisDataDir = mkdtempSync(join(tmpdir(), "chatshop-e2e-redis-"))
    const launcher = spawnNode("pnpm start (Redis)", "scripts/start.ts", {
      PORT: String(port),
      CHATSHOP_DATA_DIR: redisDataDir,
      ADMIN_TOKEN: adminToken,
      LOG_LEVEL: "Warn",
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: `chatshop-e2e-start-${process.pid}`,
      ...platforms.env
    })
    try {
      await launcher.waitFor(/worker running \(offline NLU, BullMQ on Redis/, 120_000)
      await launcher.waitFor(/Web chat:\s+http/, 60_000)
      const base = `http://127.0.0.1:${port}`
      const shop = await createShop(base, adminToken)
      const from = "77015550101"
      await whatsappWebhook(base, shop, from, { type: "text", text: { body: "do you have chelsea boots?" } })
      const replies = await eventually("a reply at the mock WhatsApp", async () => {
        const texts = whatsappTexts(platforms.whatsapp, from)
        return texts.length > 0 ? texts : undefined
      })
      if (!replies.some((t) => t.includes("120.00"))) throw new Error(`no price in ${JSON.stringify(replies)}`)
    } catch (error) {
      throw withOutput(error, launcher)
    } finally {
      await launcher.stop()
      await platforms.close()
      rmSync(redisDataDir, { recursive: true, force: true })
    }
  }, 300_000)
})
