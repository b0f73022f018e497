import { type Kysely, sql } from "kysely"

/** Shops and the chat accounts they sell through. Channel secrets are stored only as ciphertext. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("tenants")
    .addColumn("tenant_id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("settings", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("state", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute()

  await db.schema
    .createTable("channel_accounts")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("external_id", "text", (c) => c.notNull())
    .addColumn("display_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("config", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("secrets_ciphertext", "bytea", (c) => c.notNull())
    .addColumn("secrets_key_id", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("channel_accounts_pk", ["tenant_id", "id"])
    .addCheckConstraint(
      "channel_accounts_channel",
      sql`channel in ('whatsapp', 'greenapi', 'messenger', 'instagram', 'telegram', 'tiktok', 'webchat')`
    )
    .addCheckConstraint("channel_accounts_status", sql`status in ('active', 'disabled')`)
    .execute()
  // Inbound webhooks name the platform account, not the shop: this is how they find the tenant.
  await db.schema
    .createIndex("channel_accounts_external")
    .on("channel_accounts")
    .columns(["channel", "external_id"])
    .unique()
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("channel_accounts").execute()
  await db.schema.dropTable("tenants").execute()
}
