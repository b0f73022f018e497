import { assert, describe, it } from "@effect/vitest"
import { Effect, type Layer, Result } from "effect"
import { TestClock } from "effect/testing"
import type { ConversationCommand } from "../../conversation/Commands.ts"
import { ConversationRepository } from "../../conversation/ConversationRepository.ts"
import { execute } from "../../conversation/Decider.ts"
import * as Invariants from "../../conversation/Invariants.ts"
import type { ConversationKey } from "../../conversation/Model.ts"
import { ChannelAccountId, CustomerId, HOUR, MessageId, type TenantId, timestamp } from "../../shared/Ids.ts"
import { freshId, freshTenant } from "../Fresh.ts"

const keyOf = (overrides: Partial<ConversationKey> = {}): ConversationKey => ({
  channel: "whatsapp",
  channelAccountId: ChannelAccountId.make(freshId("acct")),
  customerId: CustomerId.make(freshId("cust")),
  ...overrides
})
const mid = () => MessageId.make(freshId("msg"))
const inbound = (text: string, at: number, platformMessageId: string | null = null): ConversationCommand => ({
  _tag: "ReceiveCustomerMessage",
  messageId: mid(),
  text,
  platformMessageId,
  at: timestamp(at)
})
const bot = (text: string, at: number, nudge = false): ConversationCommand => ({
  _tag: "RecordBotMessage",
  messageId: mid(),
  text,
  nudge,
  at: timestamp(at)
})

/**
 * The ConversationRepository contract (SPEC §3.7, §4). Every implementation — memory, PGlite,
 * PostgreSQL — registers this suite with its own Layer; each test works in tenants of its own.
 */
