import type { ReservationId, Sku, TenantId } from "@chatshop/domain"
import { timestamp } from "@chatshop/domain"
import { Effect } from "effect"
import { type Kysely, sql } from "kysely"
import type { Database } from "./Database.ts"
import { run, transaction } from "./Db.ts"
import { insertMovements, toReservation } from "./StockRows.ts"

type Trx = Kysely<Database>

/** Release every lapsed hold (any tenant): SKIP LOCKED lets any number of sweepers share the work. */
export const expire = (kysely: Kysely<Database>, at: number, limit: number | undefined) =>
  transaction(kysely, (trx) =>
    Effect.gen(function* () {
      let lapsed = trx
        .selectFrom("reservations")
        .select(["tenant_id", "id"])
        .where("status", "=", "held")
        .where("hold_until", "<=", at)
        .orderBy("hold_until")
        .forUpdate()
        .skipLocked()
      if (limit !== undefined) lapsed = lapsed.limit(limit)
      const rows = yield* run(() =>
        trx
          .updateTable("reservations as r")
          .set({ status: "expired", ended_at: at })
          .from(lapsed.as("l"))
          .whereRef("r.tenant_id", "=", "l.tenant_id")
          .whereRef("r.id", "=", "l.id")
          .returning(["r.tenant_id", "r.id", "r.sku", "r.qty", "r.hold_until", "r.status"])
          .execute()
      )
      if (rows.length === 0) return []
      const bySku = new Map<string, { tenant: string; sku: string; qty: number }>()
      for (const r of rows) {
        const key = `${r.tenant_id}\u0000${r.sku}`
        const entry = bySku.get(key) ?? { tenant: r.tenant_id, sku: r.sku, qty: 0 }
        entry.qty += r.qty
        bySku.set(key, entry)
      }
      const skus = [...bySku.values()].sort((a, b) => (a.tenant + a.sku < b.tenant + b.sku ? -1 : 1))
      yield* run(() => expireStock(trx, skus, at))
      yield* run(() =>
        insertMovements(
          trx,
          rows.map((r) => ({
            tenantId: r.tenant_id as TenantId,
            sku: r.sku as Sku,
            kind: "expire",
            onHandDelta: 0,
            reservedDelta: -r.qty,
            reservationId: r.id as ReservationId,
            at: timestamp(at)
          }))
        )
      )
      return rows.map(toReservation)
    })
  )

// Stock rows are locked in one fixed order so two sweepers (or a sweeper and a release) never deadlock.
const expireStock = async (trx: Trx, skus: ReadonlyArray<{ tenant: string; sku: string; qty: number }>, at: number) => {
  const tenants = skus.map((s) => s.tenant)
  const names = skus.map((s) => s.sku)
  await sql`select 1 from stock_levels s join unnest(${tenants}::text[], ${names}::text[]) as v(t, k)
    on s.tenant_id = v.t and s.sku = v.k order by s.tenant_id, s.sku for no key update of s`.execute(trx)
  await sql`update stock_levels s set reserved = s.reserved - v.q, updated_at = ${at}
    from unnest(${tenants}::text[], ${names}::text[], ${skus.map((s) => s.qty)}::int[]) as v(t, k, q)
    where s.tenant_id = v.t and s.sku = v.k`.execute(trx)
}
