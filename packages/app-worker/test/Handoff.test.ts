import { ChannelMocks } from "@chatshop/adapters/channels"
import { Conversation, type CustomerId, type Inbound, Outbox, TenantId } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TurnStore } from "../src/TurnStore.ts"
import { deliver, manager, memoryStorage, seed, textEvent, waitFor, whatsappTexts, world } from "./harness.ts"

const tenantId = TenantId.make("shop-handoff")
const customer = "77015550002"

/** The customer's conversation, and whether every message it received has been through a turn. */
const conversationOf = (who: string) =>
  Effect.gen(function* () {
    const repo = yield* Conversation.ConversationRepository
    const [c] = yield* repo.list(tenantId, { customerId: who as CustomerId })
    return c
  })

const settled = (who: string, inbound: number) =>
  Effect.gen(function* () {
    const c = yield* conversationOf(who)
    if (c === undefined) return false
    const messages = yield* (yield* Conversation.ConversationRepository).messages(tenantId, c.id)
    const record = yield* (yield* TurnStore).get(tenantId, c.id)
    const outbox = yield* (yield* Outbox).list(tenantId, { status: "pending" })
    return (
      messages.filter((m) => m.direction === "in").length === inbound &&
      record.pending.length === 0 &&
      outbox.length === 0
    )
  })

describe("handoff (SPEC §3.7, issue 5 acceptance 2)", () => {
  it.live("while a human owns the conversation the bot sends nothing; /handoff off from a manager returns it", () =>
    Effect.gen(function* () {
      const wa = yield* ChannelMocks.mockPlatform(ChannelMocks.whatsapp)
      yield* Effect.gen(function* () {
        yield* seed(tenantId, { burstDebounceMs: 10 })
        const toCustomer = () => whatsappTexts(wa.requests, customer)
        const toManager = () => whatsappTexts(wa.requests, manager)

        yield* deliver(yield* textEvent(tenantId, customer, "Hi"))
        yield* waitFor(
          "greeting",
          Effect.sync(() => toCustomer().length === 1)
        )

        // The owner answers from the WhatsApp Business app: an echo that isn't ours.
        const echo: Inbound.InboundEvent = {
          ...(yield* textEvent(tenantId, customer, "Hello, this is Aigerim from the shop")),
          kind: "echo",
          echo: { viaApi: false }
        }
        yield* deliver(echo)
        yield* waitFor(
          "echo handed off",
          Effect.map(conversationOf(customer), (c) => c?.owner === "human")
        )
        assert.strictEqual((yield* conversationOf(customer))?.handoff?.by, "echo")

        yield* deliver(yield* textEvent(tenantId, customer, "Do you have chelsea boots?"))
        yield* deliver(yield* textEvent(tenantId, customer, "hello?"))
        yield* waitFor("both messages handled", settled(customer, 3))
        assert.strictEqual(toCustomer().length, 1, "the bot stayed silent while a human owned it")

        // Someone who is not a manager cannot run the command: it is just text (and unanswered now).
        yield* deliver(yield* textEvent(tenantId, customer, `/handoff off ${customer}`))
        yield* waitFor("the fake command handled", settled(customer, 4))
        assert.strictEqual((yield* conversationOf(customer))?.owner, "human")

        yield* deliver(yield* textEvent(tenantId, manager, `/handoff status ${customer}`))
        yield* waitFor(
          "status answer",
          Effect.sync(() => toManager().length === 1)
        )
        assert.match(toManager()[0]!, /person is answering/)

        yield* deliver(yield* textEvent(tenantId, manager, `/handoff off +${customer}`))
        yield* waitFor(
          "handback answer",
          Effect.sync(() => toManager().length === 2)
        )
        assert.match(toManager()[1]!, /bot is answering/)
        assert.strictEqual((yield* conversationOf(customer))?.owner, "bot")

        yield* deliver(yield* textEvent(tenantId, customer, "Do you have chelsea boots?"))
        yield* waitFor(
          "the bot answers again",
          Effect.sync(() => toCustomer().length > 1)
        )
        assert.include(toCustomer().join("\n"), "Chelsea boots")

        yield* deliver(yield* textEvent(tenantId, manager, `/handoff on ${customer}`))
        yield* waitFor(
          "handoff answer",
          Effect.sync(() => toManager().length === 3)
        )
        const before = toCustomer().length
        yield* deliver(yield* textEvent(tenantId, customer, "yes"))
        yield* waitFor("handled under handoff", settled(customer, 6))
        assert.strictEqual(toCustomer().length, before)
        assert.strictEqual((yield* conversationOf(customer))?.handoff?.by, "manager")

        const invalid = yield* textEvent(tenantId, manager, "/handoff maybe")
        yield* deliver(invalid)
        yield* waitFor(
          "usage answer",
          Effect.sync(() => toManager().length === 4)
        )
        assert.include(toManager()[3]!, "/handoff on|off|status <customer>")
      }).pipe(Effect.provide(world(memoryStorage, { urls: { whatsapp: wa.url }, worker: { schedulers: false } })))
    })
  )

  it.live("asking for a person hands off after the bot says so; nothing more is sent", () =>
    Effect.gen(function* () {
      const wa = yield* ChannelMocks.mockPlatform(ChannelMocks.whatsapp)
      yield* Effect.gen(function* () {
        yield* seed(tenantId, { burstDebounceMs: 10 })
        const who = "77015550003"
        yield* deliver(yield* textEvent(tenantId, who, "I want to talk to a human"))
        yield* waitFor(
          "handoff reply",
          Effect.sync(() => whatsappTexts(wa.requests, who).length === 1)
        )
        assert.strictEqual((yield* conversationOf(who))?.owner, "human")
        yield* deliver(yield* textEvent(tenantId, who, "Do you have chelsea boots?"))
        yield* waitFor("handled", settled(who, 2))
        assert.strictEqual(whatsappTexts(wa.requests, who).length, 1)
      }).pipe(Effect.provide(world(memoryStorage, { urls: { whatsapp: wa.url }, worker: { schedulers: false } })))
    })
  )
})
