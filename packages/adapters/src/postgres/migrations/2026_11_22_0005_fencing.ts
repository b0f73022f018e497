import type { Kysely } from "kysely"

/**
 * Storage-side fencing for writes made under a DistributedLock: the highest fencing token seen
 * per (tenant, lock key). A write carrying a lower token is refused (see `Fencing.ts`). `value`
 * is only used by the `FencedStore` key/value port; `tenant_id` is '' for platform-wide keys.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("lock_fences")
    .addColumn("tenant_id", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("token", "bigint", (c) => c.notNull())
    .addColumn("value", "jsonb")
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("lock_fences_pk", ["tenant_id", "key"])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("lock_fences").execute()
}
