import { ChannelMocks } from "@chatshop/adapters/channels"
import { Conversation, type CustomerId, HOUR, MINUTE, Outbox, TenantId } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect } from "effect"
import { TestClock } from "effect/testing"
import { sweepNudges } from "../src/Schedulers.ts"
import { TurnStore } from "../src/TurnStore.ts"
import { deliver, memoryStorage, seed, telegramTexts, textEvent, waitFor, whatsappTexts, world } from "./harness.ts"

const berlin = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Berlin",
  weekday: "short",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23"
})
const local = (ms: number) => berlin.format(ms)
const localMinutes = (ms: number) => {
  const parts = Object.fromEntries(berlin.formatToParts(ms).map((p) => [p.type, p.value]))
  return Number(parts.hour) * 60 + Number(parts.minute)
}

// Monday 2026-11-23 in Berlin (UTC+1): 10:00 local is 09:00 UTC.
const mondayUtc = (hour: number, minute = 0) => Date.UTC(2026, 10, 23, hour, minute)

/** Every inbound message (`inbound` so far) went through a turn and every outbox row is finished. */
const quiet = (tenantId: TenantId, inbound = 0) =>
  Effect.gen(function* () {
    const outbox = yield* Outbox
    const rows = yield* outbox.list(tenantId)
    const store = yield* TurnStore
    const repo = yield* Conversation.ConversationRepository
    let received = 0
    for (const c of yield* repo.list(tenantId)) {
      if ((yield* store.get(tenantId, c.id)).pending.length > 0) return false
      received += (yield* repo.messages(tenantId, c.id)).filter((m) => m.direction === "in").length
    }
    return received >= inbound && rows.length > 0 && rows.every((r) => r.status === "sent" || r.status === "failed")
  })

/** Move the TestClock in small steps until the worker handled everything (its burst waits run on it). */
const settle = (tenantId: TenantId, inbound: number) =>
  Effect.gen(function* () {
    for (let i = 0; i < 400 && !(yield* quiet(tenantId, inbound)); i++) {
      yield* TestClock.adjust(250)
      yield* Effect.promise(() => new Promise((r) => setTimeout(r, 3)))
    }
    yield* waitFor("the outbox drained", quiet(tenantId, inbound))
  })

/** Run the nudge sweep every minute for `minutes`; after a nudge, let it reach the platform first. */
const sweepFor = (tenantId: TenantId, minutes: number) =>
  Effect.gen(function* () {
    for (let i = 0; i < minutes; i++) {
      yield* TestClock.adjust(MINUTE)
      if ((yield* sweepNudges()) > 0) yield* waitFor("the nudge was sent", quiet(tenantId))
    }
  })

const nudgesOf = (tenantId: TenantId, customer: string) =>
  Effect.gen(function* () {
    const repo = yield* Conversation.ConversationRepository
    const [c] = yield* repo.list(tenantId, { customerId: customer as CustomerId })
    const messages = c === undefined ? [] : yield* repo.messages(tenantId, c.id)
    return { conversation: c!, nudges: messages.filter((m) => m.nudge), messages }
  })

/** The sweep runs every minute: a nudge goes out within a minute after its time, never before. */
const assertWithinAMinute = (at: number, due: number) => {
  assert.isAtLeast(at, due)
  assert.isBelow(at, due + MINUTE)
}

const lastBotBefore = (messages: ReadonlyArray<{ sender: string; nudge: boolean; at: number }>, at: number) =>
  messages.filter((m) => m.sender === "bot" && !m.nudge && m.at < at).at(-1)!.at

const options = (urls: { whatsapp?: string; telegram?: string }) => ({
  urls,
  worker: { schedulers: false as const, outbox: { pollMs: 24 * HOUR } }
})

/** At `at`, a Berlin shop's customer asks about chelsea boots and the bot answers. */
const askAboutBoots = (tenantId: TenantId, chat: string, at: number, channel?: "telegram") =>
  Effect.gen(function* () {
    yield* TestClock.setTime(at)
    yield* seed(tenantId, { timezone: "Europe/Berlin" })
    yield* deliver(yield* textEvent(tenantId, chat, "Do you have chelsea boots?", undefined, channel))
    yield* settle(tenantId, 1)
  })

