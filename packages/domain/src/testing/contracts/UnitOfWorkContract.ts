import { assert, describe, it } from "@effect/vitest"
import { Cause, Deferred, Effect, Exit, Fiber, type Layer, Schema } from "effect"
import type { ConversationCommand } from "../../conversation/Commands.ts"
import { ConversationRepository } from "../../conversation/ConversationRepository.ts"
import { execute } from "../../conversation/Decider.ts"
import type { Conversation } from "../../conversation/Model.ts"
import { Outbox } from "../../ports/Outbox.ts"
import { UnitOfWork } from "../../ports/UnitOfWork.ts"
import { ChannelAccountId, CustomerId, MessageId, type TenantId, timestamp } from "../../shared/Ids.ts"
import { freshId, freshTenant } from "../Fresh.ts"
import { message } from "./OutboxRowContract.ts"

type Ports = UnitOfWork | ConversationRepository | Outbox

class Refused extends Schema.TaggedError<Refused>()("Refused", {}) {}

/** The bot's reply `text` recorded in a conversation. */
export const botReply = (text: string): ConversationCommand => ({
  _tag: "RecordBotMessage",
  messageId: MessageId.make(freshId("msg")),
  text,
  nudge: false,
  at: timestamp(1_000)
})

/** A new conversation of tenant `t` with a customer of its own. */
export const newConversation = (t: TenantId) =>
  Effect.gen(function* () {
    const repo = yield* ConversationRepository
    return yield* repo.getOrCreate(t, {
      channel: "telegram",
      channelAccountId: ChannelAccountId.make(freshId("acct")),
      customerId: CustomerId.make(freshId("cust"))
    })
  })

/** The conversation's half of a turn: its state and one recorded message. */
const writeMessage = (c: Conversation, text: string) =>
  Effect.gen(function* () {
    const repo = yield* ConversationRepository
    yield* repo.update(c.tenantId, c.id, execute(botReply(text)))
  })

const addRow = (c: Conversation, text: string) =>
  Effect.gen(function* () {
    const outbox = yield* Outbox
    yield* outbox.add(message(c.tenantId, c.customerId, text))
  })

/** A turn's writes: the conversation's state and a message, then two outbox rows. */
const writeTurn = (c: Conversation, text: string) =>
  Effect.andThen(writeMessage(c, text), Effect.andThen(addRow(c, `${text} 1`), addRow(c, `${text} 2`)))

/** What a turn left behind for a conversation: its recorded messages and the tenant's outbox rows. */
const leftBy = (c: Conversation) =>
  Effect.gen(function* () {
    const repo = yield* ConversationRepository
    const outbox = yield* Outbox
    const messages = yield* repo.messages(c.tenantId, c.id)
    const rows = yield* outbox.list(c.tenantId, { recipient: c.customerId })
    const state = yield* repo.get(c.tenantId, c.id)
    return { messages: messages.map((m) => m.text), rows: rows.length, lastBot: state.nudge.lastBotMessageAt }
  })

const nothing = { messages: [], rows: 0, lastBot: null }
const oneTurn = (text: string) => ({ messages: [text], rows: 2, lastBot: timestamp(1_000) })

/**
 * The UnitOfWork contract (SPEC §3.8): a unit's conversation, message and outbox writes commit
 * together, or none of them when it fails, dies or is interrupted; nested units join; units of
 * two tenants or two conversations do not disturb each other. Run with the repositories sharing
 * the implementation's store (memory, PGlite, PostgreSQL).
 */
