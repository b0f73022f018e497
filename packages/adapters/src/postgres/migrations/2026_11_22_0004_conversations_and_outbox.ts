import { type Kysely, sql } from "kysely"

/**
 * Conversations, their messages and nudge state; inbound dedupe records; the outbox. Dedupe rows
 * are kept at least 7 days, independent of any queue's job retention (SPEC §9.2).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("conversations")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("channel_account_id", "text", (c) => c.notNull())
    .addColumn("customer_id", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("owner", "text", (c) => c.notNull().defaultTo("bot"))
    .addColumn("language", "text")
    .addColumn("last_inbound_at", "bigint")
    .addColumn("last_outbound_at", "bigint")
    .addColumn("state", "jsonb", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("conversations_pk", ["tenant_id", "id"])
    .addUniqueConstraint("conversations_per_customer", ["tenant_id", "channel_account_id", "customer_id"])
    .addCheckConstraint("conversations_owner", sql`owner in ('bot', 'human')`)
    .execute()
  await db.schema.createIndex("conversations_recent").on("conversations").columns(["tenant_id", "updated_at"]).execute()

  // The recorded messages in the order they were recorded (`seq`); `body` is the whole domain Message.
  await db.schema
    .createTable("messages")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("seq", "bigint", (c) => c.notNull().generatedAlwaysAsIdentity())
    .addColumn("conversation_id", "text", (c) => c.notNull())
    .addColumn("direction", "text", (c) => c.notNull())
    .addColumn("platform_message_id", "text")
    .addColumn("body", "jsonb", (c) => c.notNull())
    .addColumn("at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("messages_pk", ["tenant_id", "id"])
    .addForeignKeyConstraint(
      "messages_conversation",
      ["tenant_id", "conversation_id"],
      "conversations",
      ["tenant_id", "id"],
      (fk) => fk.onDelete("cascade")
    )
    .addCheckConstraint("messages_direction", sql`direction in ('in', 'out')`)
    .execute()
  await db.schema
    .createIndex("messages_by_conversation")
    .on("messages")
    .columns(["tenant_id", "conversation_id", "seq"])
    .execute()

  await db.schema
    .createTable("inbound_dedupe")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("channel_account_id", "text", (c) => c.notNull())
    .addColumn("platform_message_id", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("inbound_dedupe_pk", ["tenant_id", "channel_account_id", "platform_message_id"])
    .execute()
  // Purging records past the 7-day retention scans by age.
  await db.schema.createIndex("inbound_dedupe_age").on("inbound_dedupe").column("created_at").execute()

  // The nudge scheduler's view of each conversation, written with it in the same transaction.
  await db.schema
    .createTable("nudge_state")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("conversation_id", "text", (c) => c.notNull())
    .addColumn("candidate", "boolean", (c) => c.notNull())
    .addColumn("last_bot_message_at", "bigint", (c) => c.notNull())
    .addColumn("last_customer_message_at", "bigint")
    .addColumn("sent", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_nudge_at", "bigint")
    .addColumn("stopped_by", "text")
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("nudge_state_pk", ["tenant_id", "conversation_id"])
    .addForeignKeyConstraint(
      "nudge_state_conversation",
      ["tenant_id", "conversation_id"],
      "conversations",
      ["tenant_id", "id"],
      (fk) => fk.onDelete("cascade")
    )
    .addCheckConstraint("nudge_state_sent", sql`sent >= 0`)
    .execute()
  await db.schema
    .createIndex("nudge_state_scan")
    .on("nudge_state")
    .expression(sql`last_bot_message_at, tenant_id collate "C", conversation_id collate "C"`)
    .where(sql.ref("candidate"), "=", true)
    .execute()

  // The transactional outbox (SPEC §6): one recipient's rows go out in `seq` order.
  await db.schema
    .createTable("outbox")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("seq", "bigint", (c) => c.notNull().generatedAlwaysAsIdentity())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("next_attempt_at", "bigint", (c) => c.notNull())
    .addColumn("claimed_until", "bigint")
    .addColumn("sent_at", "bigint")
    .addColumn("error", "text")
    .addPrimaryKeyConstraint("outbox_pk", ["tenant_id", "id"])
    .addCheckConstraint("outbox_status", sql`status in ('pending', 'sending', 'sent', 'failed')`)
    .addCheckConstraint("outbox_claim", sql`(status = 'sending') = (claimed_until is not null)`)
    .execute()
  await db.schema
    .createIndex("outbox_unfinished")
    .on("outbox")
    .columns(["tenant_id", "channel", "recipient", "seq"])
    .where(sql<boolean>`status in ('pending', 'sending')`)
    .execute()
  await db.schema.createIndex("outbox_by_seq").on("outbox").columns(["tenant_id", "seq"]).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["outbox", "nudge_state", "inbound_dedupe", "messages", "conversations"]) {
    await db.schema.dropTable(table).execute()
  }
}
