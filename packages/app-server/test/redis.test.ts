import { layerClient, layerDedupe, relayIntake } from "@chatshop/adapters/redis"
import { type Job, MessageQueue } from "@chatshop/domain"
import { inboundDedupeContract } from "@chatshop/domain/testing"
import { Effect, Layer, ManagedRuntime, Redacted, Scope } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { describeWith } from "../../adapters/test/env.ts"
import { makeApp } from "../src/app.ts"
import { memoryWithRedis } from "../src/layers.ts"
import { deliver, messageBody, NOW } from "./harness.ts"
import { startRedis } from "./redisServer.ts"
import { ChannelAccount, ChannelAccountId, TenantId } from "@chatshop/domain"
import { keys } from "./harness.ts"

// A test-owned redis-server (killed at the end); REDIS_URL / TEST_REDIS_URL also runs the contract there.
const redis = await startRedis()
afterAll(() => redis.kill())

const dedupeOver = (url: string) =>
  layerDedupe({ prefix: `chatshop-test-${process.pid}-${Date.now()}:` }).pipe(Layer.provide(layerClient({ url })))

inboundDedupeContract("redis (test-owned server)", dedupeOver(redis.url))
describeWith("redis")("on REDIS_URL", ({ redis }) => inboundDedupeContract("redis (REDIS_URL)", dedupeOver(redis)))

const until = async (check: () => Promise<boolean>, what: string, ms = 30_000) => {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe("ingest over the Redis intake + BullMQ, Redis stopped mid-run", () => {
  it("answers 5xx while Redis is down, 2xx again after, and every 2xx reaches the queue", async () => {
    const prefix = `cs-test-${process.pid}-${Date.now()}`
    const runtime = ManagedRuntime.make(memoryWithRedis({ url: redis.url, prefix }))
    await runtime.runPromise(
      ChannelAccount.ChannelAccountRepository.use((r) =>
        r.create({
          id: ChannelAccountId.make("ch-wa"),
          tenantId: TenantId.make("shop-1"),
          type: "whatsapp",
          phoneNumberId: keys.whatsapp.phoneNumberId,
          verifyToken: keys.whatsapp.verifyToken,
          secrets: { appSecret: keys.whatsapp.appSecret, accessToken: "a" },
          managers: []
        })
      )
    )
    const app = makeApp(runtime, { adminToken: Redacted.make("x"), now: () => NOW })
    // A worker's relay runs throughout (staged jobs → BullMQ) and must ride out the outage too.
    const scope = await runtime.runPromise(Scope.make())
    await runtime.runPromise(
      Effect.forkIn(
        Effect.scoped(relayIntake({ prefix: `${prefix}:`, blockMs: 200 })).pipe(
          Effect.provide(layerClient({ url: redis.url }))
        ),
        scope
      )
    )
    const accepted = new Set<string>()
    const statuses: Array<number> = []
    let n = 0
    const send = async () => {
      const id = `r${++n}`
      const response = await deliver(app, "whatsapp", messageBody("whatsapp", id))
      statuses.push(response.status)
      if (response.status === 200) accepted.add(`whatsapp:${keys.whatsapp.phoneNumberId}:wamid.${id}`)
      return response.status
    }
    // Traffic in flight while Redis stops: 5 concurrent senders.
    const burst = (count: number) =>
      Promise.all(
        Array.from({ length: 5 }, async () => {
          for (let i = 0; i < count; i++) await send()
        })
      )

    await burst(4)
    expect(statuses.every((s) => s === 200)).toBe(true)
    const stopping = redis.stop()
    await burst(4)
    await stopping
    const down = await send()
    expect(down).toBe(503)
    expect((await app.request("/ready")).status).toBe(503)
    expect(statuses.filter((s) => s !== 200).every((s) => s >= 500)).toBe(true)

    await redis.start()
    await until(async () => (await send()) === 200, "ingest to accept again")
    expect((await app.request("/ready")).status).toBe(200)
    await burst(2)
    expect(statuses.slice(-10).every((s) => s === 200)).toBe(true)

    // Everything answered 2xx is in the queue: consume it all.
    const seen = new Set<string>()
    await runtime.runPromise(
      MessageQueue.use((q) =>
        q.consume("inbound", (job: Job) => Effect.sync(() => void seen.add(job.id)), { concurrency: 4 })
      ).pipe(Scope.provide(scope))
    )
    await until(async () => [...accepted].every((k) => seen.has(k)), "every accepted message to be consumed")
    expect(accepted.size).toBeGreaterThan(20)
    await runtime.runPromise(Scope.close(scope, undefined as never))
    await runtime.dispose()
  }, 90_000)
})
