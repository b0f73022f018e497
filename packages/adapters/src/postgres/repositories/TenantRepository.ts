import { NotFound, Tenant, type TenantId } from "@chatshop/domain"
import { Effect, Layer, Result } from "effect"
import { sql } from "kysely"
import { Db, run } from "../Db.ts"
import { tenantRun } from "../Tenancy.ts"
import { makeReadCache } from "./ReadCache.ts"
import { decoder, dieOnSql, json, now } from "./Rows.ts"
import { lockedUpdate } from "./Update.ts"

const decode = decoder(Tenant.Tenant)
interface Row {
  readonly tenant_id: string
  readonly name: string
  readonly settings: unknown
  readonly created_at: number
}
const columns = ["tenant_id", "name", "settings", "created_at"] as const
const toTenant = (row: Row): Tenant.Tenant =>
  decode({ id: row.tenant_id, name: row.name, settings: row.settings, createdAt: row.created_at })

export const make = Effect.gen(function* () {
  const { kysely } = yield* Db
  const notFound = (id: TenantId) => new NotFound({ entity: "tenant", id })
  // Every turn reads its shop's settings (twice): kept a few seconds (ReadCache.ts for the bound).
  const cache = makeReadCache<Tenant.Tenant>(kysely)

  /** Read under FOR UPDATE, apply, validate, write: concurrent changes to one shop serialise. */
  const change = (id: TenantId, f: (current: Tenant.Tenant) => Tenant.Tenant) =>
    lockedUpdate(
      kysely,
      id,
      {
        select: (trx) =>
          trx.selectFrom("tenants").select(columns).where("tenant_id", "=", id).forUpdate().executeTakeFirst(),
        decode: toTenant,
        notFound: () => notFound(id)
      },
      (current) => Tenant.validate(f(current)),
      (trx, next) =>
        Effect.flatMap(now, (at) =>
          run(() =>
            trx
              .updateTable("tenants")
              .set({ name: next.name, settings: json(next.settings), updated_at: at })
              .where("tenant_id", "=", id)
              .execute()
          )
        ).pipe(Effect.as(next))
    ).pipe(dieOnSql, Effect.ensuring(cache.invalidate(id)))

  return Tenant.TenantRepository.of({
    create: (tenant) =>
      Effect.gen(function* () {
        const valid = Tenant.validate(tenant)
        if (Result.isFailure(valid)) return yield* valid.failure
        const at = yield* now
        const inserted = yield* tenantRun(kysely, tenant.id, (db) =>
          db
            .insertInto("tenants")
            .values({
              tenant_id: tenant.id,
              name: tenant.name,
              settings: json(tenant.settings),
              state: "{}",
              created_at: at,
              updated_at: at
            })
            .onConflict((oc) => oc.column("tenant_id").doNothing())
            .returning(columns)
            .executeTakeFirst()
        ).pipe(Effect.orDie)
        if (inserted === undefined) return yield* new Tenant.TenantExists({ tenantId: tenant.id })
        return toTenant(inserted)
      }),
    get: (id) =>
      cache.through(
        id,
        tenantRun(kysely, id, (db) =>
          db.selectFrom("tenants").select(columns).where("tenant_id", "=", id).executeTakeFirst()
        ).pipe(
          Effect.orDie,
          Effect.flatMap((row) => (row === undefined ? Effect.fail(notFound(id)) : Effect.succeed(toTenant(row))))
        )
      ),
    // The platform admin's list: the one query that reads across shops, by design.
    list: () =>
      run(() =>
        kysely.selectFrom("tenants").select(columns).orderBy("created_at").orderBy(sql`tenant_id collate "C"`).execute()
      ).pipe(
        Effect.orDie,
        Effect.map((rows) => rows.map(toTenant))
      ),
    updateSettings: (id, patch) => change(id, (t) => ({ ...t, settings: Tenant.settingsWith(patch, t.settings) })),
    rename: (id, name) => change(id, (t) => ({ ...t, name }))
  })
})

export const layer = Layer.effect(Tenant.TenantRepository, make)
