// Issue 5 acceptance 1 in production mode (SPEC §2): two server and two worker processes sharing one
// PostgreSQL and one Redis; webhooks alternate between the servers; replies read at mock WhatsApp and
// Telegram APIs. Both sales run at once, with the offline NLU, and beside them a staff reply through
// the admin API on each platform.
import { bundle, productionNodeFlags } from "../scripts/bundle.ts"
import { execFileSync } from "node:child_process"
import { randomBytes } from "node:crypto"
import { Effect } from "effect"
import { afterAll, it } from "vitest"
import { connect } from "../packages/adapters/src/redis/Client.ts"
import { databaseUrl, describeWith, redisUrl } from "../packages/adapters/test/env.ts"
import { createShop, eventually, openStream, startPlatforms } from "./harness.ts"
import { freePort, killAll, type Proc, root, spawnNode } from "./processes.ts"
import { englishWhatsAppSale, russianTelegramSale } from "./sales.ts"
import { outboxRowStatus, telegramStaffReply, whatsappStaffReply } from "./staffReply.ts"

const dbUrl = databaseUrl()
const rUrl = redisUrl()
afterAll(killAll)

// This file's own Redis database: its queues and dedupe records never meet another suite's.
const E2E_REDIS_DB = 9
const redisDb = (url: string) => {
  const u = new URL(url)
  u.pathname = `/${E2E_REDIS_DB}`
  return u.toString()
}

/**
 * Web chat in production: the page's stream is open on one server, the message goes to the other,
 * and a worker (a third process) answers: the reply crosses processes through Redis pub/sub.
 */
const webchatAcrossServers = async (
  [first, second]: [string, string],
  shop: Awaited<ReturnType<typeof createShop>>
) => {
  await shop.api.post("/api/v1/channels", { type: "webchat" })
  const visitor = `visitor-${randomBytes(4).toString("hex")}`
  const stream = await openStream(`${second}/chat/${shop.tenantId}/events?customer=${visitor}`)
  try {
    const posted = await fetch(`${first}/chat/${shop.tenantId}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ customerId: visitor, text: "do you have chelsea boots?", id: "w1" })
    })
    if (posted.status !== 202) throw new Error(`web chat POST → ${posted.status}`)
    await eventually("the web chat reply on the other server's stream", async () =>
      stream.text.includes("$120.00") ? true : undefined
    )
  } finally {
    stream.abort()
  }
}

describeWith("database", "redis")(
  "a sale and a staff reply end to end on PostgreSQL + Redis, two servers and two workers (issue 5 acceptance 1, SPEC §9 item 9)",
  () => {
    it("English on WhatsApp (screenshot → review → staff approves → paid), Russian on Telegram, web chat across servers, staff replies on both", async () => {
      await Effect.runPromise(
        Effect.scoped(Effect.flatMap(connect({ url: redisDb(rUrl!) }), (r) => Effect.promise(() => r.flushdb())))
      )
      const platforms = await startPlatforms()
      const adminToken = `e2e-admin-${randomBytes(6).toString("hex")}`
      const env = {
        DATABASE_URL: dbUrl!,
        REDIS_URL: redisDb(rUrl!),
        CHATSHOP_SECRET_KEY: randomBytes(32).toString("base64"),
        ADMIN_TOKEN: adminToken,
        DATABASE_POOL_SIZE: "4",
        // Servers and workers must agree on it: if either ignored it, no reply would ever come.
        QUEUE_PREFIX: "chatshop-e2e",
        LOG_LEVEL: "Info",
        ...platforms.env
      }
      execFileSync(process.execPath, ["packages/adapters/src/postgres/migrate-cli.ts"], {
        cwd: root,
        env: { PATH: process.env.PATH ?? "", DATABASE_URL: dbUrl! },
        stdio: "pipe"
      })
      // The processes production runs: the bundles `pnpm start` builds, with the same Node flags.
      const [server, worker] = [await bundle("app-server"), await bundle("app-worker")]
      const ports = [await freePort(), await freePort()]
      const processes: Array<Proc> = [
        ...ports.map((port, i) =>
          spawnNode(`server ${i + 1}`, server, { ...env, PORT: String(port) }, productionNodeFlags)
        ),
        spawnNode("worker 1", worker, env, productionNodeFlags),
        spawnNode("worker 2", worker, env, productionNodeFlags)
      ]
      try {
        await Promise.all([
          ...processes.slice(0, 2).map((p) => p.waitFor(/listening on http/, 60_000)),
          ...processes.slice(2).map((p) => p.waitFor(/worker started/, 60_000))
        ])
        const bases = ports.map((port) => `http://127.0.0.1:${port}`)
        let next = 0
        const alternate = () => bases[next++ % bases.length] as string
        const shop = await createShop(bases[0] as string, adminToken)
        await Promise.all([
          englishWhatsAppSale(alternate, shop, platforms),
          russianTelegramSale(alternate, shop, platforms),
          webchatAcrossServers(bases as [string, string], shop),
          whatsappStaffReply(alternate, shop, platforms, outboxRowStatus(dbUrl!)),
          telegramStaffReply(alternate, shop, platforms, outboxRowStatus(dbUrl!))
        ])
      } catch (error) {
        const outputs = processes.map((p) => `--- ${p.label} ---\n${p.output().slice(-4_000)}`).join("\n")
        throw new Error(`${error instanceof Error ? error.message : String(error)}\n${outputs}`)
      } finally {
        await Promise.all(processes.map((p) => p.stop()))
        await platforms.close()
      }
    }, 300_000)
  }
)
