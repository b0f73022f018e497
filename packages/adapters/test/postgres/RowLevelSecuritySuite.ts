import {
  appRole,
  type Database,
  Db,
  fencedWrite,
  InboundDedupe,
  run,
  tenantTables,
  tenantTransaction
} from "@chatshop/adapters/postgres"
import {
  ChannelAccountId,
  Conversation,
  CustomerId,
  defaultShopSettings,
  Inventory,
  Offer,
  Outbox,
  OutboxId,
  ReservationId,
  Sku,
  Tenant,
  type TenantId,
  timestamp
} from "@chatshop/domain"
import { draftOffer, freshId, freshTenant, outboxPayloadOf } from "@chatshop/domain/testing"
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Fiber, type Layer } from "effect"
import { type Kysely, sql } from "kysely"

type Services =
  | Db
  | Inventory.StockLedger
  | Outbox
  | InboundDedupe
  | Tenant.TenantRepository
  | Conversation.ConversationRepository
  | Offer.OfferRepository

const count = (db: Kysely<Database>, table: string, where = sql`true`) =>
  Effect.promise(() =>
    sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(db)
  ).pipe(Effect.map(({ rows }) => rows[0]!.n))

/** One shop's rows in as many tables as the repositories reach (10 of the 20 tenant tables). */
const seed = (tenant: TenantId) =>
  Effect.gen(function* () {
    const { kysely } = yield* Db
    const sku = Sku.make("rls-sku")
    const ledger = yield* Inventory.StockLedger
    yield* ledger.open(tenant, sku, { onHand: 5, lowStockThreshold: 4 })
    const hold = { reservationId: ReservationId.make(freshId("r")), qty: 2, holdUntil: timestamp(1e12) }
    yield* ledger.reserve(tenant, sku, hold) // a hold, its movement and a low-stock alert
    yield* (yield* Outbox).add({
      id: OutboxId.make("rls-out"),
      tenantId: tenant,
      channel: "webchat",
      recipient: "r",
      payload: outboxPayloadOf("rls")
    })
    yield* (yield* InboundDedupe).remember(tenant, "acct", "m1", 0)
    yield* (yield* Tenant.TenantRepository).create({ id: tenant, name: "Shop", settings: defaultShopSettings })
    yield* (yield* Conversation.ConversationRepository).getOrCreate(tenant, {
      channel: "webchat",
      channelAccountId: ChannelAccountId.make("acct"),
      customerId: CustomerId.make("cust")
    })
    yield* (yield* Offer.OfferRepository).create(draftOffer(tenant))
    yield* tenantTransaction(kysely, tenant, (trx) => fencedWrite(trx, { tenantId: tenant, key: "k" }, 1))
  })

const seeded = [
  "stock_levels",
  "reservations",
  "stock_movements",
  "low_stock_alerts",
  "outbox",
  "inbound_dedupe",
  "tenants",
  "conversations",
  "nudge_state",
  "offers",
  "lock_fences"
]

