import { spawn, spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Db, layerPglite, migrate, migrations } from "@chatshop/adapters/postgres"
import { Inventory, Sku, TenantId } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { sql } from "kysely"
import pg from "pg"
import { databaseUrl, describeWith } from "../env.ts"
import { scratchDatabase } from "./scratch.ts"

const cli = new URL("../../src/postgres/migrate-cli.ts", import.meta.url).pathname
const migrateCli = (env: Record<string, string | undefined>) => {
  const { DATABASE_URL: _, ...rest } = process.env
  const run = spawnSync(process.execPath, [cli], { env: { ...rest, ...env }, encoding: "utf8", timeout: 30_000 })
  return { code: run.status, stdout: run.stdout.trim(), stderr: run.stderr.trim() }
}
const migrateCliAsync = (env: Record<string, string | undefined>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const { DATABASE_URL: _, ...rest } = process.env
    const child = spawn(process.execPath, [cli], { env: { ...rest, ...env }, timeout: 30_000 })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d) => (stdout += d))
    child.stderr.on("data", (d) => (stderr += d))
    child.on("close", (code) => resolve({ code, stdout: stdout.trim(), stderr: stderr.trim() }))
  })
const expectedTables = [
  "businesses",
  "channel_accounts",
  "conversations",
  "inbound_dedupe",
  "lock_fences",
  "low_stock_alerts",
  "messages",
  "nudge_state",
  "offer_claims",
  "offers",
  "order_lines",
  "orders",
  "outbox",
  "payment_references",
  "products",
  "reservations",
  "stock_levels",
  "stock_movements",
  "tenants",
  "variants"
]

describe("migrations on PGlite (embedded mode)", () => {
  // One PGlite boot costs seconds on a busy core: the CHECK constraints are tested on the restarted instance.
  it.effect(
    "run at start; a restart applies nothing and keeps the data; CHECKs refuse oversold stock from raw SQL",
    () =>
      Effect.gen(function* () {
        const dir = yield* Effect.acquireRelease(
          Effect.sync(() => mkdtempSync(join(tmpdir(), "chatshop-pglite-"))),
          (d) => Effect.sync(() => rmSync(d, { recursive: true, force: true }))
        )
        const tenant = TenantId.make("t-restart")
        const sku = Sku.make("boot-38")
        yield* Effect.gen(function* () {
          const ledger = yield* Inventory.StockLedger
          yield* ledger.open(tenant, sku, { onHand: 4 })
        }).pipe(Effect.provide(layerPglite({ dataDir: dir })))

        yield* Effect.gen(function* () {
          const { kysely } = yield* Db
          const report = yield* migrate(kysely)
          const level = yield* (yield* Inventory.StockLedger).level(tenant, sku)
          assert.deepStrictEqual(report.applied, [])
          assert.strictEqual(level.onHand, 4)

          const attempts = [
            sql`update stock_levels set reserved = 5 where tenant_id = 't-restart'`,
            sql`update stock_levels set on_hand = -1, reserved = 0 where tenant_id = 't-restart'`,
            sql`update stock_levels set reserved = -1 where tenant_id = 't-restart'`
          ]
          for (const attempt of attempts) {
            const error = yield* Effect.flip(Effect.tryPromise(() => attempt.execute(kysely)))
            assert.match(String(error.cause), /check constraint/)
          }
          assert.strictEqual((yield* (yield* Inventory.StockLedger).level(tenant, sku)).reserved, 0)
        }).pipe(Effect.provide(layerPglite({ dataDir: dir })))
      })
  )
})

const url = databaseUrl()

describeWith("database")("pnpm db:migrate on PostgreSQL", () => {
  const target = url ?? ""

  it.effect("migrates an empty database, then is a no-op", () =>
    Effect.gen(function* () {
      const scratch = yield* Effect.acquireRelease(
        Effect.promise(() => scratchDatabase(target, "migrate")),
        (db) => Effect.promise(() => db.drop())
      )
      const first = migrateCli({ DATABASE_URL: scratch.url })
      assert.strictEqual(first.code, 0, first.stderr)
      assert.include(first.stdout, `applied ${Object.keys(migrations).length} migration(s)`)

      const tables = yield* Effect.promise(async () => {
        const client = new pg.Client({ connectionString: scratch.url })
        await client.connect()
        const { rows } = await client.query<{ table_name: string }>(
          "select table_name from information_schema.tables where table_schema = 'public' order by table_name"
        )
        await client.end()
        return rows.map((r) => r.table_name)
      })
      for (const table of expectedTables) assert.include(tables, table)

      const second = migrateCli({ DATABASE_URL: scratch.url })
      assert.strictEqual(second.code, 0, second.stderr)
      assert.match(second.stdout, /is up to date$/)
    }).pipe(Effect.scoped)
  )

  it.effect("concurrent starters apply each migration once", () =>
    Effect.gen(function* () {
      const scratch = yield* Effect.acquireRelease(
        Effect.promise(() => scratchDatabase(target, "race")),
        (db) => Effect.promise(() => db.drop())
      )
      const { layer: pgLayer } = yield* Effect.promise(() => import("@chatshop/adapters/postgres"))
      const start = Effect.gen(function* () {
        const { kysely } = yield* Db
        return yield* migrate(kysely)
      }).pipe(Effect.provide(Layer.fresh(pgLayer({ url: scratch.url, poolSize: 2 }))))
      const reports = yield* Effect.all([start, start, start], { concurrency: 3 })
      const applied = reports.flatMap((r) => r.applied)
      assert.deepStrictEqual(applied.sort(), Object.keys(migrations).sort())
    }).pipe(Effect.scoped)
  )

  it("bad configuration is one line on stderr, never a stack trace", async () => {
    const cases = [
      [{}, /^db:migrate: DATABASE_URL is not set/],
      [{ DATABASE_URL: "not a url" }, /^db:migrate: DATABASE_URL is not a URL/],
      [{ DATABASE_URL: "mysql://u@h/db" }, /^db:migrate: DATABASE_URL must start with postgres:\/\//],
      [
        { DATABASE_URL: "postgres://postgres:secret@127.0.0.1:1/x" },
        /^db:migrate: cannot use the database at 127\.0\.0\.1:1\/x/
      ]
    ] as const
    const runs = await Promise.all(cases.map(([env]) => migrateCliAsync(env)))
    for (const [i, [, pattern]] of cases.entries()) {
      const run = runs[i]!
      assert.strictEqual(run.code, 1)
      assert.strictEqual(run.stderr.split("\n").length, 1, run.stderr)
      assert.match(run.stderr, pattern)
      assert.notInclude(run.stderr, "secret")
    }
  })
})
