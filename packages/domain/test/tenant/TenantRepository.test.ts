import { assert, describe, it } from "@effect/vitest"
import { Effect, Result, Schema } from "effect"
import * as fc from "fast-check"
import { defaultShopSettings, Tenant, TenantId } from "@chatshop/domain"
import { freshTenant, property, TenantArb, tenantRepositoryContract } from "@chatshop/domain/testing"

tenantRepositoryContract("memory", Tenant.TenantRepository.layerMemory)

describe("tenant model", () => {
  it("settingsWith puts the given settings over the defaults and skips undefined", () => {
    assert.deepStrictEqual(Tenant.settingsWith(), defaultShopSettings)
    assert.deepStrictEqual(Tenant.settingsWith({ currency: "KZT", timezone: "Asia/Almaty" }), {
      ...defaultShopSettings,
      currency: "KZT",
      timezone: "Asia/Almaty"
    })
    const sparse = { holdHours: undefined } as unknown as Tenant.SettingsPatch
    assert.deepStrictEqual(Tenant.settingsWith(sparse), defaultShopSettings)
    const base = { ...defaultShopSettings, holdHours: 6 }
    assert.strictEqual(Tenant.settingsWith({ maxNudges: 1 }, base).holdHours, 6)
  })

  it("validate names each problem: blank or padded names, unknown zones, out-of-range knobs", () => {
    const id = TenantId.make("t1")
    const ok = { id, name: "Boot Corner", settings: defaultShopSettings }
    assert.isTrue(Result.isSuccess(Tenant.validate(ok)))
    const problems = (t: typeof ok) => {
      const r = Tenant.validate(t)
      return Result.isFailure(r) ? r.failure.problems : []
    }
    assert.deepStrictEqual(problems({ ...ok, name: "" }), [
      "the name must be 1–120 characters without surrounding spaces"
    ])
    assert.deepStrictEqual(Tenant.settingsProblems({ ...defaultShopSettings, timezone: "Mars/Base" }), [
      "unknown time zone: Mars/Base"
    ])
    assert.strictEqual(problems({ ...ok, name: " Boot" }).length, 1)
    assert.strictEqual(problems({ ...ok, name: "x".repeat(121) }).length, 1)
    assert.strictEqual(problems({ ...ok, name: "x".repeat(120) }).length, 0)
    assert.match(problems({ ...ok, settings: { ...defaultShopSettings, timezone: "Mars/Base" } })[0]!, /Mars\/Base/)
    assert.strictEqual(problems({ ...ok, settings: { ...defaultShopSettings, timezone: "Europe/Moscow" } }).length, 0)
    assert.match(problems({ ...ok, settings: { ...defaultShopSettings, holdHours: 0 } })[0]!, /ShopSettings/)
    const failure = Tenant.validate({
      ...ok,
      name: "",
      settings: { ...defaultShopSettings, holdHours: -1, timezone: "?" }
    })
    assert.isTrue(Result.isFailure(failure))
    if (Result.isFailure(failure)) {
      assert.strictEqual(failure.failure._tag, "InvalidTenant")
      assert.strictEqual(failure.failure.tenantId, id)
      assert.strictEqual(failure.failure.problems.length, 3)
    }
  })

  it.effect("NotFound names the tenant entity and id", () =>
    Effect.gen(function* () {
      const repo = yield* Tenant.TenantRepository
      const missing = yield* Effect.flip(repo.get(TenantId.make("t-missing")))
      assert.deepStrictEqual([missing.entity, missing.id], ["tenant", "t-missing"])
      const update = yield* Effect.flip(repo.rename(TenantId.make("t-missing"), "X"))
      assert.deepStrictEqual(update._tag === "NotFound" ? [update.entity, update.id] : [], ["tenant", "t-missing"])
    }).pipe(Effect.provide(Tenant.TenantRepository.layerMemory))
  )

  it("the Tenant schema decodes boundary JSON", () => {
    const decode = Schema.decodeUnknownResult(Tenant.Tenant)
    const json = { id: "t1", name: "Shop", settings: defaultShopSettings, createdAt: 5 }
    assert.isTrue(Result.isSuccess(decode(json)))
    assert.isTrue(Result.isFailure(decode({ ...json, id: "" })))
    assert.isTrue(Result.isFailure(decode({ ...json, createdAt: 1.5 })))
    assert.isTrue(Result.isFailure(decode({ ...json, settings: { ...defaultShopSettings, currency: "XXX" } })))
  })

  property(
    "ten-settings-valid: generated settings always pass validation",
    [TenantArb.settings],
    (settings) => {
      assert.deepStrictEqual(Tenant.settingsProblems(settings), [])
    },
    300
  )

  property(
    "ten-patch: updateSettings changes exactly the patched settings and keeps the rest",
    [TenantArb.newTenant(TenantId.make("t-p")), TenantArb.patch],
    (input, patch) => {
      const t = freshTenant()
      const { before, after } = Effect.runSync(
        Effect.gen(function* () {
          const repo = yield* Tenant.TenantRepository
          const before = yield* repo.create({ ...input, id: t })
          const after = yield* repo.updateSettings(t, patch)
          return { before, after }
        }).pipe(Effect.provide(Tenant.TenantRepository.layerMemory))
      )
      assert.deepStrictEqual(after.settings, { ...before.settings, ...patch })
      assert.deepStrictEqual([after.id, after.name, after.createdAt], [before.id, before.name, before.createdAt])
    },
    300
  )

  property(
    "ten-isolation: whatever happens to other tenants, a tenant reads back exactly what it stored",
    [
      TenantArb.newTenant(TenantId.make("t-a")),
      fc.array(fc.tuple(TenantArb.newTenant(TenantId.make("t-b")), TenantArb.patch), { maxLength: 4 })
    ],
    (mine, others) => {
      const t = freshTenant()
      const { stored, read } = Effect.runSync(
        Effect.gen(function* () {
          const repo = yield* Tenant.TenantRepository
          const stored = yield* repo.create({ ...mine, id: t })
          for (const [other, patch] of others) {
            const id = freshTenant()
            yield* repo.create({ ...other, id })
            yield* repo.updateSettings(id, patch)
            yield* repo.rename(id, "Renamed")
          }
          return { stored, read: yield* repo.get(t) }
        }).pipe(Effect.provide(Tenant.TenantRepository.layerMemory))
      )
      assert.deepStrictEqual(read, stored)
    },
    200
  )
})