export const unitOfWorkContract = (name: string, layer: Layer.Layer<Ports, unknown>) =>
  describe(`UnitOfWork contract: ${name}`, () => {
    const test = (title: string, body: () => Effect.Effect<void, unknown, Ports>) =>
      it.effect(title, () => body().pipe(Effect.provide(layer)))

    test("a unit's writes are all there after it commits, and visible inside it as it goes", () =>
      Effect.gen(function* () {
        const uow = yield* UnitOfWork
        const c = yield* newConversation(freshTenant())
        const inside = yield* uow.transaction(c.tenantId, Effect.andThen(writeTurn(c, "hello"), leftBy(c)))
        assert.deepStrictEqual(inside, oneTurn("hello"))
        assert.deepStrictEqual(yield* leftBy(c), oneTurn("hello"))
      }))

    test("a unit that fails, dies or is interrupted leaves none of its writes", () =>
      Effect.gen(function* () {
        const uow = yield* UnitOfWork
        const failed = yield* newConversation(freshTenant())
        const error = yield* Effect.flip(
          uow.transaction(failed.tenantId, Effect.andThen(writeTurn(failed, "a"), new Refused()))
        )
        assert.instanceOf(error, Refused)
        assert.deepStrictEqual(yield* leftBy(failed), nothing)

        const died = yield* newConversation(freshTenant())
        const exit = yield* Effect.exit(
          uow.transaction(died.tenantId, Effect.andThen(writeTurn(died, "b"), Effect.die("boom")))
        )
        assert.isTrue(Exit.isFailure(exit) && Cause.hasDies(exit.cause))
        assert.deepStrictEqual(yield* leftBy(died), nothing)

        const interrupted = yield* newConversation(freshTenant())
        const written = yield* Deferred.make<void>()
        const fiber = yield* Effect.forkChild(
          uow.transaction(
            interrupted.tenantId,
            Effect.andThen(
              writeTurn(interrupted, "c"),
              Effect.andThen(Deferred.succeed(written, undefined), Effect.never)
            )
          )
        )
        yield* Deferred.await(written)
        yield* Fiber.interrupt(fiber)
        assert.deepStrictEqual(yield* leftBy(interrupted), nothing)
      }))

    test("a conversation created inside a unit that fails is not there", () =>
      Effect.gen(function* () {
        const uow = yield* UnitOfWork
        const repo = yield* ConversationRepository
        const t = freshTenant()
        yield* Effect.flip(uow.transaction(t, Effect.andThen(newConversation(t), new Refused())))
        assert.deepStrictEqual(yield* repo.list(t), [])
      }))

    test("nobody sees a unit's writes before it ends: a read meanwhile of a unit that fails finds none", () =>
      Effect.gen(function* () {
        const uow = yield* UnitOfWork
        const c = yield* newConversation(freshTenant())
        const written = yield* Deferred.make<void>()
        const go = yield* Deferred.make<void>()
        const unit = yield* Effect.forkChild(
          Effect.exit(
            uow.transaction(
              c.tenantId,
              Effect.andThen(
                writeTurn(c, "draft"),
                Effect.andThen(Deferred.succeed(written, undefined), Deferred.await(go))
              ).pipe(Effect.andThen(new Refused()))
            )
          )
        )
        yield* Deferred.await(written)
        const reader = yield* Effect.forkChild(leftBy(c))
        yield* Effect.yieldNow
        yield* Effect.yieldNow
        yield* Deferred.succeed(go, undefined)
        yield* Fiber.join(unit)
        assert.deepStrictEqual(yield* Fiber.join(reader), nothing)
      }))

    test("a unit inside a unit joins it: committed together, or rolled back with the outer one", () =>
      Effect.gen(function* () {
        const uow = yield* UnitOfWork
        const c = yield* newConversation(freshTenant())
        const nested = (text: string) =>
          Effect.andThen(
            addRow(c, `${text} 1`),
            uow.transaction(c.tenantId, Effect.andThen(writeMessage(c, text), addRow(c, `${text} 2`)))
          )
        yield* Effect.flip(uow.transaction(c.tenantId, Effect.andThen(nested("lost"), new Refused())))
        assert.deepStrictEqual(yield* leftBy(c), nothing)
        yield* uow.transaction(c.tenantId, nested("kept"))
        assert.deepStrictEqual(yield* leftBy(c), oneTurn("kept"))
      }))

    test("units of two tenants stay apart: one failing keeps the other's writes; one unit cannot act for two", () =>
      Effect.gen(function* () {
        const uow = yield* UnitOfWork
        const a = yield* newConversation(freshTenant())
        const b = yield* newConversation(freshTenant())
        const [committed, failed] = yield* Effect.all(
          [
            Effect.exit(uow.transaction(a.tenantId, writeTurn(a, "for a"))),
            Effect.exit(uow.transaction(b.tenantId, Effect.andThen(writeTurn(b, "for b"), new Refused())))
          ],
          { concurrency: "unbounded" }
        )
        assert.isTrue(Exit.isSuccess(committed) && Exit.isFailure(failed))
        assert.deepStrictEqual(yield* leftBy(a), oneTurn("for a"))
        assert.deepStrictEqual(yield* leftBy(b), nothing)
        const outbox = yield* Outbox
        assert.deepStrictEqual(yield* outbox.list(b.tenantId, { recipient: a.customerId }), [])

        const other = freshTenant()
        const crossed = yield* Effect.exit(
          uow.transaction(b.tenantId, Effect.andThen(writeTurn(b, "crossed"), uow.transaction(other, Effect.void)))
        )
        assert.isTrue(Exit.isFailure(crossed) && Cause.hasDies(crossed.cause))
        assert.deepStrictEqual(yield* leftBy(b), nothing)
      }))

    test("concurrent units on different conversations both commit", () =>
      Effect.gen(function* () {
        const uow = yield* UnitOfWork
        const t = freshTenant()
        const conversations = [yield* newConversation(t), yield* newConversation(t), yield* newConversation(t)]
        yield* Effect.forEach(conversations, (c, i) => uow.transaction(t, writeTurn(c, `turn ${i}`)), {
          concurrency: "unbounded"
        })
        for (const [i, c] of conversations.entries()) assert.deepStrictEqual(yield* leftBy(c), oneTurn(`turn ${i}`))
      }))
  })
