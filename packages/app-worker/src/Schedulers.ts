import {
  ChannelAccount,
  type ChannelAccountId,
  Conversation,
  type CustomerId,
  Dialog,
  DistributedLock,
  IdGenerator,
  Inventory,
  LockTimeout,
  MessageId,
  Nudge,
  Offer,
  Order,
  Outbox,
  OutboxId,
  outboxIdOf,
  type ShopSettings,
  Tenant,
  type TenantId,
  type Timestamp,
  timestamp
} from "@chatshop/domain"
import { Clock, Effect } from "effect"
import { dialogStateOf, shopOf } from "./DialogRunner.ts"
import { OutboxWakeup } from "./OutboxSender.ts"
import { TurnLockTtl } from "./Policy.ts"
import { applyAll, turnLockKey } from "./Turn.ts"
import { TurnStore } from "./TurnStore.ts"

/**
 * The sweepers (SPEC §3.3–§3.5): nudges, hold expiry, offer expiry, low-stock alerts. Each sweep
 * runs under its own lock so several workers take turns instead of racing, and each is also
 * safe without it: nudges re-check under the customer's turn lock with ids derived from the
 * nudge, holds and offers expire through deciders that make a second expiry a no-op, and
 * low-stock alerts are taken once by the ledger. Time is Effect's Clock (TestClock in tests).
 */
export interface SchedulerOptions {
  readonly nudgeEveryMs?: number
  readonly holdsEveryMs?: number
  readonly offersEveryMs?: number
  readonly lowStockEveryMs?: number
  /** Candidates read per page of the nudge scan; default 500. */
  readonly pageSize?: number
}

const SWEEP_LOCK_TTL_MS = 60_000

/** Run `body` if this worker gets the sweep's lock now; another worker holding it → skip this round. */
const exclusively = <A, E, R>(name: string, body: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const locks = yield* DistributedLock
    return yield* locks.withLock(`sweep:${name}`, SWEEP_LOCK_TTL_MS, Effect.asVoid(body), { timeoutMs: 1 }).pipe(
      Effect.catchIf(
        (e): e is LockTimeout => e instanceof LockTimeout,
        () => Effect.void
      )
    )
  })

/** Whether the bot may nudge this conversation now (pure: checked before and again under the turn lock). */
export const nudgeDue = (c: Conversation.Conversation, settings: ShopSettings, now: Timestamp): boolean => {
  const policy = Nudge.nudgePolicy(settings, c.channel)
  return c.owner === "bot" && Nudge.isDue(c.nudge, policy, now) && Nudge.Invariants.mayNudgeAt(c.nudge, policy, now)
}

/** One nudge if it is due now, decided again under the customer's turn lock. True when one was written. */
export const nudgeIfDue = (candidate: Conversation.Conversation, settings: ShopSettings) =>
  Effect.gen(function* () {
    const locks = yield* DistributedLock
    const ttl = yield* TurnLockTtl
    const key = turnLockKey(candidate.tenantId, candidate.channelAccountId, candidate.customerId)
    return yield* locks.withLock(
      key,
      ttl,
      Effect.gen(function* () {
        const repo = yield* Conversation.ConversationRepository
        const outbox = yield* Outbox
        const orders = yield* Order.OrderRepository
        const store = yield* TurnStore
        const now = timestamp(yield* Clock.currentTimeMillis)
        const c = yield* repo.get(candidate.tenantId, candidate.id).pipe(Effect.orDie)
        if (!nudgeDue(c, settings, now)) return false
        const record = yield* store.get(c.tenantId, c.id)
        if (record.pending.length > 0) return false // the customer just wrote: their turn comes first
        const order =
          c.orderId === null ? null : yield* Effect.orElseSucceed(orders.get(c.tenantId, c.orderId), () => null)
        const text = Dialog.renderReply(Dialog.nudgeReply(dialogStateOf(record.dialog), order, c.language)).text
        // Derived from the silence being nudged: a second sweeper deciding the same nudge writes the same row.
        const messageId = MessageId.make(`nudge_${c.id}_${c.nudge.lastBotMessageAt ?? 0}_${c.nudge.sent + 1}`)
        yield* outbox.add({
          id: OutboxId.make(outboxIdOf(messageId)),
          tenantId: c.tenantId,
          channel: c.channel,
          recipient: c.customerId,
          payload: {
            accountId: c.channelAccountId,
            message: { _tag: "Text", text },
            sender: "bot",
            conversationId: c.id,
            messageId,
            kind: "nudge"
          }
        })
        yield* repo
          .update(c.tenantId, c.id, applyAll([{ _tag: "RecordBotMessage", messageId, text, nudge: true, at: now }]))
          .pipe(Effect.orDie)
        return true
      }),
      { timeoutMs: 2 * ttl }
    )
  })

