import { createHmac, randomUUID } from "node:crypto"
import { ChannelAccount, ChannelAccountId, type TenantId } from "@chatshop/domain"
import { Db } from "@chatshop/adapters/postgres"
import { Effect, ManagedRuntime, Redacted } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { databaseUrl, describeWith } from "../../adapters/test/env.ts"
import { scratchDatabase } from "../../adapters/test/postgres/scratch.ts"
import { makeApp } from "../src/app.ts"
import { embeddedLayer, productionLayer } from "../src/layers.ts"
import { type AppRuntime, downDependencies, Readiness } from "../src/runtime.ts"
import { ADMIN, NOW } from "./harness.ts"
import { startRedis } from "./redisServer.ts"

// biome-ignore lint/suspicious/noExplicitAny: response JSON under test, checked field by field
type Json = any

const SECRET_KEY = "api-sql-test-secret-key-0123456789"

/**
 * The admin API and a webhook over the SQL runtimes main.ts starts (SPEC §2): create a shop, connect
 * a channel (secrets sealed at rest), add a product, place an order, then receive the same
 * WhatsApp message twice (the SQL dedupe answers the repeat).
 */
const shopFlow = async (runtime: AppRuntime) => {
  const app = makeApp(runtime, { adminToken: Redacted.make(ADMIN), now: () => NOW })
  const call = async (key: string | undefined, method: string, path: string, body?: unknown) => {
    const response = await app.request(`/api/v1${path}`, {
      method,
      headers: { "content-type": "application/json", ...(key === undefined ? {} : { authorization: `Bearer ${key}` }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    const text = await response.text()
    return { status: response.status, body: (text === "" ? undefined : JSON.parse(text)) as Json }
  }
  const unique = randomUUID().replaceAll("-", "").slice(0, 12)
  const wa = {
    phoneNumberId: `pn${unique}`,
    appSecret: `app-secret-${unique}`,
    accessToken: `access-${unique}`,
    verifyToken: `verify-${unique}`
  }

  const ready = await app.request("/ready")
  expect(ready.status).toBe(200)

  const shop = await call(ADMIN, "POST", "/tenants", { name: "Boot Corner", currency: "USD" })
  expect(shop.status).toBe(201)
  const key: string = shop.body.apiKey
  const tenantId: TenantId = shop.body.id
  expect((await call(key, "GET", "/shop")).body.name).toBe("Boot Corner")
  expect((await call("csk_nope", "GET", "/shop")).status).toBe(401)

  const channel = await call(key, "POST", "/channels", { type: "whatsapp", ...wa, managers: ["77010000000"] })
  expect(channel.status).toBe(201)
  const listed = JSON.stringify((await call(key, "GET", "/channels")).body)
  expect(listed).toContain(channel.body.id)
  for (const secret of [wa.appSecret, wa.accessToken]) expect(listed).not.toContain(secret)
  // The repository hands the worker the secrets back, decrypted.
  const stored = await runtime.runPromise(
    ChannelAccount.ChannelAccountRepository.use((r) => r.get(tenantId, ChannelAccountId.make(channel.body.id)))
  )
  expect(stored.secrets).toEqual({ appSecret: wa.appSecret, accessToken: wa.accessToken })
  expect(stored.managers).toEqual(["77010000000"])

  const product = await call(key, "POST", "/products", {
    title: "Chelsea boots",
    category: "shoes",
    price: { amount: "59.90", currency: "USD" },
    variants: [{ sku: "B-38", options: { size: "38" }, stock: 2 }]
  })
  expect(product.status).toBe(201)
  expect(product.body.price).toEqual({ amount: "59.90", currency: "USD" })

  const order = await call(key, "POST", "/orders", {
    customer: { name: "Ann", phone: "+15551234567" },
    lines: [{ sku: "B-38", qty: 1 }],
    delivery: "pickup",
    fields: { city: "Almaty" }
  })
  expect(order.status).toBe(201)
  expect(order.body.status).toBe("placed")
  expect((await call(key, "GET", "/inventory/B-38")).body).toEqual({
    sku: "B-38",
    onHand: 2,
    reserved: 1,
    available: 1
  })
  expect((await call(key, "GET", `/orders/${order.body.id}`)).body.id).toBe(order.body.id)
  const short = await call(key, "POST", "/orders", {
    customer: { name: "Bo", phone: "+15557654321" },
    lines: [{ sku: "B-38", qty: 5 }],
    delivery: "pickup",
    fields: { city: "Almaty" }
  })
  expect(short.status).toBe(409)

  // Meta's verification finds the account by its verify token, stored only as a digest.
  const challenge = await app.request(
    `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${wa.verifyToken}&hub.challenge=c42`
  )
  expect(await challenge.text()).toBe("c42")

  const body = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "1",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "1", phone_number_id: wa.phoneNumberId },
              contacts: [{ profile: { name: "Ann" }, wa_id: "15551234567" }],
              messages: [
                { from: "15551234567", id: `wamid.${unique}`, timestamp: "1", type: "text", text: { body: "hi" } }
              ]
            }
          }
        ]
      }
    ]
  })
  const deliver = () =>
    app.request("/webhooks/whatsapp", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-hub-signature-256": `sha256=${createHmac("sha256", wa.appSecret).update(body).digest("hex")}`
      },
      body
    })
  expect(await (await deliver()).json()).toEqual({ status: "ok", accepted: 1, duplicates: 0 })
  expect(await (await deliver()).json()).toEqual({ status: "ok", accepted: 0, duplicates: 1 })
  return { messageId: `wamid.${unique}` }
}