/** PostgreSQL row-level security, the second wall behind every query's tenant filter (SPEC §9.8). */
export const rowLevelSecuritySuite = (
  name: string,
  dbLayer: Layer.Layer<Services, unknown>,
  /** True when only our migrations made the schema: then every `tenant_id` table must be in `tenantTables`. */
  ownDatabase: boolean
) =>
  describe(`Row-level security: ${name}`, () => {
    it.effect("rls-tables: every table with a tenant_id has RLS and the tenant policy for the app role", () =>
      Effect.gen(function* () {
        const { kysely } = yield* Db
        const { rows } = yield* Effect.promise(() =>
          sql<{ table: string; rls: boolean; force: boolean; roles: string; qual: string | null }>`
            select c.relname as "table", c.relrowsecurity as rls, c.relforcerowsecurity as force,
              p.roles::text as roles, p.qual
            from information_schema.columns col
            join pg_class c on c.relname = col.table_name and c.relnamespace = to_regnamespace(col.table_schema)
            left join pg_policies p on p.tablename = c.relname and p.schemaname = col.table_schema
              and p.policyname = 'tenant_isolation'
            where col.column_name = 'tenant_id' and col.table_schema = current_schema()`.execute(kysely)
        )
        const found = rows.map((r) => r.table)
        // A shared database also holds other packages' tables; a database of our own has only the migrations'.
        if (ownDatabase) assert.sameMembers(found, [...tenantTables])
        else assert.includeMembers(found, [...tenantTables])
        for (const r of rows.filter((row) => (tenantTables as ReadonlyArray<string>).includes(row.table))) {
          assert.deepStrictEqual([r.table, r.rls, r.force, r.roles], [r.table, true, false, `{${appRole}}`])
          assert.match(r.qual ?? "", /tenant_id = current_setting\('chatshop\.tenant_id'::text, true\)/, r.table)
        }
      }).pipe(Effect.provide(dbLayer))
    )

    it.effect("rls-isolation: as the app role with tenant A set, raw SQL reads and changes none of B's rows", () =>
      Effect.gen(function* () {
        const { kysely } = yield* Db
        const [a, b] = [freshTenant(), freshTenant()]
        yield* seed(a)
        yield* seed(b)
        const ofB = sql`tenant_id = ${b}`
        const before = yield* Effect.forEach(seeded, (t) => count(kysely, t, ofB))
        for (const [i, n] of before.entries()) assert.isAbove(n, 0, `${seeded[i]} has B's rows (owner sees them)`)

        yield* tenantTransaction(kysely, a, (trx) =>
          Effect.gen(function* () {
            for (const table of tenantTables) {
              const t = sql.table(table)
              assert.strictEqual(yield* count(trx, table, ofB), 0, `${table}: select`)
              assert.strictEqual(yield* count(trx, table, sql`tenant_id <> ${a}`), 0, `${table}: unfiltered select`)
              const updated = yield* Effect.promise(() =>
                sql`update ${t} set tenant_id = tenant_id where tenant_id = ${b}`.execute(trx)
              )
              assert.strictEqual(Number(updated.numAffectedRows), 0, `${table}: update`)
              const deleted = yield* Effect.promise(() => sql`delete from ${t} where tenant_id = ${b}`.execute(trx))
              assert.strictEqual(Number(deleted.numAffectedRows), 0, `${table}: delete`)
            }
            // Positive control: A's own rows are there.
            for (const table of seeded) assert.isAbove(yield* count(trx, table, sql`tenant_id = ${a}`), 0, table)
          })
        ).pipe(Effect.orDie)
        const after = yield* Effect.forEach(seeded, (t) => count(kysely, t, ofB))
        assert.deepStrictEqual(after, before)
      }).pipe(Effect.provide(dbLayer))
    )

    it.effect("rls-writes: the app role cannot write another tenant's row, nor move a row to another tenant", () =>
      Effect.gen(function* () {
        const { kysely } = yield* Db
        const [a, b] = [freshTenant(), freshTenant()]
        yield* seed(a)
        const asA = <A>(f: (trx: Kysely<Database>) => Promise<A>) =>
          Effect.flip(tenantTransaction(kysely, a, (trx) => Effect.promise(() => f(trx)).pipe(Effect.orDie)))
        const refused = [
          yield* asA((trx) =>
            sql`insert into inbound_dedupe values (${b}, 'acct', 'forged', 0)`.execute(trx).then(() => undefined)
          ).pipe(Effect.catchDefect((d) => Effect.succeed(d))),
          yield* asA((trx) =>
            sql`update stock_levels set tenant_id = ${b} where tenant_id = ${a}`.execute(trx).then(() => undefined)
          ).pipe(Effect.catchDefect((d) => Effect.succeed(d)))
        ]
        for (const error of refused) assert.match(String(error), /row-level security/)
        // With the role switched but no tenant named, nothing is visible.
        const none = yield* Effect.promise(() =>
          kysely.transaction().execute(async (trx) => {
            await sql`select set_config('role', ${appRole}, true)`.execute(trx)
            return sql<{ n: number }>`select count(*)::int as n from stock_levels`.execute(trx)
          })
        )
        assert.strictEqual(none.rows[0]!.n, 0)
      }).pipe(Effect.provide(dbLayer))
    )
    it.live(
      "rls-scope: role and tenant last one transaction; failed and interrupted ones roll back and free the connection",
      () =>
        Effect.gen(function* () {
          const { kysely } = yield* Db
          const t = freshTenant()
          const insert = (trx: Kysely<Database>, id: string) =>
            run(() => sql`insert into inbound_dedupe values (${t}, 'acct', ${id}, 0)`.execute(trx))
          // More rounds than the pool has connections: a leaked connection would starve the later ones.
          for (let i = 0; i < 12; i++) {
            const failed = yield* Effect.flip(
              tenantTransaction(kysely, t, (trx) => Effect.andThen(insert(trx, `f${i}`), Effect.fail("boom" as const)))
            )
            assert.strictEqual(failed, "boom")
            const started = yield* Deferred.make<void>()
            const fiber = yield* Effect.forkChild(
              tenantTransaction(kysely, t, (trx) =>
                insert(trx, `i${i}`).pipe(
                  Effect.andThen(Deferred.succeed(started, undefined)),
                  Effect.andThen(Effect.never)
                )
              )
            )
            yield* Deferred.await(started)
            yield* Fiber.interrupt(fiber)
          }
          assert.strictEqual(yield* count(kysely, "inbound_dedupe", sql`tenant_id = ${t}`), 0, "all rolled back")
          const sessions = yield* Effect.forEach(
            Array.from({ length: 8 }, (_, i) => i),
            () =>
              Effect.promise(() =>
                sql<{ role: string; tenant: string | null }>`select current_user as role,
                current_setting('chatshop.tenant_id', true) as tenant`.execute(kysely)
              ),
            { concurrency: 8 }
          )
          for (const { rows } of sessions) {
            assert.notStrictEqual(rows[0]!.role, appRole)
            assert.include(["", null], rows[0]!.tenant)
          }
        }).pipe(Effect.provide(dbLayer))
    )
  })
