import { Clock, Context, Effect, Layer } from "effect"
import { onlyErrors } from "../shared/Errors.ts"
import type { BusinessId, ClaimId, CustomerId, OfferId, TenantId } from "../shared/Ids.ts"
import { type Timestamp, timestamp } from "../shared/Ids.ts"
import type { Money } from "../shared/Money.ts"
import type { NotFound } from "../shared/TenantScope.ts"
import { BusinessRepository } from "./BusinessRepository.ts"
import { Businesses } from "./Businesses.ts"
import type { OfferCommand } from "./Commands.ts"
import { type OfferChange, start, step } from "./Decider.ts"
import type {
  BusinessNotVerified,
  ClaimConflict,
  ClaimNotActive,
  IllegalOfferTransition,
  InvalidOffer,
  InvalidQuantity,
  NotEnoughLeft,
  OfferAlreadyExists,
  OfferExpired,
  OfferNotActive,
  OutsideWindow,
  QuantityBelowClaimed,
  QuantityRequired,
  UnknownClaim,
  WindowEnded
} from "./Errors.ts"
import type { Offer, Window } from "./Model.ts"
import { OfferRepository } from "./OfferRepository.ts"

export interface CreateOfferInput {
  readonly offerId: OfferId
  readonly businessId: BusinessId
  readonly title: string
  readonly description?: string
  readonly price: Money
  readonly originalPrice?: Money
  readonly quantity: number
  readonly window: Window
}

export type OfferPatchInput = Omit<Extract<OfferCommand, { _tag: "Edit" }>, "_tag" | "at">

export interface ClaimInput {
  readonly claimId: ClaimId
  readonly customerId: CustomerId
  readonly qty: number
}

type Change<E> = Effect.Effect<OfferChange, E | OfferExpired | NotFound>

/** The offers use cases: read through the ports, decide purely, write atomically. Time comes from Clock. */
export class Offers extends Context.Service<
  Offers,
  {
    /** A draft offer of one of the tenant's businesses (another tenant's business is NotFound). */
    readonly create: (
      tenantId: TenantId,
      input: CreateOfferInput
    ) => Effect.Effect<Offer, InvalidOffer | OfferAlreadyExists | NotFound>
    readonly edit: (
      tenantId: TenantId,
      id: OfferId,
      patch: OfferPatchInput
    ) => Change<InvalidOffer | QuantityBelowClaimed | WindowEnded>
    /** Reads the business's verification status, then publishes. */
    readonly publish: (
      tenantId: TenantId,
      id: OfferId
    ) => Change<IllegalOfferTransition | BusinessNotVerified | QuantityRequired | WindowEnded>
    readonly pause: (tenantId: TenantId, id: OfferId) => Change<IllegalOfferTransition>
    readonly resume: (tenantId: TenantId, id: OfferId) => Change<IllegalOfferTransition | WindowEnded>
    readonly soldOut: (tenantId: TenantId, id: OfferId) => Change<IllegalOfferTransition>
    readonly claim: (
      tenantId: TenantId,
      id: OfferId,
      input: ClaimInput
    ) => Change<OfferNotActive | OutsideWindow | NotEnoughLeft | InvalidQuantity | ClaimConflict>
    readonly cancelClaim: (tenantId: TenantId, id: OfferId, claimId: ClaimId) => Change<UnknownClaim | ClaimNotActive>
    readonly pickUp: (tenantId: TenantId, id: OfferId, claimId: ClaimId) => Change<UnknownClaim | ClaimNotActive>
    /** Expire every offer whose window has ended (across tenants); returns those this call expired. */
    readonly expireDue: (limit?: number) => Effect.Effect<ReadonlyArray<Offer>>
  }
>()("@chatshop/domain/offer/Offers") {
  static readonly layer = Layer.effect(Offers, Effect.suspend(make))

  /** Offers and Businesses over shared in-memory repositories (which are exposed too). */
  static readonly layerMemory = Layer.mergeAll(Offers.layer, Businesses.layer).pipe(
    Layer.provideMerge(Layer.mergeAll(OfferRepository.layerMemory, BusinessRepository.layerMemory))
  )
}

