import type { InboundMedia } from "@chatshop/adapters/channels"
import type {
  Catalog,
  ChannelAccount,
  ChannelSender,
  Conversation,
  DistributedLock,
  IdGenerator,
  Inventory,
  MessageQueue as MessageQueuePort,
  Nlu,
  Offer,
  Order,
  Outbox,
  PaymentEvidenceReader,
  ReplyWriter,
  Tenant,
  UnitOfWork
} from "@chatshop/domain"
import { Inbound, MessageQueue } from "@chatshop/domain"
import { Effect, Layer } from "effect"
import { TurnLockTtl } from "./Policy.ts"
import { type OutboxSenderOptions, OutboxWakeup, runOutboxSender } from "./OutboxSender.ts"
import { runSchedulers, type SchedulerOptions } from "./Schedulers.ts"
import { handleInbound } from "./Turn.ts"
import type { TurnStore } from "./TurnStore.ts"

export interface WorkerOptions {
  /** Inbound jobs handled at once by this process; default 32 (a burst waits in the queue, not in a slot). */
  readonly concurrency?: number
  readonly outbox?: OutboxSenderOptions
  /** TTL of a customer's turn lock; a dead worker's lock lapses after it (default 30 s). */
  readonly turnLockTtlMs?: number
  /** Interval options, or `false` to run no sweepers in this process. */
  readonly schedulers?: SchedulerOptions | false
}

/** Every port the worker runs on; the caller picks implementations (memory, PGlite, PostgreSQL + Redis). */
export type WorkerServices =
  | MessageQueuePort
  | DistributedLock
  | IdGenerator
  | Outbox
  | ChannelSender
  | Conversation.ConversationRepository
  | ChannelAccount.ChannelAccountRepository
  | Tenant.TenantRepository
  | Catalog.Catalog
  | Order.Orders
  | Order.OrderRepository
  | Offer.Offers
  | Offer.OfferRepository
  | Inventory.StockLedger
  | Nlu
  | ReplyWriter
  | PaymentEvidenceReader
  | InboundMedia
  | TurnStore
  | UnitOfWork

/**
 * The worker in the caller's scope: the outbox sender loop, the inbound consumers and the
 * sweepers. Closing the scope stops in reverse: sweepers, then consumers (no new jobs; jobs in
 * flight finish), then the sender — so a turn that finished has its rows in the outbox.
 */
export const makeWorker = (options: WorkerOptions = {}) =>
  Effect.gen(function* () {
    const queue = yield* MessageQueue
    const wakeup = yield* runOutboxSender(options.outbox)
    const context = yield* Effect.context<WorkerServices>()
    const ttl = options.turnLockTtlMs ?? 30_000
    const handler = (job: { readonly payload: unknown }) =>
      handleInbound(job.payload).pipe(
        Effect.provideService(OutboxWakeup, wakeup),
        Effect.provideService(TurnLockTtl, ttl),
        Effect.provideContext(context)
      )
    const concurrency = options.concurrency ?? 32
    yield* queue.consume(Inbound.INBOUND_QUEUE, handler, { concurrency })
    yield* queue.consume(Inbound.RECEIPTS_QUEUE, handler, { concurrency: 4 })
    if (options.schedulers !== false) {
      yield* runSchedulers(options.schedulers ?? {}).pipe(
        Effect.provideService(OutboxWakeup, wakeup),
        Effect.provideService(TurnLockTtl, ttl)
      )
    }
    yield* Effect.logInfo("worker started")
    return wakeup
  })

/** `makeWorker` as a layer; it also provides the OutboxWakeup (an embedding app may poke it). */
export const layer = (options: WorkerOptions = {}): Layer.Layer<OutboxWakeup, never, WorkerServices> =>
  Layer.effect(OutboxWakeup, makeWorker(options))