describe("nudges with a controlled clock (SPEC §3.5, issue 5 acceptance 3)", () => {
  it.effect("Telegram: #1 three hours after the bot, #2 the next day at 13:00 local, then no more", () =>
    Effect.gen(function* () {
      const tenantId = TenantId.make("shop-nudge-1")
      const chat = "5001"
      const tg = yield* ChannelMocks.mockPlatform(ChannelMocks.telegram)
      yield* Effect.gen(function* () {
        yield* askAboutBoots(tenantId, chat, mondayUtc(9), "telegram")
        const replies = telegramTexts(tg.requests, chat).length
        assert.isAbove(replies, 0)
        yield* sweepFor(tenantId, 3 * 24 * 60)
        const { nudges, conversation, messages } = yield* nudgesOf(tenantId, chat)
        assert.strictEqual(nudges.length, 2)
        assertWithinAMinute(nudges[0]!.at, lastBotBefore(messages, nudges[0]!.at) + 3 * HOUR)
        assert.match(local(nudges[0]!.at), /^Mon 13:0[01]$/)
        assert.strictEqual(local(nudges[1]!.at), "Tue 13:00")
        assert.strictEqual(conversation.nudge.sent, 2)
        assert.strictEqual(telegramTexts(tg.requests, chat).length, replies + 2, "each nudge sent once")
      }).pipe(Effect.provide(world(memoryStorage, options({ telegram: tg.url }))))
    })
  )

  it.effect("WhatsApp at 18:30: #1 at the next opening (09:00), never outside hours or the 24 h window", () =>
    Effect.gen(function* () {
      const tenantId = TenantId.make("shop-nudge-2")
      const customer = "77015550010"
      const wa = yield* ChannelMocks.mockPlatform(ChannelMocks.whatsapp)
      yield* Effect.gen(function* () {
        yield* askAboutBoots(tenantId, customer, mondayUtc(17, 30))
        const replies = whatsappTexts(wa.requests, customer).length
        yield* sweepFor(tenantId, 3 * 24 * 60)
        const { nudges, conversation } = yield* nudgesOf(tenantId, customer)
        assert.deepStrictEqual(
          nudges.map((n) => local(n.at)),
          ["Tue 09:00"]
        )
        for (const n of nudges) {
          assert.isTrue(localMinutes(n.at) >= 9 * 60 && localMinutes(n.at) < 19 * 60, "inside work hours")
          assert.isBelow(n.at, conversation.lastInboundAt! + 24 * HOUR, "inside the reply window")
        }
        assert.strictEqual(whatsappTexts(wa.requests, customer).length, replies + 1)
      }).pipe(Effect.provide(world(memoryStorage, options({ whatsapp: wa.url }))))
    })
  )

  it.effect("a customer reply moves the nudge; after a handoff none is sent", () =>
    Effect.gen(function* () {
      const tenantId = TenantId.make("shop-nudge-3")
      const chat = "5003"
      const tg = yield* ChannelMocks.mockPlatform(ChannelMocks.telegram)
      yield* Effect.gen(function* () {
        yield* askAboutBoots(tenantId, chat, mondayUtc(9), "telegram")
        yield* sweepFor(tenantId, 2 * 60) // 12:00: nothing due yet
        yield* deliver(yield* textEvent(tenantId, chat, "hmm, what sizes?", undefined, "telegram"))
        yield* settle(tenantId, 2)
        yield* sweepFor(tenantId, 4 * 60) // 16:00
        const first = yield* nudgesOf(tenantId, chat)
        assert.strictEqual(first.nudges.length, 1)
        // Three hours after the bot's answer to the reply (12:00), not 13:00.
        assertWithinAMinute(first.nudges[0]!.at, lastBotBefore(first.messages, first.nudges[0]!.at) + 3 * HOUR)
        assert.match(local(first.nudges[0]!.at), /^Mon 15:0[01]$/)
        yield* deliver(yield* textEvent(tenantId, chat, "I want to talk to a human", undefined, "telegram"))
        yield* settle(tenantId, 3)
        assert.strictEqual((yield* nudgesOf(tenantId, chat)).conversation.owner, "human")
        const sent = telegramTexts(tg.requests, chat).length
        yield* sweepFor(tenantId, 3 * 24 * 60)
        assert.strictEqual((yield* nudgesOf(tenantId, chat)).nudges.length, 1)
        assert.strictEqual(telegramTexts(tg.requests, chat).length, sent)
        assert.isAbove(yield* Clock.currentTimeMillis, mondayUtc(9) + 3 * 24 * HOUR)
      }).pipe(Effect.provide(world(memoryStorage, options({ telegram: tg.url }))))
    })
  )
})
