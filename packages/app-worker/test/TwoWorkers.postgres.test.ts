import { ChannelMocks } from "@chatshop/adapters/channels"
import * as Postgres from "@chatshop/adapters/postgres"
import * as Queue from "@chatshop/adapters/queue"
import * as Redis from "@chatshop/adapters/redis"
import {
  ChannelAccount,
  Conversation,
  type CustomerId,
  IdGenerator,
  Inbound,
  Inventory,
  Order,
  Outbox,
  Sku
} from "@chatshop/domain"
import { freshTenant } from "@chatshop/domain/testing"
import { assert, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { afterAll } from "vitest"
import { databaseUrl, describeWith, redisUrl } from "../../adapters/test/env.ts"
import { deleteKeys, runPrefix } from "../../adapters/test/redis/cleanup.ts"
import { TurnStore } from "../src/TurnStore.ts"
import { deliver, seed, textEvent, waitFor, whatsappTexts, world } from "./harness.ts"

const dbUrl = databaseUrl()
const rUrl = redisUrl()

describeWith("database", "redis")("two workers on PostgreSQL + Redis + BullMQ (SPEC §2, §9.1, §9.2)", () => {
  const prefix = runPrefix("worker")
  afterAll(() => (rUrl === undefined ? Promise.resolve() : deleteKeys(rUrl, prefix)))

  it.live(
    "two customers race for the last pair, every message delivered 3× across both workers → one reply each, no oversell",
    () =>
      Effect.gen(function* () {
        const wa = yield* ChannelMocks.mockPlatform(ChannelMocks.whatsapp)
        const tenantId = freshTenant("two-workers")
        // Channel accounts have no SQL adapter yet: both workers share one in-memory repository.
        const sharedAccounts = yield* Layer.build(ChannelAccount.ChannelAccountRepository.layerMemory)
        const accounts = Layer.succeedContext(sharedAccounts)
        // One process each: its own pool, BullMQ connections, Redis lock client; shared database and queue.
        const instance = () =>
          world(Postgres.layer({ url: dbUrl!, poolSize: 4, migrate: true }), {
            urls: { whatsapp: wa.url },
            queue: Queue.layer({ url: rUrl!, prefix }),
            locks: Redis.layerUrl({ url: rUrl!, prefix: `${prefix}:` }).pipe(Layer.orDie),
            turns: TurnStore.layerSql,
            ids: IdGenerator.layerRandom,
            accounts,
            // The test database is shared with other suites: send only this test's shop's rows.
            worker: { schedulers: false, concurrency: 8, outbox: { tenantId } }
          })
        const a = yield* Layer.build(instance())
        const b = yield* Layer.build(instance())
        type Services = Layer.Success<ReturnType<typeof instance>>
        const inA = <X, E>(effect: Effect.Effect<X, E, Services>) => Effect.provideContext(effect, a)
        const inB = <X, E>(effect: Effect.Effect<X, E, Services>) => Effect.provideContext(effect, b)

        yield* inA(seed(tenantId, { burstDebounceMs: 20 }, 1))
        const customers = ["77015551001", "77015551002"]
        const script = ["Do you have chelsea boots?", "yes", "Almaty", "39", "delivery", "Abay avenue 10", "yes"]
        const handled = (customer: string, inbound: number) =>
          inA(
            Effect.gen(function* () {
              const repo = yield* Conversation.ConversationRepository
              const [c] = yield* repo.list(tenantId, { customerId: customer as CustomerId })
              if (c === undefined) return false
              const ins = (yield* repo.messages(tenantId, c.id)).filter((m) => m.direction === "in").length
              const record = yield* (yield* TurnStore).get(tenantId, c.id)
              const open = (yield* (yield* Outbox).list(tenantId, { recipient: customer })).filter(
                (r) => r.status === "pending" || r.status === "sending"
              )
              return ins === inbound && record.pending.length === 0 && open.length === 0
            })
          )
        const buyer = (customer: string) =>
          Effect.gen(function* () {
            for (const [i, text] of script.entries()) {
              const event = yield* textEvent(tenantId, customer, text)
              const key = Inbound.dedupeKey(event)
              // Three deliveries: through each worker's producer, and once more under another job id.
              yield* Effect.all([inA(deliver(event)), inB(deliver(event)), inB(deliver(event, `${key}#again`))], {
                concurrency: "unbounded"
              })
              yield* waitFor(`${customer}: "${text}" answered`, handled(customer, i + 1), 60_000)
            }
          })
        yield* Effect.all(customers.map(buyer), { concurrency: "unbounded" })

        const orders = yield* inA(
          Effect.gen(function* () {
            return yield* (yield* Order.OrderRepository).list(tenantId, {})
          })
        )
        const placed = orders.filter((o) => o.status === "placed")
        assert.strictEqual(placed.length, 1, "exactly one of the two got the last pair")
        const level = yield* inA(
          Effect.gen(function* () {
            return yield* (yield* Inventory.StockLedger).level(tenantId, Sku.make("boots-39"))
          })
        )
        assert.deepStrictEqual([level.onHand, level.reserved, level.available], [1, 1, 0])

        for (const customer of customers) {
          const log = yield* inA(
            Effect.gen(function* () {
              const repo = yield* Conversation.ConversationRepository
              const [c] = yield* repo.list(tenantId, { customerId: customer as CustomerId })
              return yield* repo.messages(tenantId, c!.id)
            })
          )
          assert.strictEqual(log.filter((m) => m.direction === "in").length, script.length, "one inbound each")
          const bot = log.filter((m) => m.sender === "bot")
          assert.strictEqual(whatsappTexts(wa.requests, customer).length, bot.length, "every reply sent exactly once")
        }
      }),
    120_000
  )
})
