import {
  ChannelAccount,
  type ChannelAccountId,
  Conversation,
  type ConversationId,
  type CustomerId,
  DistributedLock,
  IdGenerator,
  Inbound,
  MessageId,
  type OutboundMessage,
  Outbox,
  OutboxId,
  outboxIdOf,
  type TenantId,
  timestamp,
  UnrecoverableJob
} from "@chatshop/domain"
import { Clock, Effect, Result } from "effect"
import { runDialog, shopOf } from "./DialogRunner.ts"
import { handleManagerCommand } from "./Manager.ts"
import { TurnLockTtl } from "./Policy.ts"
import { OutboxWakeup } from "./OutboxSender.ts"
import { type PendingMessage, TurnStore, withPending, withTurnDone } from "./TurnStore.ts"

/** One customer's turns never overlap, across processes (SPEC §3.7): the lock's key. */
export const turnLockKey = (tenantId: string, accountId: string, customerId: string) =>
  `turn:${tenantId}:${accountId}:${customerId}`

/** Apply commands in order in one atomic update; a command the decider refuses is skipped. */
export const applyAll =
  (commands: ReadonlyArray<Conversation.ConversationCommand>) =>
  (state: Conversation.Conversation): Result.Result<Conversation.Transition, never> => {
    let current = state
    const events: Array<Conversation.ConversationEvent> = []
    for (const command of commands) {
      const applied = Conversation.execute(command)(current)
      if (Result.isSuccess(applied)) {
        current = applied.success.state
        events.push(...applied.success.events)
      }
    }
    return Result.succeed({ state: current, events })
  }

/** The text a message is recorded with in the conversation log. */
export const recordedText = (m: OutboundMessage): string => {
  switch (m._tag) {
    case "Text":
    case "Buttons":
      return m.text
    case "Image":
      return m.caption ?? `[image] ${m.url ?? m.mediaId ?? ""}`
    case "AnswerCallback":
      return m.text ?? ""
  }
}

const textOfEvent = (e: Inbound.InboundEvent): string =>
  e.text ?? e.button?.title ?? e.button?.payload ?? (e.product === undefined ? "" : e.product.productId)

const imagesOfEvent = (e: Inbound.InboundEvent): ReadonlyArray<Inbound.InboundImage> =>
  e.image?.url !== undefined || e.image?.mediaId !== undefined ? [e.image] : []

interface Who {
  readonly tenantId: TenantId
  readonly accountId: ChannelAccountId
  readonly customerId: CustomerId
}

const withTurnLock = <A, E, R>(who: Who, body: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const locks = yield* DistributedLock
    const ttl = yield* TurnLockTtl
    return yield* locks.withLock(turnLockKey(who.tenantId, who.accountId, who.customerId), ttl, body, {
      timeoutMs: 5 * ttl
    })
  })

/**
 * One burst as one turn, under the customer's lock: the dialog runs, then its replies are written
 * to the outbox (ids derived from the turn, so a retried turn adds nothing twice), then recorded
 * in the conversation with the dialog's conversation commands, then the burst is marked handled.
 */
const runTurn = (who: Who, conversationId: ConversationId, turn: ReadonlyArray<PendingMessage>, stored: unknown) =>
  Effect.gen(function* () {
    const repo = yield* Conversation.ConversationRepository
    const store = yield* TurnStore
    const outbox = yield* Outbox
    const wakeup = yield* OutboxWakeup
    const conversation = yield* repo.get(who.tenantId, conversationId).pipe(Effect.orDie)
    const handledIds = turn.map((m) => m.platformMessageId)
    const turnKey = turn[0]!.messageId
    if (conversation.owner === "human") {
      // A human owns it: recorded, never answered (SPEC §3.7).
      yield* store.modify(who.tenantId, conversationId, (r) => withTurnDone(r, handledIds, r.dialog))
      return
    }
    const customerName = turn.find((m) => m.customerName !== undefined)?.customerName
    const result = yield* runDialog(conversation, stored, turn, customerName)
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
    // The replies are recorded before their outbox rows exist: the sender marks a reply delivered on
    // the conversation, so the reply must be there first. A crash in between re-runs the turn, which
    // finds the replies recorded and adds the rows (their ids make both steps idempotent).
    const recorded = new Set((yield* repo.messages(who.tenantId, conversationId).pipe(Effect.orDie)).map((m) => m.id))
    const records: Array<Conversation.ConversationCommand> = replies
      .filter((r) => !recorded.has(r.id))
      .map((r) => ({ _tag: "RecordBotMessage", messageId: r.id, text: recordedText(r.message), nudge: false, at: now }))
    // Replies first: a handoff in this turn must not refuse the bot's own "a person will answer".
    yield* repo.update(who.tenantId, conversationId, applyAll([...records, ...result.commands])).pipe(Effect.orDie)
    yield* Effect.forEach(callbacks, (m, i) => add(`out_${turnKey}_cb${i}`, m, null), { discard: true })
    yield* Effect.forEach(replies, (r) => add(outboxIdOf(r.id), r.message, r.id), { discard: true })
    yield* store.modify(who.tenantId, conversationId, (r) => withTurnDone(r, handledIds, result.state))
    yield* wakeup.wake
  })

