import { Schema } from "effect"
import { BusinessId, ClaimId, CustomerId, OfferId, TenantId, Timestamp } from "../shared/Ids.ts"
import { Money } from "../shared/Money.ts"

export const Quantity = Schema.Int.check(Schema.isGreaterThan(0))
export const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

/** SPEC §3.4: `draft → active ⇄ paused`, `active ⇄ sold_out`, any non-final → `expired`. */
export const OfferStatus = Schema.Literals(["draft", "active", "paused", "sold_out", "expired"])
export type OfferStatus = typeof OfferStatus.Type

/** Who put the offer in sold_out: the last claim (`auto`) or the merchant (`forced`). */
export const SoldOutBy = Schema.Literals(["auto", "forced"])
export type SoldOutBy = typeof SoldOutBy.Type

/** The span in which the deal can be claimed: `startsAt ≤ t < endsAt`. */
export const Window = Schema.Struct({ startsAt: Timestamp, endsAt: Timestamp })
export type Window = typeof Window.Type

export const ClaimStatus = Schema.Literals(["claimed", "cancelled", "picked_up"])
export type ClaimStatus = typeof ClaimStatus.Type

/** A customer's claim on `qty` units, paid in cash at the venue on pickup. */
export const Claim = Schema.Struct({
  customerId: CustomerId,
  qty: Quantity,
  status: ClaimStatus,
  at: Timestamp
})
export type Claim = typeof Claim.Type

/** The terms a merchant sets on an offer: the Create command's and the Created event's fields. */
export const OfferTerms = {
  title: Schema.String,
  description: Schema.optionalKey(Schema.String),
  price: Money,
  originalPrice: Schema.optionalKey(Money),
  quantity: Count,
  window: Window
}

/**
 * A "too good to go" deal. `claimed` counts the units of every claim that is not cancelled (picked-up
 * units are gone too), so `remaining = quantity − claimed` is what customers can still claim.
 * `claims` is a plain record so the whole offer is one JSON document for storage adapters.
 */
export const Offer = Schema.Struct({
  id: OfferId,
  tenantId: TenantId,
  businessId: BusinessId,
  ...OfferTerms,
  claimed: Count,
  status: OfferStatus,
  soldOutBy: Schema.optionalKey(SoldOutBy),
  claims: Schema.Record(ClaimId, Claim),
  createdAt: Timestamp,
  version: Count
})
export type Offer = typeof Offer.Type

/** The decider's state: nothing before Create. */
export type OfferState = Offer | undefined

export const remaining = (o: Pick<Offer, "quantity" | "claimed">): number => o.quantity - o.claimed

/** Expired is the only final state: nothing changes it. */
export const isFinal = (status: OfferStatus): boolean => status === "expired"

/** Inside the claim window: `startsAt ≤ at < endsAt`. */
export const insideWindow = (window: Window, at: number): boolean => window.startsAt <= at && at < window.endsAt

/** A claim holds units unless it was cancelled. */
export const holdsUnits = (claim: Pick<Claim, "status">): boolean => claim.status !== "cancelled"
