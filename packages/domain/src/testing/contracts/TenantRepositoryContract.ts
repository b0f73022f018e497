import { assert, describe, it } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import { TestClock } from "effect/testing"
import { HOUR } from "../../shared/Ids.ts"
import { defaultShopSettings } from "../../shared/ShopSettings.ts"
import type { NewTenant } from "../../tenant/Model.ts"
import { TenantRepository } from "../../tenant/TenantRepository.ts"
import { freshTenant } from "../Fresh.ts"

const shop = (name = "Boot Corner"): NewTenant => ({ id: freshTenant(), name, settings: defaultShopSettings })

/**
 * The TenantRepository contract (SPEC §4). Every implementation registers this suite with its own
 * Layer; tenant ids are fresh per test, so a shared database needs no cleanup.
 */
export const tenantRepositoryContract = (name: string, layer: Layer.Layer<TenantRepository, unknown>) =>
  describe(`TenantRepository contract: ${name}`, () => {
    const test = (title: string, body: () => Effect.Effect<void, unknown, TenantRepository>) =>
      it.effect(title, () => body().pipe(Effect.provide(layer)))

    test("create stamps createdAt from the Clock; get returns the tenant", () =>
      Effect.gen(function* () {
        const repo = yield* TenantRepository
        yield* TestClock.setTime(3 * HOUR)
        const input = shop()
        const created = yield* repo.create(input)
        assert.deepStrictEqual(created, { ...input, createdAt: 3 * HOUR })
        assert.deepStrictEqual(yield* repo.get(input.id), created)
      }))

    test("a second create with the same id fails with TenantExists and keeps the first", () =>
      Effect.gen(function* () {
        const repo = yield* TenantRepository
        const input = shop()
        yield* repo.create(input)
        const again = yield* Effect.flip(repo.create({ ...input, name: "Other" }))
        assert.strictEqual(again._tag, "TenantExists")
        assert.strictEqual((yield* repo.get(input.id)).name, "Boot Corner")
      }))

    test("an invalid name or time zone is refused with every problem and not stored", () =>
      Effect.gen(function* () {
        const repo = yield* TenantRepository
        const input = { ...shop(" "), settings: { ...defaultShopSettings, timezone: "Mars/Olympus" } }
        const failure = yield* Effect.flip(repo.create(input))
        assert.strictEqual(failure._tag, "InvalidTenant")
        if (failure._tag === "InvalidTenant") assert.strictEqual(failure.problems.length, 2)
        assert.strictEqual((yield* Effect.flip(repo.get(input.id)))._tag, "NotFound")
      }))

    test("an unknown id answers NotFound everywhere", () =>
      Effect.gen(function* () {
        const repo = yield* TenantRepository
        const id = freshTenant()
        assert.strictEqual((yield* Effect.flip(repo.get(id)))._tag, "NotFound")
        assert.strictEqual((yield* Effect.flip(repo.updateSettings(id, { holdHours: 2 })))._tag, "NotFound")
        assert.strictEqual((yield* Effect.flip(repo.rename(id, "X")))._tag, "NotFound")
      }))

    test("updateSettings merges the patch and keeps the rest; an invalid patch changes nothing", () =>
      Effect.gen(function* () {
        const repo = yield* TenantRepository
        const input = shop()
        yield* repo.create(input)
        const updated = yield* repo.updateSettings(input.id, { timezone: "Asia/Almaty", currency: "KZT" })
        assert.deepStrictEqual(updated.settings, { ...defaultShopSettings, timezone: "Asia/Almaty", currency: "KZT" })
        const bad = yield* Effect.flip(repo.updateSettings(input.id, { timezone: "Nowhere/Land", holdHours: 0 }))
        assert.strictEqual(bad._tag, "InvalidTenant")
        assert.deepStrictEqual(yield* repo.get(input.id), updated)
      }))

    test("rename changes the name; a blank name is refused", () =>
      Effect.gen(function* () {
        const repo = yield* TenantRepository
        const input = shop()
        yield* repo.create(input)
        assert.strictEqual((yield* repo.rename(input.id, "Bag Corner")).name, "Bag Corner")
        assert.strictEqual((yield* Effect.flip(repo.rename(input.id, "")))._tag, "InvalidTenant")
        assert.strictEqual((yield* repo.get(input.id)).name, "Bag Corner")
      }))

    test("list holds every tenant, oldest first", () =>
      Effect.gen(function* () {
        const repo = yield* TenantRepository
        const [a, b] = [shop("A"), shop("B")]
        yield* TestClock.setTime(10 * HOUR)
        yield* repo.create(b)
        yield* TestClock.setTime(11 * HOUR)
        yield* repo.create(a)
        const mine = (yield* repo.list()).filter((t) => t.id === a.id || t.id === b.id)
        assert.deepStrictEqual(
          mine.map((t) => t.id),
          [b.id, a.id]
        )
      }))

    test("changing one tenant never touches another", () =>
      Effect.gen(function* () {
        const repo = yield* TenantRepository
        const [a, b] = [shop("A"), shop("B")]
        yield* repo.create(a)
        const before = yield* repo.create(b)
        yield* repo.updateSettings(a.id, { holdHours: 2 })
        yield* repo.rename(a.id, "A2")
        assert.deepStrictEqual(yield* repo.get(b.id), before)
      }))

    test("concurrent setting changes all land", () =>
      Effect.gen(function* () {
        const repo = yield* TenantRepository
        const input = shop()
        yield* repo.create(input)
        yield* Effect.all(
          [
            repo.updateSettings(input.id, { holdHours: 5 }),
            repo.updateSettings(input.id, { lowStockThreshold: 7 }),
            repo.updateSettings(input.id, { maxNudges: 1 })
          ],
          { concurrency: "unbounded" }
        )
        const { settings } = yield* repo.get(input.id)
        assert.deepStrictEqual([settings.holdHours, settings.lowStockThreshold, settings.maxNudges], [5, 7, 1])
      }))
  })
