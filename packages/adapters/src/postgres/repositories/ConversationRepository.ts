import { Conversation, ConversationId, NotFound, type TenantId, timestamp } from "@chatshop/domain"
import { Effect, Layer, type Result } from "effect"
import { type Kysely, sql } from "kysely"
import type { Database } from "../Database.ts"
import { Db, run } from "../Db.ts"
import { tenantRun, tenantTransaction } from "../Tenancy.ts"
import { decoder, dieOnSql, json, now } from "./Rows.ts"
import { type Documents, getDocument, updateDocument, writeDocument } from "./Update.ts"

const decode = decoder(Conversation.Conversation)
const decodeMessage = decoder(Conversation.Message)
const notFound = (id: string) => new NotFound({ entity: "conversation", id })

const columns = (c: Conversation.Conversation, at: number) => ({
  owner: c.owner,
  language: c.language,
  last_inbound_at: c.lastInboundAt,
  last_outbound_at: c.lastOutboundAt,
  state: json(c),
  updated_at: at
})

const conversations: Documents<"conversations", Conversation.Conversation> = {
  table: "conversations",
  entity: "conversation",
  decode,
  columns
}

const nudgeRow = (c: Conversation.Conversation) => ({
  candidate: Conversation.isNudgeCandidate(c),
  last_bot_message_at: c.nudge.lastBotMessageAt ?? 0,
  last_customer_message_at: c.nudge.lastCustomerMessageAt,
  sent: c.nudge.sent,
  last_nudge_at: c.nudge.lastNudgeAt,
  stopped_by: c.nudge.stoppedBy
})

/**
 * The nudge scheduler's row for this conversation, kept in step in the same transaction. Every
 * conversation has one from its creation, so an update that left the nudge fields as they were
 * (`previous`, the locked row) has nothing to write.
 */
const writeNudgeState = (
  trx: Kysely<Database>,
  c: Conversation.Conversation,
  at: number,
  previous?: Conversation.Conversation
) => {
  const fields = nudgeRow(c)
  if (previous !== undefined) {
    const before = nudgeRow(previous)
    if (Object.entries(fields).every(([k, v]) => before[k as keyof typeof before] === v)) return Effect.void
  }
  const row = { ...fields, updated_at: at }
  return run(() =>
    trx
      .insertInto("nudge_state")
      .values({ tenant_id: c.tenantId, conversation_id: c.id, ...row })
      .onConflict((oc) => oc.columns(["tenant_id", "conversation_id"]).doUpdateSet(row))
      .execute()
  )
}

/** Append the messages the events record, and stamp delivered ones with their platform id. */
const record = (
  trx: Kysely<Database>,
  c: Conversation.Conversation,
  events: ReadonlyArray<Conversation.ConversationEvent>
) =>
  Effect.forEach(
    events,
    (event) => {
      const message = Conversation.messageOf(c, event)
      if (message !== undefined) {
        return run(() =>
          trx
            .insertInto("messages")
            .values({
              tenant_id: c.tenantId,
              id: message.id,
              conversation_id: c.id,
              direction: message.direction,
              platform_message_id: message.platformMessageId,
              body: json(message),
              at: message.at
            })
            .execute()
        )
      }
      if (event._tag === "MessageDelivered") {
        return run(() =>
          trx
            .updateTable("messages")
            .set({
              platform_message_id: event.platformMessageId,
              body: sql`jsonb_set(body, '{platformMessageId}', to_jsonb(${event.platformMessageId}::text))`
            })
            .where("tenant_id", "=", c.tenantId)
            .where("conversation_id", "=", c.id)
            .where("id", "=", event.messageId)
            .execute()
        )
      }
      return Effect.void
    },
    { discard: true }
  )

const byCustomer = (db: Kysely<Database>, tenantId: TenantId, key: Conversation.ConversationKey) =>
  db
    .selectFrom("conversations")
    .select("state")
    .where("tenant_id", "=", tenantId)
    .where("channel_account_id", "=", key.channelAccountId)
    .where("customer_id", "=", key.customerId)