/** The SQL dedupe records of a platform message id (the port's rows: tenant '' and account ''). */
const sqlDedupeRows = (messageId: string) =>
  Effect.gen(function* () {
    const { kysely } = yield* Db
    const rows = yield* Effect.promise(() =>
      kysely
        .selectFrom("inbound_dedupe")
        .select("platform_message_id")
        .where("platform_message_id", "like", `%:${messageId}`)
        .execute()
    )
    return rows.length
  })

describe("the API on the embedded PGlite runtime (embeddedLayer)", () => {
  it("create tenant → channel → product → order; webhook dedupe in SQL", async () => {
    const runtime: AppRuntime = ManagedRuntime.make(
      embeddedLayer({ dataDir: "unused", memory: true, secretKey: SECRET_KEY })
    )
    try {
      await shopFlow(runtime)
    } finally {
      await runtime.dispose()
    }
  }, 120_000)
})

const url = databaseUrl()
// A database of its own: migrations and rows of this test stay out of the shared one.
const scratch = url === undefined ? undefined : await scratchDatabase(url, "server")
afterAll(() => scratch?.drop())

describeWith("database")("the API on the production PostgreSQL runtime (productionLayer)", () => {
  it("create tenant → channel → product → order; webhook dedupe in SQL", async () => {
    const runtime = ManagedRuntime.make(
      productionLayer({ databaseUrl: scratch?.url ?? "", secretKey: SECRET_KEY, poolSize: 4, migrate: true })
    )
    try {
      const { messageId } = await shopFlow(runtime)
      expect(await runtime.runPromise(sqlDedupeRows(messageId))).toBe(1)
      // The secrets row on PostgreSQL holds no plaintext.
      const text = await runtime.runPromise(
        Effect.gen(function* () {
          const { kysely } = yield* Db
          const rows = yield* Effect.promise(() => kysely.selectFrom("channel_accounts").selectAll().execute())
          return JSON.stringify(
            rows.map((r) => ({ ...r, secrets_ciphertext: Buffer.from(r.secrets_ciphertext).toString("latin1") }))
          )
        })
      )
      expect(text).toContain("secrets_key_id")
      expect(text).not.toMatch(/app-secret-|access-[0-9a-f]{12}|verify-[0-9a-f]{12}/)
    } finally {
      await runtime.dispose()
    }
  }, 120_000)

  it("with REDIS_URL: dedupe records and jobs go to Redis, /ready checks both", async () => {
    const redis = await startRedis()
    const runtime = ManagedRuntime.make(
      productionLayer({
        databaseUrl: scratch?.url ?? "",
        secretKey: SECRET_KEY,
        redis: { url: redis.url, prefix: `cs-sql-${process.pid}` },
        poolSize: 4,
        migrate: true
      })
    )
    try {
      const { messageId } = await shopFlow(runtime)
      expect(await runtime.runPromise(sqlDedupeRows(messageId))).toBe(0)
      expect(await runtime.runPromise(Effect.map(Readiness, (checks) => checks.map((c) => c.name)))).toEqual([
        "database",
        "redis"
      ])
      await redis.stop()
      expect(await runtime.runPromise(downDependencies)).toEqual(["redis"])
    } finally {
      await runtime.dispose()
      redis.kill()
    }
  }, 120_000)

  it("an unmigrated database stops the start naming `pnpm db:migrate`", async () => {
    const empty = await scratchDatabase(url ?? "", "unmigrated")
    const runtime = ManagedRuntime.make(productionLayer({ databaseUrl: empty.url, secretKey: SECRET_KEY, poolSize: 2 }))
    try {
      const error = await runtime.context().then(
        () => undefined,
        (e: unknown) => e
      )
      expect(String((error as Error | undefined)?.message)).toMatch(/not migrated \(\d+ pending.*pnpm db:migrate/)
    } finally {
      await runtime.dispose()
      await empty.drop()
    }
  }, 60_000)
})
