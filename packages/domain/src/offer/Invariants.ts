import type { OfferEvent } from "./Events.ts"
import { holdsUnits, type Offer, remaining } from "./Model.ts"

/** SPEC §3.4: 0 ≤ claimed ≤ quantity, so remaining = quantity − claimed ≥ 0. */
export const claimedWithinQuantity = (o: Pick<Offer, "quantity" | "claimed">): boolean =>
  o.claimed >= 0 && o.claimed <= o.quantity
export const remainingNonNegative = (o: Pick<Offer, "quantity" | "claimed">): boolean => remaining(o) >= 0

/** claimed equals the sum of the claims that still hold units (claimed or picked up). */
export const claimedMatchesClaims = (o: Pick<Offer, "claimed" | "claims">): boolean => {
  let held = 0
  for (const claim of Object.values(o.claims)) if (holdsUnits(claim)) held += claim.qty
  return held === o.claimed
}

/** Automatic sell-out: an active offer always has something left to claim. */
export const activeHasStock = (o: Pick<Offer, "status" | "quantity" | "claimed">): boolean =>
  o.status !== "active" || remaining(o) > 0

/** A draft was never on sale, so nobody claimed it. */
export const draftHasNoClaims = (o: Pick<Offer, "status" | "claims">): boolean =>
  o.status !== "draft" || Object.keys(o.claims).length === 0

/** `soldOutBy` says why a sold-out offer is sold out, and is set only then (or kept after expiry). */
export const soldOutByMatchesStatus = (o: Pick<Offer, "status" | "soldOutBy">): boolean =>
  o.status === "sold_out" ? o.soldOutBy !== undefined : o.status === "expired" || o.soldOutBy === undefined

export const all = (o: Offer): boolean =>
  claimedWithinQuantity(o) &&
  remainingNonNegative(o) &&
  claimedMatchesClaims(o) &&
  activeHasStock(o) &&
  draftHasNoClaims(o) &&
  soldOutByMatchesStatus(o)

/** Expired is final: no event follows Expired in an offer's history. */
export const nothingAfterExpired = (events: ReadonlyArray<OfferEvent>): boolean => {
  const expired = events.findIndex((e) => e._tag === "Expired")
  return expired === -1 || expired === events.length - 1
}

/** An offer sells out at most once per time on sale: SoldOut and Reopened alternate, SoldOut first. */
export const soldOutAlternates = (events: ReadonlyArray<OfferEvent>): boolean => {
  let soldOut = false
  for (const e of events) {
    if (e._tag === "SoldOut") {
      if (soldOut) return false
      soldOut = true
    } else if (e._tag === "Reopened") {
      if (!soldOut) return false
      soldOut = false
    }
  }
  return true
}