/**
 * A customer's message: recorded (a duplicate platform id changes nothing), then the job waits
 * until its burst is complete (the debounce passed with no newer message) and runs the turn —
 * unless another job of the same burst already did. Turns are taken oldest first under the lock.
 */
const handleCustomerMessage = (who: Who, event: Inbound.InboundEvent) =>
  Effect.gen(function* () {
    const repo = yield* Conversation.ConversationRepository
    const store = yield* TurnStore
    const ids = yield* IdGenerator
    const conversation = yield* repo.getOrCreate(who.tenantId, {
      channel: event.channel,
      channelAccountId: who.accountId,
      customerId: who.customerId
    })
    const messageId = MessageId.make(yield* ids.next("msg"))
    const mine = event.platformMessageId
    yield* withTurnLock(
      who,
      Effect.gen(function* () {
        const at = timestamp(yield* Clock.currentTimeMillis)
        const pending: PendingMessage = {
          platformMessageId: mine,
          messageId,
          text: textOfEvent(event),
          images: imagesOfEvent(event),
          at,
          ...(event.callbackId === undefined ? {} : { callbackId: event.callbackId }),
          ...(event.customerName === undefined ? {} : { customerName: event.customerName })
        }
        // Pending first, then the log: a crash in between leaves a pending message the retry records.
        yield* store.modify(who.tenantId, conversation.id, (r) => withPending(r, pending))
        yield* repo
          .update(
            who.tenantId,
            conversation.id,
            applyAll([{ _tag: "ReceiveCustomerMessage", messageId, text: pending.text, platformMessageId: mine, at }])
          )
          .pipe(Effect.orDie)
      })
    )
    const { settings } = yield* shopOf(who.tenantId)
    const debounce = settings.burstDebounceMs
    while (true) {
      const record = yield* store.get(who.tenantId, conversation.id)
      if (!record.pending.some((p) => p.platformMessageId === mine)) return
      const readyAt = Conversation.burstReadyAt(record.pending, debounce) ?? 0
      const now = yield* Clock.currentTimeMillis
      if (now < readyAt) {
        yield* Effect.sleep(readyAt - now)
        continue
      }
      yield* withTurnLock(
        who,
        Effect.gen(function* () {
          const fresh = yield* store.get(who.tenantId, conversation.id)
          const taken = Conversation.takeTurn(fresh.pending, debounce, yield* Clock.currentTimeMillis)
          if (taken !== null) yield* runTurn(who, conversation.id, taken.turn, fresh.dialog)
        })
      )
    }
  })

/** The shop's owner wrote from the phone/app: the conversation is handed to a human (SPEC §3.7). */
const handleEcho = (who: Who, event: Inbound.InboundEvent) =>
  Effect.gen(function* () {
    // Our own API send mirrored back is not the owner typing.
    if (event.echo?.viaApi === true) return
    const repo = yield* Conversation.ConversationRepository
    const ids = yield* IdGenerator
    const conversation = yield* repo.getOrCreate(who.tenantId, {
      channel: event.channel,
      channelAccountId: who.accountId,
      customerId: who.customerId
    })
    const messageId = MessageId.make(yield* ids.next("msg"))
    yield* withTurnLock(
      who,
      Effect.gen(function* () {
        const at = timestamp(yield* Clock.currentTimeMillis)
        yield* repo
          .update(
            who.tenantId,
            conversation.id,
            applyAll([
              { _tag: "ReceiveEcho", messageId, text: event.text ?? "", platformMessageId: event.platformMessageId, at }
            ])
          )
          .pipe(Effect.orDie)
      })
    )
  })

/** The job handler of the inbound queue. Receipts are recorded in the log only. */
export const handleInbound = (payload: unknown) =>
  Effect.gen(function* () {
    const decoded = Inbound.decodeInboundJob(payload)
    if (Result.isFailure(decoded)) return yield* new UnrecoverableJob({ message: "not an inbound job" })
    const { channelAccountId, event } = decoded.success
    if (event.tenantId === undefined || event.customerId === undefined) return
    const who: Who = { tenantId: event.tenantId, accountId: channelAccountId, customerId: event.customerId }
    if (event.kind === "status" || event.kind === "read") {
      return yield* Effect.logDebug(`receipt ${event.kind} ${event.platformMessageId}`)
    }
    if (event.kind === "echo") return yield* handleEcho(who, event)
    if (!Inbound.isCustomerMessage(event)) return
    const accounts = yield* ChannelAccount.ChannelAccountRepository
    const account = yield* Effect.option(accounts.get(who.tenantId, who.accountId))
    const managers = account._tag === "Some" ? account.value.managers : []
    const command = Conversation.parseManagerCommand(event.text ?? "", who.customerId, managers)
    if (command._tag !== "NotACommand") return yield* handleManagerCommand(who, event, command)
    return yield* handleCustomerMessage(who, event)
  })
