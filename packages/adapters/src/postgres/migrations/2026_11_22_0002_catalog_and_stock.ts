import { type Kysely, sql } from "kysely"

/**
 * Products, variants and the stock ledger. Stock is guarded in SQL: the CHECK constraints reject
 * any write that would oversell, whatever the application does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("products")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("brand", "text")
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("photos", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("price_amount", "bigint", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("search_text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("state", "jsonb", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("products_pk", ["tenant_id", "id"])
    .addCheckConstraint("products_category", sql`category in ('shoes', 'clothing', 'bag', 'accessory', 'other')`)
    .addCheckConstraint("products_price", sql`price_amount >= 0`)
    .execute()

  await db.schema
    .createTable("variants")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("sku", "text", (c) => c.notNull())
    .addColumn("product_id", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("options", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("price_amount", "bigint")
    .addColumn("currency", "text")
    .addColumn("measurements", "jsonb")
    .addColumn("one_of_a_kind", "boolean", (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint("variants_pk", ["tenant_id", "sku"])
    .addForeignKeyConstraint("variants_product", ["tenant_id", "product_id"], "products", ["tenant_id", "id"], (fk) =>
      fk.onDelete("cascade")
    )
    .execute()
  await db.schema.createIndex("variants_by_product").on("variants").columns(["tenant_id", "product_id"]).execute()

  // Not tied to variants by a foreign key: the ledger also serves skus that live outside the catalog.
  await db.schema
    .createTable("stock_levels")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("sku", "text", (c) => c.notNull())
    .addColumn("on_hand", "integer", (c) => c.notNull())
    .addColumn("reserved", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("low_stock_threshold", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("stock_levels_pk", ["tenant_id", "sku"])
    .addCheckConstraint("stock_on_hand_non_negative", sql`on_hand >= 0`)
    .addCheckConstraint("stock_reserved_non_negative", sql`reserved >= 0`)
    .addCheckConstraint("stock_reserved_within_on_hand", sql`reserved <= on_hand`)
    .addCheckConstraint("stock_threshold_non_negative", sql`low_stock_threshold >= 0`)
    .execute()

  await db.schema
    .createTable("reservations")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("sku", "text", (c) => c.notNull())
    .addColumn("qty", "integer", (c) => c.notNull())
    .addColumn("hold_until", "bigint", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("ended_at", "bigint")
    .addPrimaryKeyConstraint("reservations_pk", ["tenant_id", "id"])
    .addForeignKeyConstraint("reservations_stock", ["tenant_id", "sku"], "stock_levels", ["tenant_id", "sku"])
    .addCheckConstraint("reservations_qty", sql`qty > 0`)
    .addCheckConstraint("reservations_status", sql`status in ('held', 'released', 'expired', 'committed')`)
    .addCheckConstraint("reservations_ended", sql`(status = 'held') = (ended_at is null)`)
    .execute()
  // The sweeper's index: only live holds, by deadline.
  await db.schema
    .createIndex("reservations_lapsing")
    .on("reservations")
    .column("hold_until")
    .where(sql.ref("status"), "=", "held")
    .execute()

  await db.schema
    .createTable("stock_movements")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("sku", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("on_hand_delta", "integer", (c) => c.notNull())
    .addColumn("reserved_delta", "integer", (c) => c.notNull())
    .addColumn("reservation_id", "text")
    .addColumn("at", "bigint", (c) => c.notNull())
    .addForeignKeyConstraint("stock_movements_stock", ["tenant_id", "sku"], "stock_levels", ["tenant_id", "sku"])
    .addCheckConstraint(
      "stock_movements_kind",
      sql`kind in ('restock', 'adjust', 'reserve', 'release', 'expire', 'commit')`
    )
    .execute()
  await db.schema
    .createIndex("stock_movements_by_sku")
    .on("stock_movements")
    .columns(["tenant_id", "sku", "id"])
    .execute()

  await db.schema
    .createTable("low_stock_alerts")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("sku", "text", (c) => c.notNull())
    .addColumn("on_hand", "integer", (c) => c.notNull())
    .addColumn("reserved", "integer", (c) => c.notNull())
    .addColumn("threshold", "integer", (c) => c.notNull())
    .addColumn("at", "bigint", (c) => c.notNull())
    .addColumn("taken_at", "bigint")
    .execute()
  await db.schema
    .createIndex("low_stock_alerts_pending")
    .on("low_stock_alerts")
    .columns(["tenant_id", "id"])
    .where(sql.ref("taken_at"), "is", null)
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["low_stock_alerts", "stock_movements", "reservations", "stock_levels", "variants", "products"]) {
    await db.schema.dropTable(table).execute()
  }
}
