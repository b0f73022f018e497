import { type Kysely, sql } from "kysely"
import { isolateTenants } from "./TenantIsolation.ts"

/** The tenant tables this migration adds; they get the same row-level security as migration 0006's. */
export const tenantTables = ["api_keys", "channel_account_keys"] as const

/**
 * API keys (hashes only), every key a webhook finds a channel account by, and expiring records for
 * the domain's InboundDedupe port.
 *
 * - `channel_account_keys`: one row per lookup key (`kind` 'key': phone number id, page id, bot id,
 *   our id …) and per Meta verify token (`kind` 'verify', stored as a SHA-256 hex digest: the token
 *   itself lives only inside the encrypted secrets). The primary key makes each unique across shops.
 * - `channel_accounts.id` becomes unique across shops (routes like `/webhooks/telegram/:id` take it).
 * - `inbound_dedupe.expires_at`: the port's records (tenant '' = platform-wide) expire by ttl.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("channel_accounts_id").on("channel_accounts").column("id").unique().execute()

  await db.schema
    .createTable("channel_account_keys")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("lookup", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("channel_account_keys_pk", ["kind", "channel", "lookup"])
    .addCheckConstraint("channel_account_keys_kind", sql`kind in ('key', 'verify')`)
    // Deferred: create writes the keys before the account row, so a taken key is found first.
    .addForeignKeyConstraint(
      "channel_account_keys_account",
      ["tenant_id", "account_id"],
      "channel_accounts",
      ["tenant_id", "id"],
      (fk) => fk.onDelete("cascade").deferrable().initiallyDeferred()
    )
    .execute()
  await db.schema
    .createIndex("channel_account_keys_account")
    .on("channel_account_keys")
    .columns(["tenant_id", "account_id"])
    .execute()

  await db.schema
    .createTable("api_keys")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .addColumn("label", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("revoked_at", "bigint")
    .addPrimaryKeyConstraint("api_keys_pk", ["tenant_id", "id"])
    .addCheckConstraint("api_keys_role", sql`role in ('owner', 'staff', 'viewer')`)
    .execute()
  // Authentication looks keys up by hash before the tenant is known; ids are unique across shops.
  await db.schema.createIndex("api_keys_hash").on("api_keys").column("hash").unique().execute()
  await db.schema.createIndex("api_keys_id").on("api_keys").column("id").unique().execute()

  await db.schema.alterTable("inbound_dedupe").addColumn("expires_at", "bigint").execute()

  // Row-level security exactly as migration 0006 does it (the role exists by then).
  await isolateTenants(db, tenantTables)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("inbound_dedupe").dropColumn("expires_at").execute()
  await db.schema.dropTable("api_keys").execute()
  await db.schema.dropTable("channel_account_keys").execute()
  await db.schema.dropIndex("channel_accounts_id").execute()
}
