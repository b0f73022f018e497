import {
  type Channel,
  NotFound,
  type OutboxId,
  type OutboxPayload,
  Outbox as OutboxPort,
  type OutboxRow,
  Ports,
  readOutboxPayload,
  type TenantId,
  type Timestamp
} from "@chatshop/domain"
import { Effect, Layer, Result } from "effect"
import { type Kysely, sql } from "kysely"
import type { Database } from "../Database.ts"
import { Db, run, type SqlError } from "../Db.ts"
import { tenantRun, tenantTransaction } from "../Tenancy.ts"
import { dieOnSql, json, now } from "./Rows.ts"

interface Row {
  readonly tenant_id: string
  readonly id: string
  readonly seq: number
  readonly channel: string
  readonly recipient: string
  readonly payload: unknown
  readonly status: string
  readonly attempts: number
  readonly settled_attempts: number
  readonly delivered_parts: number
  readonly created_at: number
  readonly next_attempt_at: number
  readonly claimed_until: number | null
  readonly sent_at: number | null
  readonly error: string | null
}

const columns = [
  "tenant_id",
  "id",
  "seq",
  "channel",
  "recipient",
  "payload",
  "status",
  "attempts",
  "settled_attempts",
  "delivered_parts",
  "created_at",
  "next_attempt_at",
  "claimed_until",
  "sent_at",
  "error"
] as const

/**
 * Rows are written through this module only, from a typed payload: mapped, not re-validated. The
 * claim, where a payload is about to be sent, decodes it with the domain's schema first.
 */
const toRow = (r: Row, payload = r.payload as OutboxPayload): OutboxRow => ({
  id: r.id as OutboxId,
  tenantId: r.tenant_id as TenantId,
  seq: r.seq,
  channel: r.channel as Channel,
  recipient: r.recipient,
  payload,
  status: r.status as OutboxRow["status"],
  attempts: r.attempts,
  settledAttempts: r.settled_attempts,
  deliveredParts: r.delivered_parts,
  createdAt: r.created_at as Timestamp,
  nextAttemptAt: r.next_attempt_at as Timestamp,
  ...(r.claimed_until === null ? {} : { claimedUntil: r.claimed_until as Timestamp }),
  ...(r.sent_at === null ? {} : { sentAt: r.sent_at as Timestamp }),
  ...(r.error === null ? {} : { error: r.error })
})

/**
 * Add an outbox row inside the caller's transaction (`transaction(kysely, (trx) => …)`): the reply
 * is stored with the business change that produced it, or not at all. Idempotent per (tenant, id).
 */
export const addIn = (trx: Kysely<Database>, message: Ports.NewOutboxMessage, at: number) =>
  run(() =>
    trx
      .insertInto("outbox")
      .values({
        tenant_id: message.tenantId,
        id: message.id,
        channel: message.channel,
        recipient: message.recipient,
        payload: json(message.payload),
        status: "pending",
        created_at: at,
        next_attempt_at: at
      })
      .onConflict((oc) => oc.columns(["tenant_id", "id"]).doNothing())
      .returning(columns)
      .executeTakeFirst()
  )

/**
 * Claim due rows: per recipient only the oldest unfinished row, locked with SKIP LOCKED so any
 * number of senders share the work. The due test sits on the locked row itself, so a row another
 * sender claimed and committed meanwhile is re-checked and left alone: each claim is exclusive.
 */
const claim = (kysely: Kysely<Database>, limit: number, at: number, leaseMs: number, tenantId: TenantId | undefined) =>
  sql<Row>`with heads as (
      select distinct on (tenant_id, channel, recipient) tenant_id, id
      from outbox where status in ('pending', 'sending')
        ${tenantId === undefined ? sql`` : sql`and tenant_id = ${tenantId}`}
      order by tenant_id, channel, recipient, seq
    ),
    due as (
      select o.tenant_id, o.id from outbox o join heads h on o.tenant_id = h.tenant_id and o.id = h.id
      where (o.status = 'pending' and o.next_attempt_at <= ${at})
         or (o.status = 'sending' and o.claimed_until <= ${at})
      order by o.seq limit ${limit}
      for update of o skip locked
    )
    update outbox o set status = 'sending', attempts = o.attempts + 1, claimed_until = ${at + leaseMs}::bigint
    from due where o.tenant_id = due.tenant_id and o.id = due.id
    returning o.*`.execute(kysely)

/** A claimed row whose payload does not decode (written around this module) is failed, not sent. */
const failInvalid = (kysely: Kysely<Database>, row: Row, error: string) =>
  run(() =>
    kysely
      .updateTable("outbox")
      .set((eb) => ({ status: "failed", error, settled_attempts: eb.ref("attempts"), claimed_until: null }))
      .where("tenant_id", "=", row.tenant_id)
      .where("id", "=", row.id)
      .where("status", "=", "sending")
      .execute()
  ).pipe(Effect.andThen(Effect.logWarning(`outbox ${row.id} (${row.channel}) not sent: ${error}`)))

