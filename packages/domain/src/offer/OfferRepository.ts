import { Context, Effect, Layer, Result } from "effect"
import type { BusinessId, OfferId, TenantId, Timestamp } from "../shared/Ids.ts"
import { NotFound } from "../shared/TenantScope.ts"
import type { OfferChange } from "./Decider.ts"
import { OfferAlreadyExists } from "./Errors.ts"
import type { Offer, OfferStatus } from "./Model.ts"

export interface OfferFilter {
  readonly status?: OfferStatus
  readonly businessId?: BusinessId
}

/**
 * The offers port. `update` reads the offer, applies the pure `f` and writes the result as one
 * atomic step (memory: synchronously; PostgreSQL: SELECT … FOR UPDATE in one transaction), so
 * concurrent claims on one offer serialise and it sells out exactly once. `f` must be pure:
 * an adapter may call it again after a conflict.
 */
export class OfferRepository extends Context.Service<
  OfferRepository,
  {
    readonly create: (offer: Offer) => Effect.Effect<Offer, OfferAlreadyExists>
    readonly get: (tenantId: TenantId, id: OfferId) => Effect.Effect<Offer, NotFound>
    /** The tenant's offers, oldest first (createdAt, then id). */
    readonly list: (tenantId: TenantId, filter?: OfferFilter) => Effect.Effect<ReadonlyArray<Offer>>
    readonly update: <E>(
      tenantId: TenantId,
      id: OfferId,
      f: (current: Offer) => Result.Result<OfferChange, E>
    ) => Effect.Effect<OfferChange, E | NotFound>
    /** Not-yet-expired offers whose window ended at or before `now`, across tenants, earliest end first. */
    readonly listExpiring: (now: Timestamp, limit: number) => Effect.Effect<ReadonlyArray<Offer>>
  }
>()("@chatshop/domain/offer/OfferRepository") {
  static readonly layerMemory = Layer.effect(OfferRepository, Effect.sync(makeMemory))
}

const key = (tenantId: TenantId, id: string) => `${tenantId}\u0000${id}`

export const byCreation = (a: Offer, b: Offer): number =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

const matches = (filter: OfferFilter | undefined, offer: Offer): boolean =>
  (filter?.status === undefined || offer.status === filter.status) &&
  (filter?.businessId === undefined || offer.businessId === filter.businessId)

/** In-memory offers: every method runs synchronously, so each `update` is atomic. */
function makeMemory(): OfferRepository["Service"] {
  const offers = new Map<string, Offer>()
  const notFound = (id: OfferId) => new NotFound({ entity: "offer", id })

  return OfferRepository.of({
    create: (offer) =>
      Effect.suspend(() => {
        const k = key(offer.tenantId, offer.id)
        if (offers.has(k)) return Effect.fail(new OfferAlreadyExists({ offerId: offer.id }))
        offers.set(k, offer)
        return Effect.succeed(offer)
      }),
    get: (tenantId, id) =>
      Effect.suspend(() => {
        const offer = offers.get(key(tenantId, id))
        return offer === undefined ? Effect.fail(notFound(id)) : Effect.succeed(offer)
      }),
    list: (tenantId, filter) =>
      Effect.sync(() =>
        [...offers.values()].filter((o) => o.tenantId === tenantId && matches(filter, o)).sort(byCreation)
      ),
    update: <E>(tenantId: TenantId, id: OfferId, f: (current: Offer) => Result.Result<OfferChange, E>) =>
      Effect.suspend((): Effect.Effect<OfferChange, E | NotFound> => {
        const k = key(tenantId, id)
        const current = offers.get(k)
        if (current === undefined) return Effect.fail(notFound(id))
        const changed = f(current)
        if (Result.isFailure(changed)) return Effect.fail(changed.failure)
        offers.set(k, changed.success.state)
        return Effect.succeed(changed.success)
      }),
    listExpiring: (now, limit) =>
      Effect.sync(() =>
        [...offers.values()]
          .filter((o) => o.status !== "expired" && o.window.endsAt <= now)
          .sort((a, b) => a.window.endsAt - b.window.endsAt || byCreation(a, b))
          .slice(0, limit)
      )
  })
}
