// SPEC §8 B5 (worker half): RSS of a production worker process (`packages/app-worker/src/main.ts` bundled, on
// PostgreSQL + BullMQ/Redis, offline NLU, replies to a mock WhatsApp) idle after start, and the
// maximum sampled every 100 ms while it answers a burst of customers' first messages (B3's load).
// Needs DATABASE_URL and REDIS_URL; everything it writes lives under a fresh tenant and queue prefix.
import { execFileSync } from "node:child_process"
import { randomBytes } from "node:crypto"
import * as Queue from "../packages/adapters/src/queue/index.ts"
import {
  ChannelAccountId,
  CustomerId,
  Inbound,
  MessageQueue,
  ProductId,
  Sku,
  TenantId,
  timestamp
} from "@chatshop/domain"
import { Effect } from "effect"
import { ChannelMocks } from "../packages/adapters/src/channels/index.ts"
import { root, sleep, spawnNode } from "../e2e/harness.ts"
import { bundle, productionNodeFlags } from "../scripts/bundle.ts"
import { redisKeys, rssOf } from "./b1.ts"
import { seedShop } from "./b7-setup.ts"

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10

export const runB5Worker = async (messages = Number(process.env.CHATSHOP_BENCH_B5_MESSAGES ?? 2_000)) => {
  const databaseUrl = process.env.DATABASE_URL
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379"
  if (databaseUrl === undefined) throw new Error("B5 (worker) needs DATABASE_URL")
  const run = randomBytes(4).toString("hex")
  const prefix = `chatshop-bench-b5w-${run}`
  const secretKey = randomBytes(32).toString("base64")
  const tenantId = TenantId.make(`bench-b5w-${run}`)
  const account = ChannelAccountId.make(`acc-b5w-${run}`)
  const phoneNumberId = `b5w${run}`
  execFileSync(process.execPath, ["packages/adapters/src/postgres/migrate-cli.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: databaseUrl },
    stdio: "pipe"
  })
  await seedShop(databaseUrl, { tenantId, account, phoneNumberId, secretKey }, { burstDebounceMs: 0 }, [
    {
      id: ProductId.make("p-boots"),
      title: "Chelsea boots",
      category: "shoes",
      description: "",
      photos: [],
      price: { amount: 12_000, currency: "USD" },
      variants: [{ sku: Sku.make("boots-39"), options: { size: "39" }, oneOfAKind: false, stock: 1_000_000 }]
    }
  ])

  const mock = await ChannelMocks.startMockPlatform(ChannelMocks.whatsapp)
  // The worker production runs: the bundle `pnpm start` builds, with the same Node flags.
  const worker = spawnNode(
    "worker",
    await bundle("app-worker"),
    {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      CHATSHOP_SECRET_KEY: secretKey,
      QUEUE_PREFIX: prefix,
      WHATSAPP_API_BASE_URL: mock.url,
      LOG_LEVEL: "Info"
    },
    productionNodeFlags
  )
  try {
    await worker.waitFor(/worker started/, 60_000)
    const pid = worker.child.pid as number
    await sleep(3_000)
    const idle = rssOf(pid)
    let loaded = idle
    const sampler = setInterval(() => {
      loaded = Math.max(loaded, rssOf(pid))
    }, 100)
    const started = Date.now()
    await Effect.runPromise(
      Effect.gen(function* () {
        const queue = yield* MessageQueue
        yield* Effect.forEach(
          Array.from({ length: messages }, (_, i) => i),
          (i) => {
            const event: Inbound.InboundEvent = {
              tenantId,
              channel: "whatsapp",
              accountKey: Inbound.AccountKey.make(phoneNumberId),
              customerId: CustomerId.make(`7700${String(i).padStart(7, "0")}`),
              platformMessageId: `wamid.b5w.${run}.${i}`,
              kind: "text",
              text: "Hi",
              timestamp: timestamp(Date.now()),
              raw: {}
            }
            return queue.enqueue("inbound", Inbound.dedupeKey(event), { channelAccountId: account, event })
          },
          { concurrency: 64, discard: true }
        )
      }).pipe(Effect.scoped, Effect.provide(Queue.layer({ url: redisUrl, prefix })))
    )
    const deadline = Date.now() + 180_000
    while (new Set(mock.requests.map((r) => (r.json as { to?: string }).to)).size < messages) {
      if (Date.now() > deadline) throw new Error(`B5 (worker): only ${mock.requests.length} replies in time`)
      await sleep(100)
    }
    clearInterval(sampler)
    const seconds = (Date.now() - started) / 1000
    const result = {
      workerIdleMB: mb(idle),
      workerLoadedMB: mb(loaded),
      workerLoad: `${messages} first messages from as many customers in ${seconds.toFixed(1)} s (${Math.round(messages / seconds)}/s)`
    }
    console.log(`  B5: worker idle ${result.workerIdleMB} MB, under load ${result.workerLoadedMB} MB`)
    return result
  } finally {
    await worker.stop()
    await mock.close()
    await redisKeys(prefix, true)
  }
}

if (import.meta.main) console.log(await runB5Worker())
