import { ChannelMocks } from "@chatshop/adapters/channels"
import * as Postgres from "@chatshop/adapters/postgres"
import { Conversation, CustomerId, Inbound, MessageQueue, Outbox, TenantId } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { TurnStore } from "../src/TurnStore.ts"
import { deliver, memoryStorage, seed, settled, telegramTexts, textEvent, waitFor, world } from "./harness.ts"

const tenantId = TenantId.make("shop-unit")
const customer = "5550101"

/** The outbox, except that its second `add` ever dies (a crash after the turn's first row). */
const failingSecondAdd = Layer.effect(
  Outbox,
  Effect.map(Effect.service(Outbox), (outbox) => {
    let adds = 0
    return Outbox.of({
      ...outbox,
      add: (row) =>
        Effect.suspend(() => (++adds === 2 ? Effect.die(new Error("injected: outbox down")) : outbox.add(row)))
    })
  })
)

const backends = [
  { name: "memory", storage: memoryStorage, turns: undefined },
  { name: "PGlite", storage: Postgres.layerPglite({ memory: true }), turns: TurnStore.layerSql }
] as const

/** What the turn left behind: replies in the log, outbox rows, and the turn record. */
const state = Effect.gen(function* () {
  const repo = yield* Conversation.ConversationRepository
  const [c] = yield* repo.list(tenantId, { customerId: CustomerId.make(customer) })
  const messages = c === undefined ? [] : yield* repo.messages(tenantId, c.id)
  const record = c === undefined ? undefined : yield* (yield* TurnStore).get(tenantId, c.id)
  const rows = yield* (yield* Outbox).list(tenantId, { recipient: customer })
  return {
    inbound: messages.filter((m) => m.direction === "in").length,
    replies: messages.filter((m) => m.direction === "out").length,
    rows: rows.length,
    pending: record?.pending.length ?? -1,
    handled: record?.handled.length ?? -1
  }
})

describe.each(backends)("a turn's writes are one unit of work on $name (SPEC §3.8)", (backend) => {
  it.live(
    "a failure after the conversation update leaves no reply, no outbox row, the turn not done; the retry writes one set",
    () =>
      Effect.gen(function* () {
        const tg = yield* ChannelMocks.mockPlatform(ChannelMocks.telegram)
        const storage = failingSecondAdd.pipe(Layer.provideMerge(backend.storage))
        const options = {
          urls: { telegram: tg.url },
          worker: { schedulers: false as const },
          // One attempt: the failed job waits in `failed` until the test retries it.
          queue: MessageQueue.layerMemoryWith({ retry: { maxAttempts: 1, backoffMs: 10 } }),
          ...(backend.turns === undefined ? {} : { turns: backend.turns })
        }
        yield* Effect.gen(function* () {
          yield* seed(tenantId, { burstDebounceMs: 10 })
          const queue = yield* MessageQueue
          // A button tap: the turn adds two rows, the callback's answer and the reply.
          const tap: Inbound.InboundEvent = { ...(yield* textEvent(tenantId, customer, "Hi", undefined, "telegram")) }
          yield* deliver({ ...tap, callbackId: "cb-1" })

          yield* waitFor(
            "the turn's job failed",
            Effect.map(queue.failed(Inbound.INBOUND_QUEUE), (f) => f.length === 1)
          )
          assert.deepStrictEqual(yield* state, { inbound: 1, replies: 0, rows: 0, pending: 1, handled: 0 })
          assert.deepStrictEqual(telegramTexts(tg.requests, customer), [])

          const [failed] = yield* queue.failed(Inbound.INBOUND_QUEUE)
          assert.isTrue(yield* queue.retryFailed(Inbound.INBOUND_QUEUE, failed!.id))
          yield* waitFor("the retried turn settled", settled(tenantId, customer, 1), 30_000)
          const after = yield* state
          assert.deepStrictEqual(after, {
            inbound: 1,
            replies: after.rows - 1,
            rows: after.rows,
            pending: 0,
            handled: 1
          })
          assert.isAtLeast(after.replies, 1)
          assert.lengthOf(telegramTexts(tg.requests, customer), after.replies)
        }).pipe(Effect.provide(world(storage, options)))
      }),
    60_000
  )
})
