import {
  ChannelAccountId,
  Conversation,
  ConversationId,
  CustomerId,
  DistributedLock,
  Inbound,
  MessageId,
  MessageQueue,
  type OutboundMessage,
  Outbox,
  OutboxId,
  outboxIdOf,
  TenantId,
  timestamp,
  UnitOfWork
} from "@chatshop/domain"
import { Clock, Effect, Schema } from "effect"
import { type DialogTurnResult, runDialog, shopOf } from "../DialogRunner.ts"
import { OutboxWakeup } from "../OutboxSender.ts"
import { TurnLockTtl } from "../Policy.ts"
import { type PendingMessage, TurnStore, withTurnDone } from "../TurnStore.ts"
import { applyAll, recordedText } from "./Apply.ts"

export interface Who {
  readonly tenantId: TenantId
  readonly accountId: ChannelAccountId
  readonly customerId: CustomerId
}

/** One customer's turns never overlap, across processes (SPEC §3.7): the lock's key. */
export const turnLockKey = (tenantId: string, accountId: string, customerId: string) =>
  `turn:${tenantId}:${accountId}:${customerId}`

export const withTurnLock = <A, E, R>(who: Who, body: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const locks = yield* DistributedLock
    const ttl = yield* TurnLockTtl
    return yield* locks.withLock(turnLockKey(who.tenantId, who.accountId, who.customerId), ttl, body, {
      timeoutMs: 5 * ttl
    })
  })

/**
 * The write step: the turn's replies and the dialog's commands in the conversation, its outbox rows
 * (ids derived from the turn, so a retried turn adds nothing twice) and the burst marked handled —
 * one unit of work, all or nothing. The dialog ran before it: a unit may run its body again.
 */
const writeTurn = (
  who: Who,
  conversation: Conversation.Conversation,
  turn: ReadonlyArray<PendingMessage>,
  result: DialogTurnResult
) =>
  Effect.gen(function* () {
    const repo = yield* Conversation.ConversationRepository
    const store = yield* TurnStore
    const outbox = yield* Outbox
    const units = yield* UnitOfWork
    const conversationId = conversation.id
    const handledIds = turn.map((m) => m.platformMessageId)
    const turnKey = turn[0]!.messageId
    const now = timestamp(yield* Clock.currentTimeMillis)
    const callbacks: Array<OutboundMessage> = turn.flatMap((m) =>
      m.callbackId === undefined ? [] : [{ _tag: "AnswerCallback", callbackId: m.callbackId }]
    )
    const replies = result.messages.map((message, i) => ({ message, id: MessageId.make(`${turnKey}_r${i}`) }))
    const add = (id: string, message: OutboundMessage, messageId: MessageId | null) =>
      outbox.add({
        id: OutboxId.make(id),
        tenantId: who.tenantId,
        channel: conversation.channel,
        recipient: conversation.customerId,
        payload: { accountId: who.accountId, message, sender: "bot", conversationId, messageId, kind: "reply" }
      })
    const records: ReadonlyArray<Conversation.ConversationCommand> = replies.map((r) => ({
      _tag: "RecordBotMessage",
      messageId: r.id,
      text: recordedText(r.message),
      nudge: false,
      at: now
    }))
    yield* units.transaction(
      who.tenantId,
      Effect.gen(function* () {
        // Replies first: a handoff in this turn must not refuse the bot's own "a person will answer".
        yield* repo.update(who.tenantId, conversationId, applyAll([...records, ...result.commands])).pipe(Effect.orDie)
        yield* Effect.forEach(callbacks, (m, i) => add(`out_${turnKey}_cb${i}`, m, null), { discard: true })
        yield* Effect.forEach(replies, (r) => add(outboxIdOf(r.id), r.message, r.id), { discard: true })
        yield* store.modify(who.tenantId, conversationId, (r) => withTurnDone(r, handledIds, result.state))
      })
    )
  })