function make() {
  return Effect.gen(function* () {
    const offers = yield* OfferRepository
    const businesses = yield* BusinessRepository
    const now = Clock.currentTimeMillis.pipe(Effect.map(timestamp))

    const apply = (tenantId: TenantId, id: OfferId, command: (at: Timestamp) => OfferCommand) =>
      Effect.flatMap(now, (at) => offers.update(tenantId, id, step(command(at))))

    return Offers.of({
      create: Effect.fn("Offers.create")(
        function* (tenantId, input) {
          yield* businesses.get(tenantId, input.businessId)
          const change = yield* Effect.fromResult(start({ _tag: "Create", tenantId, ...input, at: yield* now }))
          return yield* offers.create(change.state)
        },
        onlyErrors("InvalidOffer", "OfferAlreadyExists", "NotFound")
      ),
      edit: (tenantId, id, patch) =>
        apply(tenantId, id, (at) => ({ _tag: "Edit", ...patch, at })).pipe(
          onlyErrors("OfferExpired", "InvalidOffer", "QuantityBelowClaimed", "WindowEnded", "NotFound")
        ),
      publish: Effect.fn("Offers.publish")(
        function* (tenantId, id) {
          const offer = yield* offers.get(tenantId, id)
          const business = yield* businesses.get(tenantId, offer.businessId)
          return yield* apply(tenantId, id, (at) => ({ _tag: "Publish", businessStatus: business.status, at }))
        },
        onlyErrors(
          "OfferExpired",
          "IllegalOfferTransition",
          "BusinessNotVerified",
          "QuantityRequired",
          "WindowEnded",
          "NotFound"
        )
      ),
      pause: (tenantId, id) =>
        apply(tenantId, id, (at) => ({ _tag: "Pause", at })).pipe(
          onlyErrors("OfferExpired", "IllegalOfferTransition", "NotFound")
        ),
      resume: (tenantId, id) =>
        apply(tenantId, id, (at) => ({ _tag: "Resume", at })).pipe(
          onlyErrors("OfferExpired", "IllegalOfferTransition", "WindowEnded", "NotFound")
        ),
      soldOut: (tenantId, id) =>
        apply(tenantId, id, (at) => ({ _tag: "ForceSoldOut", at })).pipe(
          onlyErrors("OfferExpired", "IllegalOfferTransition", "NotFound")
        ),
      claim: (tenantId, id, input) =>
        apply(tenantId, id, (at) => ({ _tag: "Claim", ...input, at })).pipe(
          onlyErrors(
            "OfferExpired",
            "OfferNotActive",
            "OutsideWindow",
            "NotEnoughLeft",
            "InvalidQuantity",
            "ClaimConflict",
            "NotFound"
          )
        ),
      cancelClaim: (tenantId, id, claimId) =>
        apply(tenantId, id, (at) => ({ _tag: "CancelClaim", claimId, at })).pipe(
          onlyErrors("OfferExpired", "UnknownClaim", "ClaimNotActive", "NotFound")
        ),
      pickUp: (tenantId, id, claimId) =>
        apply(tenantId, id, (at) => ({ _tag: "PickUp", claimId, at })).pipe(
          onlyErrors("OfferExpired", "UnknownClaim", "ClaimNotActive", "NotFound")
        ),
      expireDue: Effect.fn("Offers.expireDue")(function* (limit = 100) {
        const at = yield* now
        const due = yield* offers.listExpiring(at, limit)
        const expired: Array<Offer> = []
        for (const offer of due) {
          // Another sweeper may have expired it meanwhile: Expire is then a no-op with no events.
          const change = yield* offers.update(offer.tenantId, offer.id, step({ _tag: "Expire", now: at }))
          if (change.events.length > 0) expired.push(change.state)
        }
        return expired
      }, Effect.orDie)
    })
  })
}
