import { type Kysely, sql } from "kysely"
import { isolateTenants, shareTenants } from "./TenantIsolation.ts"

/** Every table with a `tenant_id`: one shop's rows. New tenant tables get the same treatment. */
export const tenantTables = [
  "tenants",
  "channel_accounts",
  "products",
  "variants",
  "stock_levels",
  "reservations",
  "stock_movements",
  "low_stock_alerts",
  "orders",
  "order_lines",
  "payment_references",
  "businesses",
  "offers",
  "offer_claims",
  "conversations",
  "messages",
  "inbound_dedupe",
  "outbox",
  "nudge_state",
  "lock_fences"
] as const

/**
 * Row-level security as a second wall behind every query's `tenant_id` filter (SPEC §9.8).
 * Tenant-scoped work runs as the NOLOGIN role `chatshop_app` (switched to per transaction with
 * `set_config('role', …, true)`) and sees only rows of `current_setting('chatshop.tenant_id')`;
 * unset, it sees nothing. The tables' owner (the connection user that migrates) is not bound by
 * the policies (no FORCE): that is how the platform's cross-tenant sweeps still run.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Roles belong to the server, not the database: another database may have created it already.
  await sql`do $$
    begin
      create role chatshop_app nologin;
    exception when duplicate_object or unique_violation then null;
    end $$`.execute(db)
  await sql`do $$
    begin
      if not pg_has_role(current_user, 'chatshop_app', 'member') then
        execute format('grant chatshop_app to %I', current_user);
      end if;
    end $$`.execute(db)
  await sql`grant usage on schema public to chatshop_app`.execute(db)
  await isolateTenants(db, tenantTables)
  // Identity columns (movement ids, message and outbox seq) draw from sequences.
  await sql`grant usage on all sequences in schema public to chatshop_app`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await shareTenants(db, tenantTables)
  await sql`revoke all on all sequences in schema public from chatshop_app`.execute(db)
  await sql`revoke usage on schema public from chatshop_app`.execute(db)
}