export const make = Effect.gen(function* () {
  const { kysely } = yield* Db
  const notFound = (id: OutboxId) => new NotFound({ entity: "outbox", id })

  const selectRow = (db: Kysely<Database>, tenantId: TenantId, id: OutboxId) =>
    db.selectFrom("outbox").select(columns).where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst()
  const getIn = (
    db: Kysely<Database>,
    tenantId: TenantId,
    id: OutboxId
  ): Effect.Effect<OutboxRow, NotFound | SqlError> =>
    run(() => selectRow(db, tenantId, id)).pipe(
      Effect.flatMap((row) => (row === undefined ? Effect.fail(notFound(id)) : Effect.succeed(toRow(row))))
    )
  const get = (tenantId: TenantId, id: OutboxId) =>
    Effect.flatMap(
      tenantRun(kysely, tenantId, (db) => selectRow(db, tenantId, id)),
      (row) => (row === undefined ? Effect.fail(notFound(id)) : Effect.succeed(toRow(row)))
    ).pipe(dieOnSql)

  /** Finish or reschedule an unfinished row, recording its attempt; false when it was already sent or failed. */
  const finish = (
    tenantId: TenantId,
    id: OutboxId,
    set: { status: string; sent_at?: number; next_attempt_at?: number; error?: string; delivered_parts?: number }
  ) =>
    // Two single statements, not a transaction: rows are never deleted, so the second (rare) one
    // only tells an unknown row from a finished one, which a row cannot stop being.
    Effect.gen(function* () {
      const updated = yield* tenantRun(kysely, tenantId, (db) =>
        db
          .updateTable("outbox")
          .set((eb) => ({ ...set, settled_attempts: eb.ref("attempts"), claimed_until: null }))
          .where("tenant_id", "=", tenantId)
          .where("id", "=", id)
          .where("status", "in", ["pending", "sending"])
          .returning("id")
          .executeTakeFirst()
      )
      if (updated !== undefined) return true
      yield* get(tenantId, id) // NotFound for an unknown (or another tenant's) row
      return false
    }).pipe(dieOnSql)

  return OutboxPort.of({
    add: (message) =>
      Effect.flatMap(now, (at) =>
        tenantTransaction(kysely, message.tenantId, (trx) =>
          // The new row comes back from the insert; only a repeated id needs the read.
          Effect.flatMap(addIn(trx, message, at), (row) =>
            row === undefined ? getIn(trx, message.tenantId, message.id) : Effect.succeed(toRow(row))
          )
        ).pipe(Effect.orDie)
      ),
    claim: (limit, at, options = {}) =>
      limit <= 0
        ? Effect.succeed([])
        : // A sender for one shop claims as that shop; the platform's sender claims across shops.
          (options.tenantId === undefined
            ? run(() => claim(kysely, limit, at, options.leaseMs ?? Ports.DEFAULT_CLAIM_LEASE_MS, undefined))
            : tenantRun(kysely, options.tenantId, (db) =>
                claim(db, limit, at, options.leaseMs ?? Ports.DEFAULT_CLAIM_LEASE_MS, options.tenantId)
              )
          ).pipe(
            Effect.flatMap(({ rows }) =>
              Effect.forEach(rows, (row) => {
                const payload = readOutboxPayload(row.payload)
                if (Result.isSuccess(payload)) return Effect.succeed([toRow(row, payload.success)])
                const fail = (db: Kysely<Database>) => failInvalid(db, row, payload.failure)
                return Effect.as(tenantTransaction(kysely, row.tenant_id as TenantId, fail), [])
              })
            ),
            Effect.orDie,
            Effect.map((claimed) => claimed.flat().sort((a, b) => a.seq - b.seq))
          ),
    markSent: (tenantId, id, at) =>
      Effect.flatMap(now, (clock) => finish(tenantId, id, { status: "sent", sent_at: at ?? clock })),
    markFailed: (tenantId, id, failure) =>
      Effect.flatMap(now, (clock) =>
        finish(
          tenantId,
          id,
          failure.kind === "permanent"
            ? { status: "failed", error: failure.error }
            : {
                status: "pending",
                error: failure.error,
                next_attempt_at: failure.retryAt ?? clock,
                ...(failure.deliveredParts === undefined ? {} : { delivered_parts: failure.deliveredParts })
              }
        )
      ),
    get,
    list: (tenantId, filter = {}) =>
      tenantRun(kysely, tenantId, (db) => {
        let query = db.selectFrom("outbox").select(columns).where("tenant_id", "=", tenantId)
        if (filter.status !== undefined) query = query.where("status", "=", filter.status)
        if (filter.recipient !== undefined) query = query.where("recipient", "=", filter.recipient)
        return query.orderBy("seq").execute()
      }).pipe(
        Effect.orDie,
        Effect.map((rows) => rows.map((row) => toRow(row)))
      )
  })
})

export const layer = Layer.effect(OutboxPort, make)