export const make = Effect.gen(function* () {
  const { kysely } = yield* Db

  const exists = (db: Kysely<Database>, tenantId: TenantId, id: ConversationId) =>
    run(() =>
      db
        .selectFrom("conversations")
        .select("id")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst()
    ).pipe(Effect.flatMap((row) => (row === undefined ? Effect.fail(notFound(id)) : Effect.void)))

  const create = (tenantId: TenantId, key: Conversation.ConversationKey) =>
    tenantTransaction(kysely, tenantId, (trx) =>
      Effect.gen(function* () {
        const at = yield* now
        const created = Conversation.empty(
          ConversationId.make(`conv_${globalThis.crypto.randomUUID()}`),
          tenantId,
          key,
          timestamp(at)
        )
        const inserted = yield* run(() =>
          trx
            .insertInto("conversations")
            .values({
              tenant_id: tenantId,
              id: created.id,
              channel_account_id: key.channelAccountId,
              customer_id: key.customerId,
              channel: key.channel,
              created_at: at,
              ...columns(created, at)
            })
            .onConflict((oc) => oc.columns(["tenant_id", "channel_account_id", "customer_id"]).doNothing())
            .returning("id")
            .executeTakeFirst()
        )
        if (inserted !== undefined) {
          yield* writeNudgeState(trx, created, at)
          return created
        }
        // Another turn created it meanwhile.
        const row = yield* run(() => byCustomer(trx, tenantId, key).executeTakeFirstOrThrow())
        return decode(row.state)
      })
    ).pipe(Effect.orDie)

  return Conversation.ConversationRepository.of({
    // Most turns are for a conversation that exists: one read; the insert only for a new customer.
    getOrCreate: (tenantId, key) =>
      Effect.flatMap(
        tenantRun(kysely, tenantId, (db) => byCustomer(db, tenantId, key).executeTakeFirst()).pipe(Effect.orDie),
        (found) => (found === undefined ? create(tenantId, key) : Effect.succeed(decode(found.state)))
      ),

    get: (tenantId, id) => getDocument(kysely, conversations, tenantId, id),

    list: (tenantId, filter = {}) =>
      tenantRun(kysely, tenantId, (db) => {
        let query = db.selectFrom("conversations").select("state").where("tenant_id", "=", tenantId)
        if (filter.channel !== undefined) query = query.where("channel", "=", filter.channel)
        if (filter.customerId !== undefined) query = query.where("customer_id", "=", filter.customerId)
        if (filter.owner !== undefined) query = query.where("owner", "=", filter.owner)
        return query.orderBy("created_at").orderBy(sql`id collate "C"`).execute()
      }).pipe(
        Effect.orDie,
        Effect.map((rows) => rows.map((r) => decode(r.state)))
      ),

    messages: (tenantId, id) =>
      tenantTransaction(kysely, tenantId, (trx) =>
        Effect.andThen(
          exists(trx, tenantId, id),
          run(() =>
            trx
              .selectFrom("messages")
              .select("body")
              .where("tenant_id", "=", tenantId)
              .where("conversation_id", "=", id)
              .orderBy("seq")
              .execute()
          )
        )
      ).pipe(
        dieOnSql,
        Effect.map((rows) => rows.map((r) => decodeMessage(r.body)))
      ),

    update: <E>(
      tenantId: TenantId,
      id: ConversationId,
      f: (current: Conversation.Conversation) => Result.Result<Conversation.Transition, E>
    ) =>
      updateDocument(kysely, conversations, tenantId, id, f, (trx, applied, current) =>
        Effect.gen(function* () {
          // The identity is the key: a function that changed it is a bug, not a new conversation.
          const state = { ...applied.state, id: current.id, tenantId: current.tenantId }
          const at = yield* now
          yield* writeDocument(trx, conversations, state, at)
          yield* record(trx, state, applied.events)
          yield* writeNudgeState(trx, state, at, current)
          return { state, events: applied.events }
        })
      ).pipe(dieOnSql),

    // The nudge scheduler's keyset scan: across tenants unless told which.
    listNudgeCandidates: (limit, scan = {}) =>
      limit <= 0
        ? Effect.succeed([])
        : run(() => {
            let query = kysely
              .selectFrom("nudge_state as n")
              .innerJoin("conversations as c", (j) =>
                j.onRef("c.tenant_id", "=", "n.tenant_id").onRef("c.id", "=", "n.conversation_id")
              )
              .select("c.state")
              .where("n.candidate", "=", true)
            if (scan.maxSent !== undefined) query = query.where("n.sent", "<", scan.maxSent)
            if (scan.tenantIds !== undefined) query = query.where("n.tenant_id", "in", [...scan.tenantIds, ""])
            const after = scan.after
            if (after !== undefined) {
              query = query.where(
                sql<boolean>`(n.last_bot_message_at, n.tenant_id collate "C", n.conversation_id collate "C")
                  > (${after.lastBotMessageAt}::bigint, ${after.tenantId}::text, ${after.id}::text)`
              )
            }
            return query
              .orderBy("n.last_bot_message_at")
              .orderBy(sql`n.tenant_id collate "C"`)
              .orderBy(sql`n.conversation_id collate "C"`)
              .limit(limit)
              .execute()
          }).pipe(
            Effect.orDie,
            Effect.map((rows) => rows.map((r) => decode(r.state)))
          )
  })
})

export const layer = Layer.effect(Conversation.ConversationRepository, make)
