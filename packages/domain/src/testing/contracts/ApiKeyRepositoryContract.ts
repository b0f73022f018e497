import { assert, describe, it } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import { TestClock } from "effect/testing"
import { ApiKeyRepository } from "../../apikey/ApiKeyRepository.ts"
import { ApiKeyId, type ApiKeyRole, type NewApiKey } from "../../apikey/Model.ts"
import { HOUR, type TenantId, timestamp } from "../../shared/Ids.ts"
import { freshId, freshTenant } from "../Fresh.ts"

const key = (tenantId: TenantId, role: ApiKeyRole = "owner"): NewApiKey => ({
  id: ApiKeyId.make(freshId("key")),
  tenantId,
  role,
  hash: freshId("hash")
})

/** The ApiKeyRepository contract: keys found by hash across tenants, listed and revoked per tenant. */
export const apiKeyRepositoryContract = (name: string, layer: Layer.Layer<ApiKeyRepository, unknown>) =>
  describe(`ApiKeyRepository contract: ${name}`, () => {
    const test = (title: string, body: () => Effect.Effect<void, unknown, ApiKeyRepository>) =>
      it.effect(title, () => body().pipe(Effect.provide(layer)))

    test("create stamps createdAt; findByHash finds the key with its tenant and role", () =>
      Effect.gen(function* () {
        const repo = yield* ApiKeyRepository
        yield* TestClock.setTime(2 * HOUR)
        const input = key(freshTenant(), "staff")
        const created = yield* repo.create(input)
        assert.deepStrictEqual(created, { ...input, createdAt: timestamp(2 * HOUR), revokedAt: null })
        assert.deepStrictEqual(yield* repo.findByHash(input.hash), created)
      }))

    test("an unknown hash is NotFound", () =>
      Effect.gen(function* () {
        const repo = yield* ApiKeyRepository
        assert.strictEqual((yield* Effect.flip(repo.findByHash(freshId("nope"))))._tag, "NotFound")
      }))

    test("a reused id or hash is ApiKeyExists", () =>
      Effect.gen(function* () {
        const repo = yield* ApiKeyRepository
        const input = key(freshTenant())
        yield* repo.create(input)
        assert.strictEqual((yield* Effect.flip(repo.create(input)))._tag, "ApiKeyExists")
        const sameHash = { ...key(freshTenant()), hash: input.hash }
        assert.strictEqual((yield* Effect.flip(repo.create(sameHash)))._tag, "ApiKeyExists")
      }))

    test("list shows only the tenant's keys; revoke hides a key from findByHash, once", () =>
      Effect.gen(function* () {
        const repo = yield* ApiKeyRepository
        const tenant = freshTenant()
        const other = freshTenant()
        const a = yield* repo.create(key(tenant))
        yield* repo.create(key(other))
        assert.deepStrictEqual(
          (yield* repo.list(tenant)).map((k) => k.id),
          [a.id]
        )
        assert.strictEqual((yield* Effect.flip(repo.revoke(other, a.id)))._tag, "NotFound")
        yield* TestClock.adjust(HOUR)
        const revoked = yield* repo.revoke(tenant, a.id)
        assert.isNotNull(revoked.revokedAt)
        yield* TestClock.adjust(HOUR)
        assert.deepStrictEqual(yield* repo.revoke(tenant, a.id), revoked)
        assert.strictEqual((yield* Effect.flip(repo.findByHash(a.hash)))._tag, "NotFound")
      }))
  })
