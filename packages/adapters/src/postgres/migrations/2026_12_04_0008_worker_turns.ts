import { type Kysely, sql } from "kysely"
import { isolateTenants, shareTenants } from "./TenantIsolation.ts"

/** The tenant tables this migration adds; row-level security as migration 0006's. */
export const tenantTables = ["worker_turns"] as const

/**
 * The worker's per-conversation turn record (app-worker `TurnStore`: a JSON document, read and
 * written under `SELECT … FOR UPDATE`). Workers before this migration created the table themselves
 * at start, so it may exist already: then only row-level security is added.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("worker_turns")
    .ifNotExists()
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("conversation_id", "text", (c) => c.notNull())
    .addColumn("record", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("worker_turns_pk", ["tenant_id", "conversation_id"])
    .execute()
  // A table left by an older worker may carry a policy from a hand-made fix: start from none.
  await sql`drop policy if exists tenant_isolation on worker_turns`.execute(db)
  await isolateTenants(db, tenantTables)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await shareTenants(db, tenantTables)
  await db.schema.dropTable("worker_turns").execute()
}
