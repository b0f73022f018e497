import { ChannelMocks } from "@chatshop/adapters/channels"
import {
  Conversation,
  CustomerId,
  DistributedLock,
  HOUR,
  Inventory,
  MessageId,
  MINUTE,
  Order,
  OrderId,
  ProductId,
  Sku,
  TenantId,
  timestamp
} from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect } from "effect"
import { TestClock } from "effect/testing"
import { sweepNudges } from "../src/Schedulers.ts"
import { applyAll } from "../src/Turn.ts"
import { memoryStorage, seed, telegramAccount, telegramManager, telegramTexts, waitFor, world } from "./harness.ts"

const tenantId = TenantId.make("shop-sweeps")
const sku = Sku.make("boots-39")

/** Place an order for `qty` pairs of size 39 straight through the Orders service (as the admin API would). */
const placeOrder = (qty: number) =>
  Effect.gen(function* () {
    const orders = yield* Order.Orders
    const id = OrderId.make("ord-sweep")
    yield* orders.draft(tenantId, { id, customer: { customerId: CustomerId.make("c-1") }, currency: "USD" })
    yield* orders.addLine(tenantId, id, {
      sku,
      productId: ProductId.make("p-boots"),
      title: "Chelsea boots",
      qty,
      unitPrice: { amount: 12_000, currency: "USD" },
      category: "shoes",
      hasSizes: true,
      colorCount: 1,
      size: "39",
      color: "Black"
    })
    for (const [field, value] of [
      ["city", "Almaty"],
      ["phone", "+77015550099"],
      ["delivery", "pickup"]
    ] as const) {
      yield* orders.setField(tenantId, id, { field, value })
    }
    return (yield* orders.place(tenantId, id)).state
  })

describe("sweepers on Effect's Clock (SPEC §3.2, §3.3)", () => {
  it.effect(
    "a low-stock crossing reaches the shop's manager; a lapsed hold expires the order and frees the stock",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(Date.UTC(2026, 10, 23, 9))
        const tg = yield* ChannelMocks.mockPlatform(ChannelMocks.telegram)
        yield* Effect.gen(function* () {
          yield* seed(tenantId, { holdHours: 2 }) // the shop's own hold time, not the 24 h default
          const placed = yield* placeOrder(2)
          assert.strictEqual(placed.status, "placed")
          const ledger = yield* Inventory.StockLedger
          assert.strictEqual((yield* ledger.level(tenantId, sku)).available, 1)

          assert.strictEqual(telegramTexts(tg.requests, telegramManager).length, 0)
          yield* TestClock.adjust(31_000) // the low-stock sweep runs every 30 s
          yield* waitFor(
            "the manager's alert",
            Effect.sync(() => telegramTexts(tg.requests, telegramManager).length === 1)
          )
          assert.include(telegramTexts(tg.requests, telegramManager)[0]!, "boots-39 — 1 left")

          // Not yet: the hold lasts the shop's 2 h.
          assert.strictEqual(placed.holdUntil, placed.placedAt! + 2 * HOUR)
          yield* TestClock.adjust(HOUR)
          assert.strictEqual((yield* (yield* Order.OrderRepository).get(tenantId, placed.id)).status, "placed")
          yield* TestClock.adjust(HOUR + 2 * MINUTE)
          yield* waitFor(
            "the hold expired",
            Effect.map((yield* Order.OrderRepository).get(tenantId, placed.id), (o) => o.status === "expired")
          )
          const level = yield* ledger.level(tenantId, sku)
          assert.deepStrictEqual([level.reserved, level.available], [0, 3])
          assert.strictEqual(telegramTexts(tg.requests, telegramManager).length, 1, "the alert was sent once")
        }).pipe(
          Effect.provide(
            world(memoryStorage, {
              urls: { telegram: tg.url },
              worker: {
                outbox: { pollMs: HOUR },
                schedulers: { holdsEveryMs: MINUTE, lowStockEveryMs: 30_000, nudgeEveryMs: HOUR, offersEveryMs: HOUR }
              }
            })
          )
        )
      })
  )

  it.effect("the nudge sweep takes no customer's turn lock before that customer's nudge is due", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(Date.UTC(2026, 10, 23, 9)) // Monday 10:00 in the shop's Berlin
      const tg = yield* ChannelMocks.mockPlatform(ChannelMocks.telegram)
      yield* Effect.gen(function* () {
        yield* seed(tenantId)
        const repo = yield* Conversation.ConversationRepository
        const customerId = CustomerId.make("c-quiet")
        const c = yield* repo.getOrCreate(tenantId, {
          channel: "telegram",
          channelAccountId: telegramAccount,
          customerId
        })
        const at = timestamp(yield* Clock.currentTimeMillis)
        yield* repo.update(
          tenantId,
          c.id,
          applyAll([{ _tag: "RecordBotMessage", messageId: MessageId.make("m-hi"), text: "Hi!", nudge: false, at }])
        )
        const locks = yield* DistributedLock
        const taken: Array<string> = []
        const counting = DistributedLock.of({
          ...locks,
          withLock: (key, ttlMs, body, options) => {
            taken.push(key)
            return locks.withLock(key, ttlMs, body, options)
          }
        })
        const sweep = sweepNudges().pipe(Effect.provideService(DistributedLock, counting))

        yield* TestClock.adjust(MINUTE)
        assert.strictEqual((yield* repo.listNudgeCandidates(10)).length, 1, "the conversation waits for the customer")
        assert.strictEqual(yield* sweep, 0)
        assert.deepStrictEqual(taken, [], "nothing was due: no turn lock")
        yield* TestClock.adjust(3 * HOUR) // Telegram's first nudge comes three hours after the bot
        assert.strictEqual(yield* sweep, 1)
        assert.strictEqual(taken.length, 1, "the due one was decided under its turn lock")
      }).pipe(
        Effect.provide(
          world(memoryStorage, {
            urls: { telegram: tg.url },
            worker: { outbox: { pollMs: HOUR }, schedulers: false }
          })
        )
      )
    })
  )
})
