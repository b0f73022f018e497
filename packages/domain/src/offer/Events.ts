import { Schema } from "effect"
import { ClaimId, CustomerId, Timestamp } from "../shared/Ids.ts"
import { CreateFields, OfferPatch } from "./Commands.ts"
import { Quantity, SoldOutBy } from "./Model.ts"

export const ReopenReason = Schema.Literals(["quantity_raised", "claim_cancelled"])
export type ReopenReason = typeof ReopenReason.Type

export const OfferEvent = Schema.TaggedUnion({
  Created: CreateFields,
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
