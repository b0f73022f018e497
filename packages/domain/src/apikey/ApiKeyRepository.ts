import { Clock, Context, Effect, Layer, Schema } from "effect"
import type { TenantId } from "../shared/Ids.ts"
import { timestamp } from "../shared/Ids.ts"
import { NotFound } from "../shared/TenantScope.ts"
import type { ApiKey, ApiKeyId, NewApiKey } from "./Model.ts"

/** The id or the hash is already stored (a hash collision means the caller reused a secret). */
export class ApiKeyExists extends Schema.TaggedError<ApiKeyExists>()("ApiKeyExists", {
  id: Schema.String
}) {}

/**
 * Tenant API keys, stored by hash. `findByHash` is the one cross-tenant lookup: authentication
 * happens before the tenant is known. A revoked key is never found by hash again.
 */
export class ApiKeyRepository extends Context.Service<
  ApiKeyRepository,
  {
    readonly create: (key: NewApiKey) => Effect.Effect<ApiKey, ApiKeyExists>
    readonly findByHash: (hash: string) => Effect.Effect<ApiKey, NotFound>
    /** The tenant's keys (revoked ones too), oldest first. */
    readonly list: (tenantId: TenantId) => Effect.Effect<ReadonlyArray<ApiKey>>
    /** Idempotent: revoking a revoked key keeps its first revocation time. */
    readonly revoke: (tenantId: TenantId, id: ApiKeyId) => Effect.Effect<ApiKey, NotFound>
  }
>()("@chatshop/domain/apikey/ApiKeyRepository") {
  static readonly layerMemory = Layer.effect(ApiKeyRepository, Effect.sync(makeMemory))
}

function makeMemory(): ApiKeyRepository["Service"] {
  const keys = new Map<ApiKeyId, ApiKey>()
  const byHash = new Map<string, ApiKeyId>()
  const notFound = (id: string) => new NotFound({ entity: "api key", id })

  return ApiKeyRepository.of({
    create: (key) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        if (keys.has(key.id) || byHash.has(key.hash)) return Effect.fail(new ApiKeyExists({ id: key.id }))
        const created: ApiKey = { ...key, createdAt: timestamp(now), revokedAt: null }
        keys.set(key.id, created)
        byHash.set(key.hash, key.id)
        return Effect.succeed(created)
      }),
    findByHash: (hash) =>
      Effect.suspend(() => {
        const id = byHash.get(hash)
        const key = id === undefined ? undefined : keys.get(id)
        return key === undefined || key.revokedAt !== null ? Effect.fail(notFound("(by hash)")) : Effect.succeed(key)
      }),
    list: (tenantId) =>
      Effect.sync(() =>
        [...keys.values()]
          .filter((k) => k.tenantId === tenantId)
          .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      ),
    revoke: (tenantId, id) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const key = keys.get(id)
        if (key === undefined || key.tenantId !== tenantId) return Effect.fail(notFound(id))
        if (key.revokedAt !== null) return Effect.succeed(key)
        const revoked: ApiKey = { ...key, revokedAt: timestamp(now) }
        keys.set(id, revoked)
        return Effect.succeed(revoked)
      })
  })
}