export const conversationRepositoryContract = (name: string, layer: Layer.Layer<ConversationRepository, unknown>) =>
  describe(`ConversationRepository contract: ${name}`, () => {
    const test = (title: string, body: () => Effect.Effect<void, unknown, ConversationRepository>) =>
      it.effect(title, () => body().pipe(Effect.provide(layer)))

    test("getOrCreate is idempotent per (tenant, channel account, customer)", () =>
      Effect.gen(function* () {
        const repo = yield* ConversationRepository
        const t = freshTenant()
        const key = keyOf({ language: "ru" })
        const first = yield* repo.getOrCreate(t, key)
        const again = yield* repo.getOrCreate(t, { ...key, language: "en" })
        assert.strictEqual(again.id, first.id)
        assert.deepStrictEqual(
          [first.tenantId, first.channel, first.channelAccountId, first.customerId, first.language, first.owner],
          [t, "whatsapp", key.channelAccountId, key.customerId, "ru", "bot"]
        )
        const otherCustomer = yield* repo.getOrCreate(t, { ...key, customerId: CustomerId.make(freshId("cust")) })
        const otherAccount = yield* repo.getOrCreate(t, {
          ...key,
          channelAccountId: ChannelAccountId.make(freshId("acct"))
        })
        const otherTenant = yield* repo.getOrCreate(freshTenant(), key)
        assert.strictEqual(new Set([first.id, otherCustomer.id, otherAccount.id, otherTenant.id]).size, 4)
        assert.isTrue(Invariants.all(first))
      }))

    test("a new conversation is stamped with the Clock", () =>
      Effect.gen(function* () {
        const repo = yield* ConversationRepository
        yield* TestClock.setTime(7 * HOUR)
        const c = yield* repo.getOrCreate(freshTenant(), keyOf())
        assert.strictEqual(c.createdAt, 7 * HOUR)
        assert.deepStrictEqual((yield* repo.get(c.tenantId, c.id)).createdAt, c.createdAt)
      }))

    test("update applies the decider and records its messages in order", () =>
      Effect.gen(function* () {
        const repo = yield* ConversationRepository
        const t = freshTenant()
        const c = yield* repo.getOrCreate(t, keyOf())
        yield* repo.update(t, c.id, execute(inbound("boots in 38?", 1_000, "wamid.1")))
        const { state, events } = yield* repo.update(t, c.id, execute(bot("We have them", 2_000)))
        assert.deepStrictEqual(
          events.map((e) => e._tag),
          ["BotMessageRecorded"]
        )
        assert.deepStrictEqual([state.messageCount, state.lastInboundAt, state.lastOutboundAt], [2, 1_000, 2_000])
        assert.deepStrictEqual(yield* repo.get(t, c.id), state)
        const messages = yield* repo.messages(t, c.id)
        assert.deepStrictEqual(
          messages.map((m) => [m.direction, m.sender, m.text, m.platformMessageId, m.at, m.conversationId, m.tenantId]),
          [
            ["in", "customer", "boots in 38?", "wamid.1", 1_000, c.id, t],
            ["out", "bot", "We have them", null, 2_000, c.id, t]
          ]
        )
      }))

    test("a rejected update changes nothing and returns the rejection", () =>
      Effect.gen(function* () {
        const repo = yield* ConversationRepository
        const t = freshTenant()
        const c = yield* repo.getOrCreate(t, keyOf())
        yield* repo.update(t, c.id, execute({ _tag: "HandoffOn", by: "admin", at: timestamp(1) }))
        const before = yield* repo.get(t, c.id)
        const failure = yield* Effect.flip(repo.update(t, c.id, execute(bot("hello", 5))))
        assert.strictEqual(failure._tag, "HumanOwnsConversation")
        assert.deepStrictEqual(yield* repo.get(t, c.id), before)
        assert.strictEqual((yield* repo.messages(t, c.id)).length, 0)
        const custom = yield* Effect.flip(repo.update(t, c.id, () => Result.fail("nope" as const)))
        assert.strictEqual(custom, "nope")
      }))

    test("a duplicate platform message id is recorded once", () =>
      Effect.gen(function* () {
        const repo = yield* ConversationRepository
        const t = freshTenant()
        const c = yield* repo.getOrCreate(t, keyOf())
        yield* repo.update(t, c.id, execute(inbound("hi", 1, "wamid.7")))
        const again = yield* repo.update(t, c.id, execute(inbound("hi", 2, "wamid.7")))
        assert.strictEqual(again.events.length, 0)
        assert.strictEqual((yield* repo.messages(t, c.id)).length, 1)
      }))

    test("a delivered message gets its platform id, and its echo is not taken for the owner typing", () =>
      Effect.gen(function* () {
        const repo = yield* ConversationRepository
        const t = freshTenant()
        const c = yield* repo.getOrCreate(t, keyOf())
        const reply = bot("Here you go", 10)
        yield* repo.update(t, c.id, execute(reply))
        const messageId = reply._tag === "RecordBotMessage" ? reply.messageId : mid()
        yield* repo.update(
          t,
          c.id,
          execute({ _tag: "MarkDelivered", messageId, platformMessageId: "mid.42", at: timestamp(11) })
        )
        const echo = yield* repo.update(
          t,
          c.id,
          execute({
            _tag: "ReceiveEcho",
            messageId: mid(),
            text: "Here you go",
            platformMessageId: "mid.42",
            at: timestamp(12)
          })
        )
        assert.strictEqual(echo.events.length, 0)
        assert.strictEqual(echo.state.owner, "bot")
        const messages = yield* repo.messages(t, c.id)
        assert.deepStrictEqual(
          messages.map((m) => [m.id, m.platformMessageId]),
          [[messageId, "mid.42"]]
        )
      }))

    test("another tenant's conversation is NotFound and untouched", () =>
      Effect.gen(function* () {
        const repo = yield* ConversationRepository
        const t = freshTenant()
        const other = freshTenant()
        const c = yield* repo.getOrCreate(t, keyOf())
        yield* repo.update(t, c.id, execute(inbound("hi", 1)))
        assert.strictEqual((yield* Effect.flip(repo.get(other, c.id)))._tag, "NotFound")
        assert.strictEqual((yield* Effect.flip(repo.messages(other, c.id)))._tag, "NotFound")
        const write = repo.update(other, c.id, execute(inbound("hijack", 2)))
        assert.strictEqual((yield* Effect.flip(write))._tag, "NotFound")
        assert.strictEqual((yield* repo.list(other)).length, 0)
        assert.strictEqual((yield* repo.get(t, c.id)).messageCount, 1)
      }))

    test("list filters by channel, customer and owner", () =>
      Effect.gen(function* () {
        const repo = yield* ConversationRepository
        const t = freshTenant()
        const customer = CustomerId.make(freshId("cust"))
        const a = yield* repo.getOrCreate(t, keyOf({ customerId: customer }))
        const b = yield* repo.getOrCreate(t, keyOf({ customerId: customer, channel: "telegram" }))
        const c = yield* repo.getOrCreate(t, keyOf({ channel: "telegram" }))
        yield* repo.update(t, c.id, execute({ _tag: "HandoffOn", by: "manager", at: timestamp(1) }))
        const ids = (xs: ReadonlyArray<{ readonly id: string }>) => xs.map((x) => x.id).sort()
        assert.deepStrictEqual(ids(yield* repo.list(t)), [a.id, b.id, c.id].sort())
        assert.deepStrictEqual(ids(yield* repo.list(t, { channel: "telegram" })), [b.id, c.id].sort())
        assert.deepStrictEqual(ids(yield* repo.list(t, { customerId: customer })), [a.id, b.id].sort())
        assert.deepStrictEqual(ids(yield* repo.list(t, { owner: "human" })), [c.id])
        assert.deepStrictEqual(ids(yield* repo.list(t, { channel: "telegram", owner: "bot" })), [b.id])
      }))

    test("concurrent updates of one conversation serialise", () =>
      Effect.gen(function* () {
        const repo = yield* ConversationRepository
        const t = freshTenant()
        const c = yield* repo.getOrCreate(t, keyOf())
        const messages = Array.from({ length: 30 }, (_, i) => repo.update(t, c.id, execute(inbound(`m${i}`, i))))
        const handoffs = Array.from({ length: 20 }, (_, i) =>
          repo.update(t, c.id, execute({ _tag: "HandoffOn", by: "customer", at: timestamp(100 + i) }))
        )
        const results = yield* Effect.all([...messages, ...handoffs], { concurrency: "unbounded" })
        const handedOff = results.flatMap((r) => r.events).filter((e) => e._tag === "HandedOff")
        assert.strictEqual(handedOff.length, 1)
        const state = yield* repo.get(t, c.id)
        assert.deepStrictEqual([state.messageCount, state.owner], [30, "human"])
        assert.strictEqual((yield* repo.messages(t, c.id)).length, 30)
        assert.isTrue(Invariants.all(state))
      }))

    test("nudge candidates: bot spoke last and nothing stops nudging, in scan order, across tenants", () =>
      Effect.gen(function* () {
        const repo = yield* ConversationRepository
        const t1 = freshTenant()
        const t2 = freshTenant()
        const make = (t: TenantId, commands: ReadonlyArray<ConversationCommand>) =>
          Effect.gen(function* () {
            const c = yield* repo.getOrCreate(t, keyOf())
            for (const command of commands) yield* repo.update(t, c.id, execute(command))
            return c.id
          })
        const late = yield* make(t1, [inbound("hi", 1), bot("hello", 30)])
        const early = yield* make(t2, [inbound("hi", 1), bot("hello", 20)])
        const nudged = yield* make(t1, [bot("hello", 25), bot("still there?", 26, true)])
        yield* make(t1, [bot("hello", 5), inbound("thanks", 6)]) // customer spoke last
        yield* make(t1, []) // never spoke
        yield* make(t2, [bot("hello", 5), { _tag: "HandoffOn", by: "admin", at: timestamp(6) }])
        yield* make(t2, [bot("hello", 5), { _tag: "OptOut", at: timestamp(6) }])
        const scan = { tenantIds: [t1, t2] }
        const all = yield* repo.listNudgeCandidates(10, scan)
        assert.deepStrictEqual(
          all.map((c) => c.id),
          [early, nudged, late]
        )
        const page1 = yield* repo.listNudgeCandidates(2, scan)
        assert.deepStrictEqual(
          page1.map((c) => c.id),
          [early, nudged]
        )
        const last = page1[1]!
        const page2 = yield* repo.listNudgeCandidates(2, {
          ...scan,
          after: { lastBotMessageAt: last.nudge.lastBotMessageAt!, tenantId: last.tenantId, id: last.id }
        })
        assert.deepStrictEqual(
          page2.map((c) => c.id),
          [late]
        )
        const belowMax = yield* repo.listNudgeCandidates(10, { ...scan, maxSent: 1 })
        assert.deepStrictEqual(
          belowMax.map((c) => c.id),
          [early, late]
        )
        assert.strictEqual((yield* repo.listNudgeCandidates(0, scan)).length, 0)
      }))

    test("nudge scan ties break by tenant, then id, and paging never repeats or skips", () =>
      Effect.gen(function* () {
        const repo = yield* ConversationRepository
        const tenants = [freshTenant(), freshTenant()]
        const made: Array<{ readonly tenantId: string; readonly id: string }> = []
        for (const t of tenants) {
          for (let i = 0; i < 3; i++) {
            const c = yield* repo.getOrCreate(t, keyOf())
            yield* repo.update(t, c.id, execute(bot("hello", 50)))
            made.push({ tenantId: t, id: c.id })
          }
        }
        const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
        const expected = [...made]
          .sort((a, b) => byCodePoint(a.tenantId, b.tenantId) || byCodePoint(a.id, b.id))
          .map((c) => c.id)
        const seen: Array<string> = []
        let page = yield* repo.listNudgeCandidates(4, { tenantIds: tenants })
        while (page.length > 0) {
          seen.push(...page.map((c) => c.id))
          const last = page[page.length - 1]!
          page = yield* repo.listNudgeCandidates(4, {
            tenantIds: tenants,
            after: { lastBotMessageAt: last.nudge.lastBotMessageAt!, tenantId: last.tenantId, id: last.id }
          })
        }
        assert.deepStrictEqual(seen, expected)
      }))
  })
