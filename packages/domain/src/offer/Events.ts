import { Schema } from "effect"
import { BusinessId, ClaimId, CustomerId, OfferId, TenantId, Timestamp } from "../shared/Ids.ts"
import { Money } from "../shared/Money.ts"
import { OfferPatch } from "./Commands.ts"
import { Count, Quantity, SoldOutBy, Window } from "./Model.ts"

export const ReopenReason = Schema.Literals(["quantity_raised", "claim_cancelled"])
export type ReopenReason = typeof ReopenReason.Type

export const OfferEvent = Schema.TaggedUnion({
  Created: {
    offerId: OfferId,
    tenantId: TenantId,
    businessId: BusinessId,
    title: Schema.String,
    description: Schema.optionalKey(Schema.String),
    price: Money,
    originalPrice: Schema.optionalKey(Money),
    quantity: Count,
    window: Window,
    at: Timestamp
  },
  Edited: { ...OfferPatch, at: Timestamp },
  Published: { at: Timestamp },
  Paused: { at: Timestamp },
  Resumed: { at: Timestamp },
  SoldOut: { by: SoldOutBy, at: Timestamp },
  Reopened: { reason: ReopenReason, at: Timestamp },
  Claimed: { claimId: ClaimId, customerId: CustomerId, qty: Quantity, at: Timestamp },
  ClaimCancelled: { claimId: ClaimId, qty: Quantity, at: Timestamp },
  PickedUp: { claimId: ClaimId, qty: Quantity, at: Timestamp },
  Expired: { at: Timestamp }
})
export type OfferEvent = typeof OfferEvent.Type
