import { ChannelMocks } from "@chatshop/adapters/channels"
import { Conversation, CustomerId, Outbox, TenantId } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { TurnStore } from "../src/TurnStore.ts"
import { deliver, memoryStorage, seed, textEvent, waitFor, whatsappTexts, world } from "./harness.ts"

const tenantId = TenantId.make("shop-debounce")
const alice = "77015550301"
const bob = "77015550302"

const conversationOf = (customer: string) =>
  Effect.gen(function* () {
    const repo = yield* Conversation.ConversationRepository
    const [c] = yield* repo.list(tenantId, { customerId: CustomerId.make(customer) })
    if (c === undefined) return { inbound: [], outbound: [], pending: 0 }
    const messages = yield* repo.messages(tenantId, c.id)
    const record = yield* (yield* TurnStore).get(tenantId, c.id)
    return {
      inbound: messages.filter((m) => m.direction === "in"),
      outbound: messages.filter((m) => m.direction === "out"),
      pending: record.pending.length
    }
  })

const answered = Effect.gen(function* () {
  const rows = yield* (yield* Outbox).list(tenantId)
  const a = yield* conversationOf(alice)
  const b = yield* conversationOf(bob)
  return a.pending + b.pending === 0 && rows.length > 0 && rows.every((r) => r.status === "sent")
})

describe("burst debounce through the queue's delay (SPEC §3.7)", () => {
  it.effect(
    "a burst waits in the queue, not in a worker slot: one slot still records others; the burst is one turn",
    () =>
      Effect.gen(function* () {
        const wa = yield* ChannelMocks.mockPlatform(ChannelMocks.whatsapp)
        yield* Effect.gen(function* () {
          yield* seed(tenantId, { burstDebounceMs: 5_000 })
          yield* deliver(yield* textEvent(tenantId, alice, "Hi"))
          yield* waitFor(
            "Alice's first message recorded",
            Effect.map(conversationOf(alice), (c) => c.inbound.length === 1)
          )
          // One slot, and Alice's burst is 5 s from complete: Bob's message is still taken at once.
          yield* deliver(yield* textEvent(tenantId, bob, "Hi"))
          yield* waitFor(
            "Bob's message recorded while Alice's burst waits",
            Effect.map(conversationOf(bob), (c) => c.inbound.length === 1),
            3_000
          )
          yield* TestClock.adjust(2_000)
          yield* deliver(yield* textEvent(tenantId, alice, "Do you have chelsea boots?"))
          yield* waitFor(
            "Alice's second message recorded",
            Effect.map(conversationOf(alice), (c) => c.inbound.length === 2)
          )
          assert.lengthOf(whatsappTexts(wa.requests, alice), 0, "nothing answered before the burst is complete")

          for (let i = 0; i < 200 && !(yield* answered); i++) {
            yield* TestClock.adjust(250)
            yield* Effect.promise(() => new Promise((r) => setTimeout(r, 3)))
          }
          yield* waitFor("both customers answered", answered)
          const a = yield* conversationOf(alice)
          // One turn for both of Alice's messages: every reply's id is seeded by the burst's first message.
          assert.isAbove(a.outbound.length, 0)
          for (const reply of a.outbound) assert.isTrue(reply.id.startsWith(`${a.inbound[0]!.id}_r`), reply.id)
          assert.isTrue(a.outbound.every((r) => r.at >= a.inbound[1]!.at))
          assert.include(whatsappTexts(wa.requests, alice).join("\n"), "$120.00")
          assert.isAbove(whatsappTexts(wa.requests, bob).length, 0)
        }).pipe(
          Effect.provide(
            world(memoryStorage, { urls: { whatsapp: wa.url }, worker: { schedulers: false, concurrency: 1 } })
          )
        )
      })
  )
})
