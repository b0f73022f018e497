import { type Kysely, sql } from "kysely"

/**
 * Row-level security for tenant tables, as migration 0006 set it up (the role `chatshop_app` exists
 * by then): the app role may read and write only rows of `current_setting('chatshop.tenant_id')`.
 */
export const isolateTenants = async (db: Kysely<unknown>, tables: ReadonlyArray<string>): Promise<void> => {
  for (const table of tables) {
    const t = sql.table(table)
    await sql`grant select, insert, update, delete on ${t} to chatshop_app`.execute(db)
    await sql`alter table ${t} enable row level security`.execute(db)
    await sql`create policy tenant_isolation on ${t} to chatshop_app
      using (tenant_id = current_setting('chatshop.tenant_id', true))
      with check (tenant_id = current_setting('chatshop.tenant_id', true))`.execute(db)
  }
}

/** Undoes `isolateTenants`. */
export const shareTenants = async (db: Kysely<unknown>, tables: ReadonlyArray<string>): Promise<void> => {
  for (const table of tables) {
    const t = sql.table(table)
    await sql`drop policy if exists tenant_isolation on ${t}`.execute(db)
    await sql`alter table ${t} disable row level security`.execute(db)
    await sql`revoke all on ${t} from chatshop_app`.execute(db)
  }
}