/** Every candidate, page by page (keyset), nudged when due. Returns how many nudges were written. */
export const sweepNudges = (pageSize = 500) =>
  Effect.gen(function* () {
    const repo = yield* Conversation.ConversationRepository
    const settingsCache = new Map<TenantId, ShopSettings>()
    let after: Conversation.NudgeCursor | undefined
    let written = 0
    while (true) {
      const page = yield* repo.listNudgeCandidates(pageSize, after === undefined ? {} : { after })
      for (const c of page) {
        let settings = settingsCache.get(c.tenantId)
        if (settings === undefined) {
          settings = (yield* shopOf(c.tenantId)).settings
          settingsCache.set(c.tenantId, settings)
        }
        // Most candidates are not due yet: skip them without taking their customer's turn lock.
        if (!nudgeDue(c, settings, timestamp(yield* Clock.currentTimeMillis))) continue
        const sent = yield* nudgeIfDue(c, settings).pipe(
          Effect.catchCause((cause) => Effect.as(Effect.logWarning(`nudge ${c.id} skipped`, cause), false))
        )
        if (sent) written += 1
      }
      const last = page[page.length - 1]
      if (last === undefined || page.length < pageSize) break
      after = Conversation.nudgeCursorOf(last)
    }
    if (written > 0) yield* (yield* OutboxWakeup).wake
    return written
  })

/** Lapsed holds → expired orders, stock released (Orders.expireLapsed, never the raw ledger sweep). */
export const sweepHolds = Effect.gen(function* () {
  const orders = yield* Order.Orders
  let total = 0
  while (true) {
    const expired = yield* orders.expireLapsed(100)
    total += expired.length
    if (expired.length < 100) return total
  }
})

/** Offers whose window ended → expired. */
export const sweepOffers = Effect.gen(function* () {
  const offers = yield* Offer.Offers
  let total = 0
  while (true) {
    const expired = yield* offers.expireDue(100)
    total += expired.length
    if (expired.length < 100) return total
  }
})

/** Low-stock crossings → a message to every manager identity of the shop's channel accounts. */
export const sweepLowStock = Effect.gen(function* () {
  const tenants = yield* Tenant.TenantRepository
  const ledger = yield* Inventory.StockLedger
  const accounts = yield* ChannelAccount.ChannelAccountRepository
  const repo = yield* Conversation.ConversationRepository
  const outbox = yield* Outbox
  const ids = yield* IdGenerator
  let alerts = 0
  for (const tenant of yield* tenants.list()) {
    const levels = yield* ledger.takeLowStock(tenant.id)
    if (levels.length === 0) continue
    const text = levels.map((l) => `Low stock: ${l.sku} — ${l.available} left.`).join("\n")
    for (const account of yield* accounts.list(tenant.id)) {
      for (const manager of account.managers) {
        const own = yield* repo.getOrCreate(tenant.id, {
          channel: account.type,
          channelAccountId: account.id as ChannelAccountId,
          customerId: manager as CustomerId
        })
        yield* outbox.add({
          id: OutboxId.make(yield* ids.next("out_alert")),
          tenantId: tenant.id,
          channel: account.type,
          recipient: manager,
          payload: {
            accountId: account.id,
            message: { _tag: "Text", text },
            sender: "bot",
            conversationId: own.id,
            messageId: null,
            kind: "alert"
          }
        })
        alerts += 1
      }
    }
  }
  if (alerts > 0) yield* (yield* OutboxWakeup).wake
  return alerts
})

/** Run every sweeper on its interval in the caller's scope (interrupted when the scope closes). */
export const runSchedulers = (options: SchedulerOptions = {}) =>
  Effect.gen(function* () {
    const every = <A, E, R>(name: string, ms: number, sweep: Effect.Effect<A, E, R>) =>
      exclusively(name, sweep).pipe(
        Effect.catchCause((cause) => Effect.logError(`sweep ${name} failed`, cause)),
        Effect.andThen(Effect.sleep(ms)),
        Effect.forever,
        Effect.forkScoped
      )
    yield* every("nudges", options.nudgeEveryMs ?? 60_000, sweepNudges(options.pageSize))
    yield* every("holds", options.holdsEveryMs ?? 60_000, sweepHolds)
    yield* every("offers", options.offersEveryMs ?? 60_000, sweepOffers)
    yield* every("low-stock", options.lowStockEveryMs ?? 30_000, sweepLowStock)
  })

export { exclusively }
