import { Schema } from "effect"
import { BusinessId, ClaimId, CustomerId, OfferId, TenantId, Timestamp } from "../shared/Ids.ts"
import { Money } from "../shared/Money.ts"
import { BusinessStatus } from "./Errors.ts"
import { Count, OfferTerms, Quantity, Window } from "./Model.ts"

/** The editable fields of an offer; every one optional in an edit. */
export const OfferPatch = {
  title: Schema.optionalKey(Schema.String),
  description: Schema.optionalKey(Schema.String),
  price: Schema.optionalKey(Money),
  originalPrice: Schema.optionalKey(Money),
  quantity: Schema.optionalKey(Count),
  window: Schema.optionalKey(Window)
}

/** What creating an offer says: the Create command's fields, restated by the Created event. */
export const CreateFields = {
  offerId: OfferId,
  tenantId: TenantId,
  businessId: BusinessId,
  ...OfferTerms,
  at: Timestamp
}

export const OfferCommand = Schema.TaggedUnion({
  Create: CreateFields,
  Edit: { ...OfferPatch, at: Timestamp },
  /** The caller reads the business's status and passes it in, so decide stays pure. */
  Publish: { businessStatus: BusinessStatus, at: Timestamp },
  Pause: { at: Timestamp },
  Resume: { at: Timestamp },
  ForceSoldOut: { at: Timestamp },
  Claim: { claimId: ClaimId, customerId: CustomerId, qty: Quantity, at: Timestamp },
  CancelClaim: { claimId: ClaimId, at: Timestamp },
  PickUp: { claimId: ClaimId, at: Timestamp },
  Expire: { now: Timestamp }
})
export type OfferCommand = typeof OfferCommand.Type
export type OfferEdit = Extract<OfferCommand, { readonly _tag: "Edit" }>
