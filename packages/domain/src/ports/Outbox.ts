import { Clock, Context, Effect, Layer, Result, Schema } from "effect"
import { Channel } from "../shared/Channel.ts"
import { TenantId, Timestamp, timestamp } from "../shared/Ids.ts"
import { NotFound } from "../shared/TenantScope.ts"
import { OutboxPayload, readOutboxPayload } from "./OutboxPayload.ts"
import { joinUnits, restoreMap } from "./UnitOfWork.ts"

export const OutboxId = Schema.NonEmptyString.pipe(Schema.brand("OutboxId"))
export type OutboxId = typeof OutboxId.Type

export const OutboxStatus = Schema.Literals(["pending", "sending", "sent", "failed"])
export type OutboxStatus = typeof OutboxStatus.Type

/** An outbound message waiting to be sent, being sent, or done (SPEC §6). */
export const OutboxRow = Schema.Struct({
  id: OutboxId,
  tenantId: TenantId,
  /** Insertion order, assigned by the store: messages to one recipient go out in this order. */
  seq: Schema.Int,
  channel: Channel,
  recipient: Schema.String,
  payload: OutboxPayload,
  status: OutboxStatus,
  /** Claims so far (each claim is one send attempt). */
  attempts: Schema.Int,
  /**
   * Attempts whose outcome was recorded (sent, failed, or put back for a retry). A claimed row
   * with `attempts - 1 > settledAttempts` was claimed before by a sender that died mid-send.
   */
  settledAttempts: Schema.Int,
  /** Parts of the message (a long text split at the platform limit) already delivered: never sent again. */
  deliveredParts: Schema.Int,
  createdAt: Timestamp,
  /** A pending row is not claimed before this time (retry backoff). */
  nextAttemptAt: Timestamp,
  /** While `sending`: the claim lapses at this time and the row can be claimed again. */
  claimedUntil: Schema.optionalKey(Timestamp),
  sentAt: Schema.optionalKey(Timestamp),
  error: Schema.optionalKey(Schema.String)
})
export type OutboxRow = typeof OutboxRow.Type

export interface NewOutboxMessage {
  readonly id: OutboxId
  readonly tenantId: TenantId
  readonly channel: Channel
  readonly recipient: string
  readonly payload: OutboxPayload
}

export interface ClaimOptions {
  /** How long a claim lasts before a dead sender's row is claimed again; default 60 s. */
  readonly leaseMs?: number
  /** Only this tenant's rows. */
  readonly tenantId?: TenantId
}

export const DEFAULT_CLAIM_LEASE_MS = 60_000

export type SendFailure =
  | { readonly kind: "permanent"; readonly error: string }
  | {
      readonly kind: "retry"
      readonly error: string
      readonly retryAt?: Timestamp
      /** Parts delivered so far, counting earlier attempts: the next attempt skips them. */
      readonly deliveredParts?: number
    }

/**
 * The transactional outbox (SPEC §3.8, §6): replies are added in the same transaction as the state
 * that produced them, then a sender claims, sends and marks them. A row is marked sent at most
 * once; claims are exclusive until their lease lapses; one recipient's messages go out in order.
 */
export class Outbox extends Context.Service<
  Outbox,
  {
    /** Add a pending row (idempotent: an existing id keeps its row). */
    readonly add: (message: NewOutboxMessage) => Effect.Effect<OutboxRow>
    /**
     * Claim up to `limit` due rows, oldest first, across tenants unless `tenantId` is given. A row
     * is due when pending past `nextAttemptAt`, or sending with a lapsed claim; only the oldest
     * unfinished row of each recipient is due. Claiming sets `sending`, counts an attempt. A due
     * row whose payload does not decode (written around this port) is never handed out: it is
     * failed, its error `invalid_payload: …` naming the field.
     */
    readonly claim: (limit: number, now: Timestamp, options?: ClaimOptions) => Effect.Effect<ReadonlyArray<OutboxRow>>
    /** Record the send; true the first time, false (no change) if the row was already sent or failed. */
    readonly markSent: (tenantId: TenantId, id: OutboxId, at?: Timestamp) => Effect.Effect<boolean, NotFound>
    /** Give up (`permanent`) or put the row back for a later attempt (`retry`); false if already finished. */
    readonly markFailed: (tenantId: TenantId, id: OutboxId, failure: SendFailure) => Effect.Effect<boolean, NotFound>
    readonly get: (tenantId: TenantId, id: OutboxId) => Effect.Effect<OutboxRow, NotFound>
    /** The tenant's rows in insertion order. */
    readonly list: (
      tenantId: TenantId,
      filter?: { readonly status?: OutboxStatus; readonly recipient?: string }
    ) => Effect.Effect<ReadonlyArray<OutboxRow>>
  }
>()("@chatshop/domain/ports/Outbox") {
  static readonly layerMemory = Layer.effect(Outbox, Effect.sync(makeMemoryOutbox))
}

/** Rows of one conversation thread share this key; they are sent strictly one after another. */
export const recipientKey = (row: Pick<OutboxRow, "tenantId" | "channel" | "recipient">): string =>
  `${row.tenantId}\u0000${row.channel}\u0000${row.recipient}`

