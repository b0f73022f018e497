// B7's world: a fresh PostgreSQL database (migrated, one shop with a small catalog and a WhatsApp
// number, the reference's tables), the mock WhatsApp, and the two processes under test — the worker
// and the reference consumer — each on its own Redis key prefix. `close` stops them and drops it all.
import { execFileSync } from "node:child_process"
import { randomBytes } from "node:crypto"
import {
  Catalog,
  ChannelAccount,
  ChannelAccountId,
  CustomerId,
  Inbound,
  MessageQueue,
  ProductId,
  Sku,
  Tenant,
  TenantId,
  timestamp
} from "@chatshop/domain"
import { Effect, Layer, ManagedRuntime } from "effect"
import { ChannelMocks } from "../packages/adapters/src/channels/index.ts"
import * as Postgres from "../packages/adapters/src/postgres/index.ts"
import * as Queue from "../packages/adapters/src/queue/index.ts"
import { type Proc, root, spawnNode } from "../e2e/harness.ts"
import { bundle, productionNodeFlags } from "../scripts/bundle.ts"
import { redisKeys } from "./b1.ts"
import { adapterDependency, pgPool, referenceTables } from "./b7-reference.ts"

export const CONCURRENCY = 32
export const POOL_SIZE = 10
export const SEARCH = "Do you have chelsea boots?"

/** Where jobs for one process under test go: `enqueue(customer, text, key)` as the webhook intake would. */
export interface Target {
  readonly label: string
  readonly enqueue: (customer: string, text: string, key: string) => Promise<void>
}

type NewProduct = Parameters<Catalog.Catalog["Service"]["create"]>[0]

/** The bench's shop: its tenant, WhatsApp number (channel account) and the key its secrets are sealed with. */
export interface BenchShop {
  readonly tenantId: TenantId
  readonly account: ChannelAccountId
  readonly phoneNumberId: string
  readonly secretKey: string
}

/** Creates `shop` with `settings` and `products` in the (migrated) database at `url`; B5 and B7 use it. */
export const seedShop = (
  url: string,
  shop: BenchShop,
  settings: Tenant.SettingsPatch,
  products: ReadonlyArray<Omit<NewProduct, "tenantId">>
) =>
  Effect.runPromise(
    Effect.gen(function* () {
      yield* (yield* Tenant.TenantRepository).create({
        id: shop.tenantId,
        name: "Bench Shoes",
        settings: Tenant.settingsWith(settings)
      })
      const catalog = yield* Catalog.Catalog
      for (const p of products) yield* catalog.create({ ...p, tenantId: shop.tenantId })
      yield* (yield* ChannelAccount.ChannelAccountRepository).create({
        id: shop.account,
        tenantId: shop.tenantId,
        type: "whatsapp",
        phoneNumberId: shop.phoneNumberId,
        verifyToken: `verify-${shop.phoneNumberId}`,
        secrets: { accessToken: "bench-token", appSecret: "bench-secret" },
        managers: []
      })
    }).pipe(
      Effect.provide(
        Layer.mergeAll(Catalog.Catalog.layer, Postgres.layerChannelAccounts(shop.secretKey)).pipe(
          Layer.provideMerge(Postgres.layer({ url, poolSize: 2 }))
        )
      )
    )
  )

const variant = (id: string, size: string, color: string) => ({
  sku: Sku.make(`${id}-${size}`),
  options: { size, color },
  oneOfAKind: false,
  stock: 1_000_000
})

/** Five kinds of shoes in two colours and four sizes: "chelsea boots" matches some, scores all. */
const products = ["Chelsea boots", "Running sneakers", "Leather loafers", "Canvas sandals", "Ankle boots"].flatMap(
  (title, i) =>
    ["Black", "Brown"].map((color, j) => {
      const id = ProductId.make(`p-${i}-${j}`)
      return {
        id,
        title: `${title} ${color.toLowerCase()}`,
        category: "shoes" as const,
        description: `${title}, genuine leather`,
        photos: [],
        price: { amount: 8_000 + 1_000 * i, currency: "USD" as const },
        variants: [variant(id, "39", color), ...["38", "40", "41"].map((size) => variant(id, size, color))] as const
      }
    })
)

/** A producer on `prefix`'s BullMQ `inbound` queue, enqueueing WhatsApp text messages to the bench shop. */
const producer = (label: string, redisUrl: string, prefix: string, who: Omit<BenchShop, "secretKey">) => {
  const runtime = ManagedRuntime.make(Queue.layer({ url: redisUrl, prefix }))
  const target: Target = {
    label,
    enqueue: (customer, text, key) => {
      const event: Inbound.InboundEvent = {
        tenantId: who.tenantId,
        channel: "whatsapp",
        accountKey: Inbound.AccountKey.make(who.phoneNumberId),
        customerId: CustomerId.make(customer),
        platformMessageId: `wamid.b7.${key}`,
        kind: "text",
        text,
        timestamp: timestamp(Date.now()),
        raw: {}
      }
      return runtime.runPromise(
        MessageQueue.use((queue) =>
          queue.enqueue("inbound", Inbound.dedupeKey(event), { channelAccountId: who.account, event })
        )
      )
    }
  }
  return { target, close: () => runtime.dispose() }
}

