import { Clock, Context, Effect, Layer, Result } from "effect"
import { type TenantId, timestamp } from "../shared/Ids.ts"
import { NotFound } from "../shared/TenantScope.ts"
import { type InvalidTenant, TenantExists } from "./Errors.ts"
import { type NewTenant, type SettingsPatch, settingsWith, type Tenant, validate } from "./Model.ts"

/**
 * The shop store (SPEC §4). A tenant is its own scope: an id that was never created answers
 * NotFound, and no update of one tenant touches another. Stored tenants always pass `validate`.
 */
export class TenantRepository extends Context.Service<
  TenantRepository,
  {
    /** Store a new shop; `createdAt` comes from the Clock. */
    readonly create: (tenant: NewTenant) => Effect.Effect<Tenant, TenantExists | InvalidTenant>
    readonly get: (id: TenantId) => Effect.Effect<Tenant, NotFound>
    /** Every shop, oldest first (createdAt, then id). */
    readonly list: () => Effect.Effect<ReadonlyArray<Tenant>>
    /** Merge `patch` into the stored settings atomically. */
    readonly updateSettings: (id: TenantId, patch: SettingsPatch) => Effect.Effect<Tenant, NotFound | InvalidTenant>
    readonly rename: (id: TenantId, name: string) => Effect.Effect<Tenant, NotFound | InvalidTenant>
  }
>()("@chatshop/domain/tenant/TenantRepository") {
  static readonly layerMemory = Layer.effect(TenantRepository, Effect.sync(makeMemory))
}

const byCreation = (a: Tenant, b: Tenant) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** In-memory store: every method runs synchronously, so each update is atomic. */
function makeMemory(): TenantRepository["Service"] {
  const tenants = new Map<TenantId, Tenant>()

  const change = (id: TenantId, f: (current: Tenant) => Tenant) =>
    Effect.suspend((): Effect.Effect<Tenant, NotFound | InvalidTenant> => {
      const current = tenants.get(id)
      if (current === undefined) return Effect.fail(new NotFound({ entity: "tenant", id }))
      const valid = validate(f(current))
      if (Result.isFailure(valid)) return Effect.fail(valid.failure)
      tenants.set(id, valid.success)
      return Effect.succeed(valid.success)
    })

  return TenantRepository.of({
    create: (tenant) =>
      Effect.flatMap(Clock.currentTimeMillis, (now): Effect.Effect<Tenant, TenantExists | InvalidTenant> => {
        const valid = validate(tenant)
        if (Result.isFailure(valid)) return Effect.fail(valid.failure)
        if (tenants.has(tenant.id)) return Effect.fail(new TenantExists({ tenantId: tenant.id }))
        const created: Tenant = {
          id: tenant.id,
          name: tenant.name,
          settings: tenant.settings,
          createdAt: timestamp(now)
        }
        tenants.set(tenant.id, created)
        return Effect.succeed(created)
      }),
    get: (id) =>
      Effect.suspend(() => {
        const tenant = tenants.get(id)
        return tenant === undefined ? Effect.fail(new NotFound({ entity: "tenant", id })) : Effect.succeed(tenant)
      }),
    list: () => Effect.sync(() => [...tenants.values()].sort(byCreation)),
    updateSettings: (id, patch) => change(id, (t) => ({ ...t, settings: settingsWith(patch, t.settings) })),
    rename: (id, name) => change(id, (t) => ({ ...t, name }))
  })
}
