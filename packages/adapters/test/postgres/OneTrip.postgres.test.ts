import { ConversationRepositorySql, type Database, Db, migrate, tenantRun } from "@chatshop/adapters/postgres"
import { ChannelAccountId, Conversation, CustomerId, MessageId, TenantId, timestamp } from "@chatshop/domain"
import { assert, it } from "@effect/vitest"
import { Effect } from "effect"
import { Kysely, PostgresDialect, sql } from "kysely"
import pg from "pg"
import { afterAll } from "vitest"
import { markPool } from "../../src/postgres/Tenancy.ts"
import { databaseUrl, describeWith } from "../env.ts"
import { scratchDatabase } from "./scratch.ts"

const url = databaseUrl()
const scratch = url === undefined ? undefined : await scratchDatabase(url, "onetrip")

// One connection, so a setting that outlived its statement would show on the next one; every
// statement sent to the server is counted (a round trip each).
const sent: Array<string> = []
const pool = new pg.Pool({ connectionString: scratch?.url, max: 1 })
const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>
const counted = new WeakSet<pg.PoolClient>()
pool.connect = (async () => {
  const client = await connect()
  if (counted.has(client)) return client
  counted.add(client)
  const query = client.query.bind(client) as (...args: Array<unknown>) => Promise<unknown>
  client.query = ((...args: Array<unknown>) => {
    sent.push(String(args[0]))
    return query(...args)
  }) as typeof client.query
  return client
}) as typeof pool.connect
const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
markPool(kysely, pool)
afterAll(async () => {
  await kysely.destroy()
  await scratch?.drop()
})

const roundTrips = <A, E>(self: Effect.Effect<A, E>) =>
  Effect.gen(function* () {
    sent.length = 0
    const value = yield* self
    return { value, trips: sent.length }
  })

// The session's own role, and no tenant ('' once a transaction-local setting has come and gone).
const owner = Effect.promise(() =>
  sql<{ who: string; tenant: string }>`select current_user as who,
    coalesce(current_setting('chatshop.tenant_id', true), '') as tenant`.execute(kysely)
).pipe(Effect.map(({ rows }) => rows[0]!))

describeWith("database")("a tenant's single statement on a pool (OneTrip)", () => {
  it.effect("takes one round trip, sees only its tenant's rows and leaves no setting behind", () =>
    Effect.gen(function* () {
      yield* migrate(kysely)
      const before = yield* owner
      assert.strictEqual(before.tenant, "")
      yield* Effect.promise(() =>
        sql`insert into stock_levels (tenant_id, sku, on_hand, reserved, low_stock_threshold, updated_at)
          values ('t-one', 'a', 1, 0, 0, 0), ('t-one', 'b', 2, 0, 0, 0), ('t-two', 'a', 9, 0, 0, 0)`.execute(kysely)
      )
      // No tenant filter in the statement: row-level security alone confines it.
      const { value, trips } = yield* roundTrips(
        tenantRun(kysely, "t-one", (db) => db.selectFrom("stock_levels").select(["tenant_id", "sku"]).execute())
      )
      assert.strictEqual(trips, 1)
      assert.deepStrictEqual(value.map((r) => `${r.tenant_id}/${r.sku}`).sort(), ["t-one/a", "t-one/b"])
      assert.deepStrictEqual(yield* owner, before, "role and tenant ended with the statement")

      const write = tenantRun(kysely, "t-one", (db) =>
        db.updateTable("stock_levels").set({ on_hand: 5 }).where("tenant_id", "=", "t-two").execute()
      )
      assert.strictEqual(Number((yield* write)[0]!.numUpdatedRows), 0, "another tenant's rows cannot be written")
      const failed = yield* Effect.flip(tenantRun(kysely, "t-one", (db) => sql`select 1 / 0`.execute(db)))
      assert.strictEqual(failed.code, "22012")
      assert.deepStrictEqual(yield* owner, before, "a failed statement leaves nothing behind either")
    })
  )

  it.effect("parameters arrive as they would as bound values; a $1 inside a quoted literal stays text", () =>
    Effect.gen(function* () {
      const text = `it's a "back\\slash" {a,b} $1 ünï`
      const query = (db: Kysely<Database>) =>
        sql<Record<string, unknown>>`select '$1 stays' as lit, ${text}::text as s,
          ${[text, null, "x,y", ""]}::text[] as a, ${[1, 2]}::int[] as i, ${42}::int as n, ${true}::boolean as t,
          ${JSON.stringify({ q: text })}::jsonb as j, ${null}::text as z,
          ${new Uint8Array([0, 92, 39, 255])}::bytea as b`.execute(db)
      const bound = yield* Effect.promise(() => query(kysely))
      const { value, trips } = yield* roundTrips(tenantRun(kysely, "t-one", query))
      assert.strictEqual(trips, 1)
      assert.deepStrictEqual(value.rows, bound.rows)
      assert.strictEqual(value.rows[0]!.lit, "$1 stays")
      assert.strictEqual(value.rows[0]!.s, text)
    })
  )

  it.effect(
    "an existing customer's conversation is one read; an update leaving the nudge as it was writes no nudge row",
    () =>
      Effect.gen(function* () {
        const repo = yield* ConversationRepositorySql.make.pipe(
          Effect.provideService(Db, Db.of({ kysely, dialect: "postgres" }))
        )
        const tenantId = TenantId.make("t-conv")
        const key = {
          channel: "telegram" as const,
          channelAccountId: ChannelAccountId.make("acc"),
          customerId: CustomerId.make("c-1")
        }
        const created = yield* repo.getOrCreate(tenantId, key)
        const again = yield* roundTrips(repo.getOrCreate(tenantId, key))
        assert.strictEqual(again.value.id, created.id)
        assert.strictEqual(again.trips, 1)

        const at = timestamp(1_000)
        const execute = (command: Conversation.ConversationCommand) =>
          roundTrips(repo.update(tenantId, created.id, Conversation.execute(command)))
        const bot = yield* execute({
          _tag: "RecordBotMessage",
          messageId: MessageId.make("m-1"),
          text: "Hi",
          nudge: false,
          at
        })
        assert.isTrue(
          sent.some((q) => q.includes("nudge_state")),
          "a bot message makes it a nudge candidate"
        )
        assert.isTrue(Conversation.isNudgeCandidate(bot.value.state))
        yield* execute({ _tag: "MarkDelivered", messageId: MessageId.make("m-1"), platformMessageId: "p-1", at })
        assert.isFalse(
          sent.some((q) => q.includes("nudge_state")),
          "delivery changes no nudge field"
        )
        const [candidate] = yield* repo.listNudgeCandidates(10, { tenantIds: [tenantId] })
        assert.strictEqual(candidate?.id, created.id)
      })
  )
})