/** One burst as one turn, under the customer's lock: the dialog, then its one write, then the sender woken. */
const runTurn = (who: Who, conversationId: ConversationId, turn: ReadonlyArray<PendingMessage>, stored: unknown) =>
  Effect.gen(function* () {
    const repo = yield* Conversation.ConversationRepository
    const store = yield* TurnStore
    const conversation = yield* repo.get(who.tenantId, conversationId).pipe(Effect.orDie)
    if (conversation.owner === "human") {
      // A human owns it: recorded, never answered (SPEC §3.7).
      const handledIds = turn.map((m) => m.platformMessageId)
      yield* store.modify(who.tenantId, conversationId, (r) => withTurnDone(r, handledIds, r.dialog))
      return
    }
    const customerName = turn.find((m) => m.customerName !== undefined)?.customerName
    const result = yield* runDialog(conversation, stored, turn, customerName)
    yield* writeTurn(who, conversation, turn, result)
    yield* (yield* OutboxWakeup).wake
  })

/** Under the customer's lock, every burst that is complete now, oldest first, each as one turn. */
export const takeReadyTurns = (who: Who, conversationId: ConversationId) =>
  withTurnLock(
    who,
    Effect.gen(function* () {
      const store = yield* TurnStore
      const { settings } = yield* shopOf(who.tenantId)
      while (true) {
        const fresh = yield* store.get(who.tenantId, conversationId)
        const taken = Conversation.takeTurn(fresh.pending, settings.burstDebounceMs, yield* Clock.currentTimeMillis)
        if (taken === null) return
        yield* runTurn(who, conversationId, taken.turn, fresh.dialog)
      }
    })
  )

/** A delayed job that takes a conversation's turns once its burst (complete at `readyAt`) is. */
export const TurnJob = Schema.Struct({
  _tag: Schema.Literal("TurnJob"),
  tenantId: TenantId,
  accountId: ChannelAccountId,
  customerId: CustomerId,
  conversationId: ConversationId,
  readyAt: Schema.Number
})
export type TurnJob = typeof TurnJob.Type
export const isTurnJob = Schema.is(TurnJob)

/**
 * Take the turn of `mine`'s burst when it is complete: now, or by a job the queue holds back until
 * then. The job id names the conversation and the burst as it stands (its last message), so
 * redeliveries collapse and a newer message in the burst schedules a later job of its own.
 */
export const scheduleTurn = (who: Who, conversationId: ConversationId, mine: string) =>
  Effect.gen(function* () {
    const store = yield* TurnStore
    const { settings } = yield* shopOf(who.tenantId)
    const record = yield* store.get(who.tenantId, conversationId)
    const burst = Conversation.groupBursts(record.pending, settings.burstDebounceMs).find((b) =>
      b.some((p) => p.platformMessageId === mine)
    )
    if (burst === undefined) return // already answered
    const readyAt = burst[burst.length - 1]!.at + settings.burstDebounceMs
    const now = yield* Clock.currentTimeMillis
    if (now >= readyAt) return yield* takeReadyTurns(who, conversationId)
    const job: TurnJob = { _tag: "TurnJob", ...who, conversationId, readyAt }
    const queue = yield* MessageQueue
    yield* queue.enqueue(Inbound.INBOUND_QUEUE, `turn:${who.tenantId}:${conversationId}:${readyAt}`, job, {
      delayMs: readyAt - now
    })
  })

/** The delayed turn job: early (another machine's clock) it waits out the rest, then takes what is ready. */
export const handleTurnJob = (job: TurnJob) =>
  Effect.gen(function* () {
    const early = job.readyAt - (yield* Clock.currentTimeMillis)
    if (early > 0) yield* Effect.sleep(early)
    const who: Who = { tenantId: job.tenantId, accountId: job.accountId, customerId: job.customerId }
    yield* takeReadyTurns(who, job.conversationId)
  })