/** Polls whether `key` (a sweep's lock) exists. */
const sweepWatch = (redisUrl: string, key: string) => {
  const { Redis } = adapterDependency("ioredis") as {
    Redis: new (url: string) => { exists: (key: string) => Promise<number>; quit: () => Promise<unknown> }
  }
  const redis = new Redis(redisUrl)
  let held = false
  const timer = setInterval(() => {
    redis.exists(key).then(
      (n) => {
        held = n === 1
      },
      () => {}
    )
  }, 100)
  return {
    sweeping: () => held,
    close: async () => {
      clearInterval(timer)
      await redis.quit()
    }
  }
}

export interface World {
  readonly run: string
  readonly databaseUrl: string
  readonly mock: ChannelMocks.MockPlatform
  readonly worker: Target & { readonly proc: Proc }
  readonly reference: Target & { readonly proc: Proc }
  /** Whether the worker's nudge sweep holds its lock (sampled every 100 ms): it visits every conversation. */
  readonly sweeping: () => boolean
  /** "unlimited" (bench/b7-worker.ts) or "production" (the unchanged bundle, WhatsApp limits on). */
  readonly limits: "unlimited" | "production"
  readonly close: () => Promise<void>
}

export interface WorldOptions {
  /** Extra Node flags for the worker (e.g. --cpu-prof). */
  readonly workerFlags?: ReadonlyArray<string>
  /** Where the worker reaches PostgreSQL and Redis (a counting proxy); default the real ones. */
  readonly workerUrls?: (urls: { databaseUrl: string; redisUrl: string }) => { databaseUrl: string; redisUrl: string }
}

export const openWorld = async (options: WorldOptions = {}): Promise<World> => {
  const adminUrl = process.env.DATABASE_URL
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379"
  if (adminUrl === undefined) throw new Error("B7 needs DATABASE_URL")
  const run = randomBytes(4).toString("hex")
  const database = `chatshop_bench_b7_${run}`
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString()
  const prefix = `chatshop-bench-b7-${run}`
  const limits = process.env.CHATSHOP_BENCH_B7_LIMITS === "production" ? "production" : "unlimited"
  const shop: BenchShop = {
    tenantId: TenantId.make(`bench-b7-${run}`),
    account: ChannelAccountId.make(`acc-b7-${run}`),
    phoneNumberId: `b7${run}`,
    secretKey: randomBytes(32).toString("base64")
  }
  const cleanup: Array<() => Promise<unknown>> = []
  const close = async () => {
    for (const step of cleanup.reverse()) await step().catch((e) => console.error(`  B7 cleanup: ${e}`))
  }
  try {
    const admin = pgPool(adminUrl, 1)
    await admin.query(`create database ${database}`)
    cleanup.push(async () => {
      await admin.query(`drop database if exists ${database} with (force)`)
      await admin.end()
    })
    execFileSync(process.execPath, ["packages/adapters/src/postgres/migrate-cli.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", DATABASE_URL: databaseUrl },
      stdio: "pipe"
    })
    const bench = pgPool(databaseUrl, 1)
    await bench.query(referenceTables)
    await bench.end()
    // No debounce: each message is its own turn at once; open around the clock (no after-hours reply).
    await seedShop(
      databaseUrl,
      shop,
      { burstDebounceMs: 0, workHours: { startMinute: 0, endMinute: 24 * 60 } },
      products
    )
    cleanup.push(
      () => redisKeys(prefix, true),
      () => redisKeys(`${prefix}-ref`, true)
    )
    const mock = await ChannelMocks.startMockPlatform(ChannelMocks.whatsapp)
    cleanup.push(() => mock.close())
    const urls = options.workerUrls?.({ databaseUrl, redisUrl }) ?? { databaseUrl, redisUrl }
    const common = { REDIS_URL: redisUrl, WHATSAPP_API_BASE_URL: mock.url, WORKER_CONCURRENCY: String(CONCURRENCY) }
    const workerProc = spawnNode(
      "worker",
      limits === "production" ? await bundle("app-worker") : "bench/b7-worker.ts",
      {
        ...common,
        DATABASE_URL: urls.databaseUrl,
        REDIS_URL: urls.redisUrl,
        DATABASE_POOL_SIZE: String(POOL_SIZE),
        CHATSHOP_SECRET_KEY: shop.secretKey,
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: "Info"
      },
      [...productionNodeFlags, ...(options.workerFlags ?? [])]
    )
    cleanup.push(() => workerProc.stop())
    const referenceProc = spawnNode(
      "reference",
      "bench/b7-reference.ts",
      {
        ...common,
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_SIZE: String(POOL_SIZE),
        QUEUE_PREFIX: `${prefix}-ref`,
        B7_PHONE_NUMBER_ID: shop.phoneNumberId
      },
      productionNodeFlags
    )
    cleanup.push(() => referenceProc.stop())
    await Promise.all([
      workerProc.waitFor(/worker started/, 60_000),
      referenceProc.waitFor(/reference started/, 60_000)
    ])
    const sweep = sweepWatch(redisUrl, `${prefix}:lock:{sweep:nudges}`)
    cleanup.push(sweep.close)
    const toWorker = producer("worker", redisUrl, prefix, shop)
    const toReference = producer("reference", redisUrl, `${prefix}-ref`, shop)
    cleanup.push(toWorker.close, toReference.close)
    return {
      run,
      databaseUrl,
      mock,
      limits,
      sweeping: sweep.sweeping,
      worker: { ...toWorker.target, proc: workerProc },
      reference: { ...toReference.target, proc: referenceProc },
      close
    }
  } catch (error) {
    await close()
    throw error
  }
}
