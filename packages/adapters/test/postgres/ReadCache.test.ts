import { Db, layerPglite } from "@chatshop/adapters/postgres"
import { Tenant, type TenantId, UnitOfWork } from "@chatshop/domain"
import { freshTenant } from "@chatshop/domain/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { sql } from "kysely"

// Changed behind the repository's back, as another process would.
const renameElsewhere = (id: TenantId, name: string) =>
  Effect.flatMap(Db, ({ kysely }) =>
    Effect.promise(() => sql`update tenants set name = ${name} where tenant_id = ${id}`.execute(kysely))
  )

const nameOf = (id: TenantId) =>
  Effect.map(
    Effect.flatMap(Tenant.TenantRepository, (r) => r.get(id)),
    (t) => t.name
  )

describe("repositories' read cache (tenant settings, channel accounts)", () => {
  it.effect("a change elsewhere shows within 3 s; one through this repository, or read in a unit, at once", () =>
    Effect.gen(function* () {
      const tenants = yield* Tenant.TenantRepository
      const id = freshTenant()
      yield* tenants.create({ id, name: "Before", settings: Tenant.settingsWith({}) })
      assert.strictEqual(yield* nameOf(id), "Before")

      yield* renameElsewhere(id, "Elsewhere")
      assert.strictEqual(yield* nameOf(id), "Before", "served from the cache")
      const units = yield* UnitOfWork
      assert.strictEqual(yield* units.transaction(id, nameOf(id)), "Elsewhere", "a unit reads the database")
      yield* TestClock.adjust(3_000)
      assert.strictEqual(yield* nameOf(id), "Elsewhere", "no older than 3 s")

      yield* tenants.rename(id, "Renamed")
      assert.strictEqual(yield* nameOf(id), "Renamed", "this process's own change invalidates")
      yield* tenants.updateSettings(id, { maxNudges: 1 })
      assert.strictEqual((yield* tenants.get(id)).settings.maxNudges, 1)
    }).pipe(Effect.provide(layerPglite({ memory: true })))
  )
})
