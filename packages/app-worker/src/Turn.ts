import {
  ChannelAccount,
  Conversation,
  IdGenerator,
  Inbound,
  MessageId,
  timestamp,
  UnitOfWork,
  UnrecoverableJob
} from "@chatshop/domain"
import { Clock, Effect, Result } from "effect"
import { handleManagerCommand } from "./Manager.ts"
import { applyAll } from "./turn/Apply.ts"
import { handleTurnJob, isTurnJob, scheduleTurn, type Who, withTurnLock } from "./turn/TakeTurn.ts"
import { type PendingMessage, TurnStore, withPending } from "./TurnStore.ts"

export { applyAll, recordedText } from "./turn/Apply.ts"
export { turnLockKey } from "./turn/TakeTurn.ts"

const textOfEvent = (e: Inbound.InboundEvent): string =>
  e.text ?? e.button?.title ?? e.button?.payload ?? (e.product === undefined ? "" : e.product.productId)

const imagesOfEvent = (e: Inbound.InboundEvent): ReadonlyArray<Inbound.InboundImage> =>
  e.image?.url !== undefined || e.image?.mediaId !== undefined ? [e.image] : []

/**
 * A customer's message: recorded (a duplicate platform id changes nothing), then its burst's turn
 * is taken now if the burst is complete, else by a job the queue delays until it is (no worker slot
 * is held meanwhile). Turns are taken oldest first under the customer's lock.
 */
const handleCustomerMessage = (who: Who, event: Inbound.InboundEvent) =>
  Effect.gen(function* () {
    const repo = yield* Conversation.ConversationRepository
    const store = yield* TurnStore
    const units = yield* UnitOfWork
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
        // The pending message and its line in the log, together or not at all.
        yield* units.transaction(
          who.tenantId,
          Effect.gen(function* () {
            yield* store.modify(who.tenantId, conversation.id, (r) => withPending(r, pending))
            yield* repo
              .update(
                who.tenantId,
                conversation.id,
                applyAll([
                  { _tag: "ReceiveCustomerMessage", messageId, text: pending.text, platformMessageId: mine, at }
                ])
              )
              .pipe(Effect.orDie)
          })
        )
      })
    )
    yield* scheduleTurn(who, conversation.id, mine)
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

/** The job handler of the inbound queue (and of its delayed turn jobs). Receipts are logged only. */
export const handleInbound = (payload: unknown) =>
  Effect.gen(function* () {
    if (isTurnJob(payload)) return yield* handleTurnJob(payload)
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