export const isFinished = (row: Pick<OutboxRow, "status">): boolean => row.status === "sent" || row.status === "failed"

/** Due for a (re)claim at `now`, ignoring ordering: pending and past its backoff, or a lapsed claim. */
export const isDue = (row: OutboxRow, now: number): boolean =>
  (row.status === "pending" && row.nextAttemptAt <= now) ||
  (row.status === "sending" && row.claimedUntil !== undefined && row.claimedUntil <= now)

/**
 * The rows a claim at `now` may take from `rows` (in seq order): per recipient only the oldest
 * unfinished row, and only if due. Pure, shared by the memory store and the tests.
 */
export const claimable = (rows: Iterable<OutboxRow>, now: number): Array<OutboxRow> => {
  const blocked = new Set<string>()
  const due: Array<OutboxRow> = []
  for (const row of rows) {
    if (isFinished(row)) continue
    const key = recipientKey(row)
    if (blocked.has(key)) continue
    blocked.add(key)
    if (isDue(row, now)) due.push(row)
  }
  return due
}

const key = (tenantId: TenantId, id: OutboxId) => `${tenantId}\u0000${id}`

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

function makeMemoryOutbox(): Outbox["Service"] {
  // Map iteration order is insertion order, i.e. seq order.
  const rows = new Map<string, Mutable<OutboxRow>>()
  let seq = 0
  const now = Effect.map(Clock.currentTimeMillis, timestamp)

  const find = (tenantId: TenantId, id: OutboxId) => {
    const row = rows.get(key(tenantId, id))
    return row === undefined ? Effect.fail(new NotFound({ entity: "outbox", id })) : Effect.succeed(row)
  }

  const finish = (row: Mutable<OutboxRow>) => {
    delete row.claimedUntil
  }

  const failInvalid = (row: Mutable<OutboxRow>, error: string) => {
    row.status = "failed"
    row.error = error
    row.settledAttempts = row.attempts
    finish(row)
  }

  // A unit of work that fails puts the rows back (copies: rows are updated in place).
  const snapshot = () => {
    const saved = [...rows].map(([k, row]) => [k, { ...row }] as const)
    return () => restoreMap(rows, saved)
  }

  const outbox = Outbox.of({
    add: (message) =>
      Effect.map(now, (at) => {
        const existing = rows.get(key(message.tenantId, message.id))
        if (existing !== undefined) return { ...existing }
        seq += 1
        const row: Mutable<OutboxRow> = {
          ...message,
          seq,
          status: "pending",
          attempts: 0,
          settledAttempts: 0,
          deliveredParts: 0,
          createdAt: at,
          nextAttemptAt: at
        }
        rows.set(key(message.tenantId, message.id), row)
        return { ...row }
      }),
    claim: (limit, at, options = {}) =>
      Effect.sync(() => {
        const leaseMs = options.leaseMs ?? DEFAULT_CLAIM_LEASE_MS
        const scope = [...rows.values()].filter(
          (r) => options.tenantId === undefined || r.tenantId === options.tenantId
        )
        return claimable(scope, at)
          .slice(0, Math.max(0, limit))
          .flatMap((row) => {
            const claimed = rows.get(key(row.tenantId, row.id))!
            claimed.attempts += 1
            const payload = readOutboxPayload(claimed.payload)
            if (Result.isFailure(payload)) {
              failInvalid(claimed, payload.failure)
              return []
            }
            claimed.status = "sending"
            claimed.claimedUntil = timestamp(at + leaseMs)
            return [{ ...claimed }]
          })
      }),
    markSent: (tenantId, id, at) =>
      Effect.flatMap(find(tenantId, id), (row) =>
        Effect.map(now, (clock) => {
          if (isFinished(row)) return false
          row.settledAttempts = row.attempts
          row.status = "sent"
          row.sentAt = at ?? clock
          finish(row)
          return true
        })
      ),
    markFailed: (tenantId, id, failure) =>
      Effect.flatMap(find(tenantId, id), (row) =>
        Effect.map(now, (clock) => {
          if (isFinished(row)) return false
          row.error = failure.error
          row.settledAttempts = row.attempts
          finish(row)
          if (failure.kind === "permanent") {
            row.status = "failed"
          } else {
            row.status = "pending"
            row.nextAttemptAt = failure.retryAt ?? clock
            row.deliveredParts = failure.deliveredParts ?? row.deliveredParts
          }
          return true
        })
      ),
    get: (tenantId, id) => Effect.map(find(tenantId, id), (row) => ({ ...row })),
    list: (tenantId, filter = {}) =>
      Effect.sync(() =>
        [...rows.values()]
          .filter(
            (r) =>
              r.tenantId === tenantId &&
              (filter.status === undefined || r.status === filter.status) &&
              (filter.recipient === undefined || r.recipient === filter.recipient)
          )
          .map((r) => ({ ...r }))
      )
  })
  return joinUnits(outbox, { writes: ["add", "claim", "markSent", "markFailed"], snapshot })
}
