import { Schema } from "effect"
import { BusinessId, ClaimId, OfferId, Timestamp } from "../shared/Ids.ts"
import { ClaimStatus, OfferStatus } from "./Model.ts"

/** The state a business's verification can be in (SPEC §3.4). Here so offer and business errors share it. */
export const BusinessStatus = Schema.Literals(["pending", "verified", "rejected"])
export type BusinessStatus = typeof BusinessStatus.Type

/** A command on an offer that was never created (decider only: ports answer NotFound). */
export class OfferNotCreated extends Schema.TaggedError<OfferNotCreated>()("OfferNotCreated", {}) {}

export class OfferAlreadyExists extends Schema.TaggedError<OfferAlreadyExists>()("OfferAlreadyExists", {
  offerId: OfferId
}) {}

/** Expired is final: no command changes an expired offer. */
export class OfferExpired extends Schema.TaggedError<OfferExpired>()("OfferExpired", {
  offerId: OfferId
}) {}

/** The command is not allowed from the offer's current status (e.g. pause a draft). */
export class IllegalOfferTransition extends Schema.TaggedError<IllegalOfferTransition>()("IllegalOfferTransition", {
  offerId: OfferId,
  from: OfferStatus,
  command: Schema.String
}) {}

/** Create/Edit input that breaks a rule (empty title, negative price, window ending before it starts…). */
export class InvalidOffer extends Schema.TaggedError<InvalidOffer>()("InvalidOffer", {
  reason: Schema.String
}) {}

export class BusinessNotVerified extends Schema.TaggedError<BusinessNotVerified>()("BusinessNotVerified", {
  businessId: BusinessId,
  status: BusinessStatus
}) {}

/** Publish, resume or a window edit at or after the window's end. */
export class WindowEnded extends Schema.TaggedError<WindowEnded>()("WindowEnded", {
  endsAt: Timestamp,
  at: Timestamp
}) {}

/** Publishing an offer with nothing to sell. */
export class QuantityRequired extends Schema.TaggedError<QuantityRequired>()("QuantityRequired", {
  offerId: OfferId
}) {}

/** Editing can't put quantity below what customers already claimed. */
export class QuantityBelowClaimed extends Schema.TaggedError<QuantityBelowClaimed>()("QuantityBelowClaimed", {
  quantity: Schema.Int,
  claimed: Schema.Int
}) {}

/** Claims are taken only while the offer is active. */
export class OfferNotActive extends Schema.TaggedError<OfferNotActive>()("OfferNotActive", {
  offerId: OfferId,
  status: OfferStatus
}) {}

/** Claims are taken only inside the window `startsAt ≤ at < endsAt`. */
export class OutsideWindow extends Schema.TaggedError<OutsideWindow>()("OutsideWindow", {
  at: Timestamp,
  startsAt: Timestamp,
  endsAt: Timestamp
}) {}

export class NotEnoughLeft extends Schema.TaggedError<NotEnoughLeft>()("NotEnoughLeft", {
  requested: Schema.Int,
  remaining: Schema.Int
}) {}

/** A claim quantity that is not a positive integer. */
export class InvalidQuantity extends Schema.TaggedError<InvalidQuantity>()("InvalidQuantity", {
  qty: Schema.Number
}) {}

/** A claim id reused for another customer or quantity. */
export class ClaimConflict extends Schema.TaggedError<ClaimConflict>()("ClaimConflict", {
  claimId: ClaimId
}) {}

export class UnknownClaim extends Schema.TaggedError<UnknownClaim>()("UnknownClaim", {
  claimId: ClaimId
}) {}

/** Cancel after pickup, or pickup after cancel. */
export class ClaimNotActive extends Schema.TaggedError<ClaimNotActive>()("ClaimNotActive", {
  claimId: ClaimId,
  status: ClaimStatus
}) {}
