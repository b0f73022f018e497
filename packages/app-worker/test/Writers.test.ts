import { ChannelMocks } from "@chatshop/adapters/channels"
import { type Inbound, Inventory, Outbox, ReservationId, Sku, TenantId, timestamp } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { makeOutboxSender, OutboxWakeup } from "../src/OutboxSender.ts"
import { sweepLowStock, sweepNudges } from "../src/Schedulers.ts"
import { handleInbound } from "../src/Turn.ts"
import type { WorkerServices } from "../src/Worker.ts"
import {
  manager,
  memoryStorage,
  ports,
  seed,
  telegramAccount,
  telegramManager,
  telegramTexts,
  textEvent,
  whatsappAccount,
  whatsappTexts
} from "./harness.ts"

// Monday 2026-11-23, 09:00 UTC (10:00 in Berlin): inside work hours.
const monday = Date.UTC(2026, 10, 23, 9)

const tenantId = TenantId.make("shop-writers")

interface Mocks {
  readonly wa: ChannelMocks.MockPlatform
  readonly tg: ChannelMocks.MockPlatform
}

/**
 * Every writer of the outbox, one test each (SPEC §9 item 9): the writer's row is sent by the
 * worker's outbox sender through the real channel client to a mock platform, and the row says why
 * it was written. Nothing runs in the background: each step is called, on the TestClock.
 */
const writerTest = <E>(title: string, body: (mocks: Mocks) => Effect.Effect<void, E, WorkerServices | OutboxWakeup>) =>
  it.effect(title, () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(monday)
      const wa = yield* ChannelMocks.mockPlatform(ChannelMocks.whatsapp)
      const tg = yield* ChannelMocks.mockPlatform(ChannelMocks.telegram)
      yield* Effect.gen(function* () {
        yield* seed(tenantId, { burstDebounceMs: 0, timezone: "Europe/Berlin" })
        yield* body({ wa, tg })
      }).pipe(
        Effect.provideService(OutboxWakeup, OutboxWakeup.of({ wake: Effect.void })),
        Effect.provide(ports(memoryStorage, { urls: { whatsapp: wa.url, telegram: tg.url } }))
      )
    }).pipe(Effect.scoped)
  )

/** A message as the webhook server queues it, handled by the worker's job handler. */
const receive = (customer: string, text: string, channel: "whatsapp" | "telegram" = "whatsapp") =>
  Effect.gen(function* () {
    const event = yield* textEvent(tenantId, customer, text, undefined, channel)
    const job: Inbound.InboundJob = {
      channelAccountId: channel === "whatsapp" ? whatsappAccount : telegramAccount,
      event
    }
    yield* handleInbound(job)
  })

/** Send what is due, as the worker's sender loop does; the rows to `recipient` as "<kind> <status>". */
const sendAndRead = (recipient: string) =>
  Effect.gen(function* () {
    const sender = yield* makeOutboxSender({ tenantId })
    while ((yield* sender.sendDue) > 0) {}
    const rows = yield* (yield* Outbox).list(tenantId, { recipient })
    return rows.map((r) => `${r.payload.kind} ${r.status}`)
  })

describe("each outbox writer's row reaches the platform", () => {
  writerTest("a turn's reply", ({ wa }) =>
    Effect.gen(function* () {
      yield* receive("77015550101", "Do you have chelsea boots?")
      const rows = yield* sendAndRead("77015550101")
      assert.isAbove(rows.length, 0)
      assert.deepStrictEqual(new Set(rows), new Set(["reply sent"]))
      assert.include(whatsappTexts(wa.requests, "77015550101").join("\n"), "Chelsea boots")
    })
  )

  writerTest("a nudge from the sweeper", ({ tg }) =>
    Effect.gen(function* () {
      yield* receive("5101", "Do you have chelsea boots?", "telegram")
      yield* sendAndRead("5101")
      const replies = telegramTexts(tg.requests, "5101").length
      yield* TestClock.adjust(3 * 60 * 60_000 + 60_000) // Telegram: three hours after the bot
      assert.strictEqual(yield* sweepNudges(), 1)
      assert.strictEqual((yield* sendAndRead("5101")).at(-1), "nudge sent")
      assert.strictEqual(telegramTexts(tg.requests, "5101").length, replies + 1)
    })
  )

  writerTest("a low-stock alert", ({ tg }) =>
    Effect.gen(function* () {
      const hold = { reservationId: ReservationId.make("r-1"), qty: 2, holdUntil: timestamp(monday + 60_000) }
      yield* (yield* Inventory.StockLedger).reserve(tenantId, Sku.make("boots-39"), hold)
      assert.isAbove(yield* sweepLowStock, 0)
      assert.deepStrictEqual(yield* sendAndRead(telegramManager), ["alert sent"])
      assert.deepStrictEqual(telegramTexts(tg.requests, telegramManager), ["Low stock: boots-39 — 1 left."])
    })
  )

  writerTest("a manager notice (the answer to /handoff)", ({ wa }) =>
    Effect.gen(function* () {
      yield* receive("77015550102", "Hi")
      yield* receive(manager, "/handoff on 77015550102")
      assert.deepStrictEqual(yield* sendAndRead(manager), ["notification sent"])
      assert.match(whatsappTexts(wa.requests, manager).join("\n"), /person is answering 77015550102/)
    })
  )
})
