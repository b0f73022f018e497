import { Context, Effect, Layer, Result } from "effect"
import type { BusinessId, TenantId } from "../shared/Ids.ts"
import { NotFound } from "../shared/TenantScope.ts"
import { type Business, BusinessAlreadyExists, type BusinessChange } from "./Business.ts"
import type { BusinessStatus } from "./Errors.ts"

/** Businesses (venues) per tenant. `update` is atomic like OfferRepository's. */
export class BusinessRepository extends Context.Service<
  BusinessRepository,
  {
    readonly create: (business: Business) => Effect.Effect<Business, BusinessAlreadyExists>
    readonly get: (tenantId: TenantId, id: BusinessId) => Effect.Effect<Business, NotFound>
    /** The tenant's businesses ordered by id. */
    readonly list: (
      tenantId: TenantId,
      filter?: { readonly status?: BusinessStatus }
    ) => Effect.Effect<ReadonlyArray<Business>>
    readonly update: <E>(
      tenantId: TenantId,
      id: BusinessId,
      f: (current: Business) => Result.Result<BusinessChange, E>
    ) => Effect.Effect<BusinessChange, E | NotFound>
    /** The platform admin's review queue: pending businesses across tenants, by tenant then id. */
    readonly listPending: (limit: number) => Effect.Effect<ReadonlyArray<Business>>
  }
>()("@chatshop/domain/offer/BusinessRepository") {
  static readonly layerMemory = Layer.effect(BusinessRepository, Effect.sync(makeMemory))
}

const key = (tenantId: TenantId, id: string) => `${tenantId}\u0000${id}`
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const byId = (a: Business, b: Business) => compare(a.id, b.id)

function makeMemory(): BusinessRepository["Service"] {
  const businesses = new Map<string, Business>()
  const notFound = (id: BusinessId) => new NotFound({ entity: "business", id })

  return BusinessRepository.of({
    create: (business) =>
      Effect.suspend(() => {
        const k = key(business.tenantId, business.id)
        if (businesses.has(k)) return Effect.fail(new BusinessAlreadyExists({ businessId: business.id }))
        businesses.set(k, business)
        return Effect.succeed(business)
      }),
    get: (tenantId, id) =>
      Effect.suspend(() => {
        const business = businesses.get(key(tenantId, id))
        return business === undefined ? Effect.fail(notFound(id)) : Effect.succeed(business)
      }),
    list: (tenantId, filter) =>
      Effect.sync(() =>
        [...businesses.values()]
          .filter((b) => b.tenantId === tenantId && (filter?.status === undefined || b.status === filter.status))
          .sort(byId)
      ),
    update: <E>(tenantId: TenantId, id: BusinessId, f: (current: Business) => Result.Result<BusinessChange, E>) =>
      Effect.suspend((): Effect.Effect<BusinessChange, E | NotFound> => {
        const k = key(tenantId, id)
        const current = businesses.get(k)
        if (current === undefined) return Effect.fail(notFound(id))
        const changed = f(current)
        if (Result.isFailure(changed)) return Effect.fail(changed.failure)
        businesses.set(k, changed.success.state)
        return Effect.succeed(changed.success)
      }),
    listPending: (limit) =>
      Effect.sync(() =>
        [...businesses.values()]
          .filter((b) => b.status === "pending")
          .sort((a, b) => compare(a.tenantId, b.tenantId) || byId(a, b))
          .slice(0, limit)
      )
  })
}
