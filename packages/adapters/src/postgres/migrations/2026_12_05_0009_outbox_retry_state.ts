import { type Kysely, sql } from "kysely"

const marker = String.raw`^attempt=(\d+) skip=(\d+): `

/**
 * The outbox's retry state as columns: `settled_attempts` (attempts whose outcome was recorded) and
 * `delivered_parts` (parts of a split message already delivered). Senders before this migration
 * kept both in `error` as an `attempt=<n> skip=<n>: ` prefix; rows in flight keep what it said.
 * Payloads of older writers get the shape every writer uses now: the worker's `manager` notices are
 * `notification`s, and the admin API's human replies name `accountId` and their `kind`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("outbox")
    .addColumn("settled_attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("delivered_parts", "integer", (c) => c.notNull().defaultTo(0))
    .execute()
  await sql`update outbox set
      settled_attempts = case when status in ('sent', 'failed') then attempts
        else coalesce(substring(error from ${marker})::int, 0) end,
      delivered_parts = coalesce(substring(error from ${String.raw`^attempt=\d+ skip=(\d+): `})::int, 0),
      error = regexp_replace(error, ${marker}, '')
    where status in ('sent', 'failed') or error ~ ${marker}`.execute(db)
  await sql`update outbox set payload = jsonb_set(payload, '{kind}', '"notification"')
    where payload->>'kind' = 'manager'`.execute(db)
  await sql`update outbox
    set payload = (payload - 'channelAccountId')
      || jsonb_build_object('accountId', payload->'channelAccountId', 'kind', 'human')
    where jsonb_exists(payload, 'channelAccountId') and not jsonb_exists(payload, 'kind')`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update outbox set payload = jsonb_set(payload, '{kind}', '"manager"')
    where payload->>'kind' = 'notification'`.execute(db)
  await sql`update outbox
    set error = 'attempt=' || settled_attempts || ' skip=' || delivered_parts || ': ' || coalesce(error, '')
    where status in ('pending', 'sending') and settled_attempts > 0`.execute(db)
  await db.schema.alterTable("outbox").dropColumn("settled_attempts").dropColumn("delivered_parts").execute()
}
