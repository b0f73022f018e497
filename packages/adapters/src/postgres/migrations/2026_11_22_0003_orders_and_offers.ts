import { type Kysely, sql } from "kysely"

/**
 * Orders and deals. Each aggregate is kept whole in `state` (what the domain's pure update
 * functions read and write, under `SELECT … FOR UPDATE`), with the columns queries filter on
 * and the lines/claims projected beside it in the same transaction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("orders")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("customer_id", "text", (c) => c.notNull())
    .addColumn("conversation_id", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("hold_until", "bigint")
    .addColumn("total_amount", "bigint")
    .addColumn("currency", "text")
    .addColumn("state", "jsonb", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("orders_pk", ["tenant_id", "id"])
    .addCheckConstraint(
      "orders_status",
      sql`status in ('draft', 'placed', 'payment_review', 'paid', 'fulfilled', 'cancelled', 'expired')`
    )
    .execute()
  await db.schema.createIndex("orders_by_status").on("orders").columns(["tenant_id", "status", "updated_at"]).execute()
  await db.schema.createIndex("orders_by_customer").on("orders").columns(["tenant_id", "customer_id"]).execute()
  await db.schema
    .createIndex("orders_lapsing")
    .on("orders")
    .column("hold_until")
    .where(sql.ref("status"), "=", "placed")
    .execute()

  await db.schema
    .createTable("order_lines")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("order_id", "text", (c) => c.notNull())
    .addColumn("line_no", "integer", (c) => c.notNull())
    .addColumn("product_id", "text", (c) => c.notNull())
    .addColumn("sku", "text", (c) => c.notNull())
    .addColumn("qty", "integer", (c) => c.notNull())
    .addColumn("unit_price_amount", "bigint", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("reservation_id", "text")
    .addPrimaryKeyConstraint("order_lines_pk", ["tenant_id", "order_id", "line_no"])
    .addForeignKeyConstraint("order_lines_order", ["tenant_id", "order_id"], "orders", ["tenant_id", "id"], (fk) =>
      fk.onDelete("cascade")
    )
    .addCheckConstraint("order_lines_qty", sql`qty > 0`)
    .execute()
  await db.schema.createIndex("order_lines_by_sku").on("order_lines").columns(["tenant_id", "sku"]).execute()

  // SPEC §3.3: a bank transaction id is accepted for one order only.
  await db.schema
    .createTable("payment_references")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("reference", "text", (c) => c.notNull())
    .addColumn("order_id", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("payment_references_pk", ["tenant_id", "reference"])
    .execute()

  await db.schema
    .createTable("businesses")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("state", "jsonb", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("businesses_pk", ["tenant_id", "id"])
    .addCheckConstraint("businesses_status", sql`status in ('pending', 'verified', 'rejected')`)
    .execute()

  await db.schema
    .createTable("offers")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("business_id", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("quantity", "integer", (c) => c.notNull())
    .addColumn("claimed", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("starts_at", "bigint", (c) => c.notNull())
    .addColumn("ends_at", "bigint", (c) => c.notNull())
    .addColumn("state", "jsonb", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("offers_pk", ["tenant_id", "id"])
    .addCheckConstraint("offers_status", sql`status in ('draft', 'active', 'paused', 'sold_out', 'expired')`)
    // The same guard as stock: claims never exceed the quantity, whatever the application does.
    .addCheckConstraint("offers_claimed_within_quantity", sql`claimed >= 0 and claimed <= quantity`)
    .execute()
  await db.schema.createIndex("offers_by_status").on("offers").columns(["tenant_id", "status", "ends_at"]).execute()
  await db.schema
    .createIndex("offers_ending")
    .on("offers")
    .column("ends_at")
    .where(sql.ref("status"), "<>", "expired")
    .execute()

  await db.schema
    .createTable("offer_claims")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("offer_id", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("customer_id", "text", (c) => c.notNull())
    .addColumn("qty", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("offer_claims_pk", ["tenant_id", "offer_id", "id"])
    .addForeignKeyConstraint("offer_claims_offer", ["tenant_id", "offer_id"], "offers", ["tenant_id", "id"], (fk) =>
      fk.onDelete("cascade")
    )
    .addCheckConstraint("offer_claims_qty", sql`qty > 0`)
    .addCheckConstraint("offer_claims_status", sql`status in ('claimed', 'cancelled', 'picked_up')`)
    .execute()
  await db.schema
    .createIndex("offer_claims_by_customer")
    .on("offer_claims")
    .columns(["tenant_id", "customer_id"])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["offer_claims", "offers", "businesses", "payment_references", "order_lines", "orders"]) {
    await db.schema.dropTable(table).execute()
  }
}
