import { ChannelMocks } from "@chatshop/adapters/channels"
import { Conversation, type CustomerId, Inbound, Outbox, TenantId } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TurnStore } from "../src/TurnStore.ts"
import { deliver, memoryStorage, seed, textEvent, waitFor, whatsappTexts, world } from "./harness.ts"

const tenantId = TenantId.make("shop-dup")

const handled = (customer: string, inbound: number) =>
  Effect.gen(function* () {
    const repo = yield* Conversation.ConversationRepository
    const [c] = yield* repo.list(tenantId, { customerId: customer as CustomerId })
    if (c === undefined) return false
    const messages = yield* repo.messages(tenantId, c.id)
    const record = yield* (yield* TurnStore).get(tenantId, c.id)
    const unfinished = (yield* (yield* Outbox).list(tenantId)).filter(
      (r) => r.status === "pending" || r.status === "sending"
    )
    return (
      messages.filter((m) => m.direction === "in").length >= inbound &&
      record.pending.length === 0 &&
      unfinished.length === 0
    )
  })

describe("duplicate delivery (SPEC §9.2)", () => {
  it.live(
    "each message delivered 3× (same job id, concurrently under new job ids, after a pause) → one message, one reply",
    () =>
      Effect.gen(function* () {
        const wa = yield* ChannelMocks.mockPlatform(ChannelMocks.whatsapp)
        yield* Effect.gen(function* () {
          yield* seed(tenantId, { burstDebounceMs: 10 })
          const customer = "77015550020"
          const texts = () => whatsappTexts(wa.requests, customer)

          const hi = yield* textEvent(tenantId, customer, "Hi")
          const key = Inbound.dedupeKey(hi)
          // Back to back with the same job id (what a webhook retry enqueues), and concurrently under
          // other job ids (the queue having forgotten the job): the worker's own guards must hold.
          yield* Effect.all([deliver(hi), deliver(hi), deliver(hi, `${key}#2`), deliver(hi, `${key}#3`)], {
            concurrency: "unbounded"
          })
          yield* waitFor("greeting handled", handled(customer, 1))
          const afterHi = texts().length
          assert.strictEqual(afterHi, 1)

          const boots = yield* textEvent(tenantId, customer, "Do you have chelsea boots?")
          yield* Effect.all([deliver(boots), deliver(boots, "other-1"), deliver(boots, "other-2")], {
            concurrency: "unbounded"
          })
          yield* waitFor("search handled", handled(customer, 2))
          const afterBoots = texts().length
          assert.isAbove(afterBoots, afterHi)

          // Long after: the same two messages once more, then a new one (handled after them, in order).
          yield* deliver(hi, "late-1")
          yield* deliver(boots, "late-2")
          yield* deliver(yield* textEvent(tenantId, customer, "thanks"))
          yield* waitFor("the new message handled", handled(customer, 3))
          const repo = yield* Conversation.ConversationRepository
          const [c] = yield* repo.list(tenantId, { customerId: customer as CustomerId })
          const messages = yield* repo.messages(tenantId, c!.id)
          assert.deepStrictEqual(
            messages.filter((m) => m.direction === "in").map((m) => m.text),
            ["Hi", "Do you have chelsea boots?", "thanks"],
            "one inbound message each"
          )
          const bot = messages.filter((m) => m.sender === "bot")
          assert.strictEqual(texts().length, bot.length, "every recorded reply sent once, none twice")
          const thanks = messages.findIndex((m) => m.text === "thanks")
          assert.strictEqual(
            messages.slice(thanks).filter((m) => m.sender === "bot").length,
            texts().length - afterBoots
          )
        }).pipe(Effect.provide(world(memoryStorage, { urls: { whatsapp: wa.url }, worker: { schedulers: false } })))
      })
  )
})
