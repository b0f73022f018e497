import { Schema } from "effect"
import { Timestamp } from "../shared/Ids.ts"
import { Money } from "../shared/Money.ts"

/** Where a piece of evidence came from: read off a screenshot by the vision port, or typed in by staff. */
export const EvidenceSource = Schema.Literals(["vision", "staff"])
export type EvidenceSource = typeof EvidenceSource.Type

/**
 * What a payment proof says (SPEC §3.3). Every part is optional: a screenshot may show no
 * recipient or no reference, and a missing part simply earns no points.
 */
export const PaymentEvidence = Schema.Struct({
  amount: Schema.optionalKey(Money),
  payer: Schema.optionalKey(Schema.String),
  recipient: Schema.optionalKey(Schema.String),
  /** The bank's transaction id. Never accepted twice in one shop. */
  reference: Schema.optionalKey(Schema.String),
  date: Schema.optionalKey(Timestamp),
  source: Schema.optionalKey(EvidenceSource)
})
export type PaymentEvidence = typeof PaymentEvidence.Type

/** What the shop expects for one order: the total, who may receive it and when it may be paid. */
export const ExpectedPayment = Schema.Struct({
  amount: Money,
  /** Account names, phone numbers or card numbers the shop is paid to. */
  recipients: Schema.Array(Schema.String),
  /** The payment date must fall inside [from, until] (the hold, widened for date-only screenshots). */
  window: Schema.Struct({ from: Timestamp, until: Timestamp })
})
export type ExpectedPayment = typeof ExpectedPayment.Type

/** Each part of the evidence that was checked, as matched (true) or not. */
export const ScoreBreakdown = Schema.Struct({
  currency: Schema.Boolean,
  amount: Schema.Boolean,
  recipient: Schema.Boolean,
  date: Schema.Boolean,
  reference: Schema.Boolean
})
export type ScoreBreakdown = typeof ScoreBreakdown.Type

/** Why evidence went to a human instead of being accepted. */
export const ReviewReason = Schema.Literals([
  "currency_mismatch",
  "amount_mismatch",
  "recipient_mismatch",
  "date_outside_window",
  "reference_missing",
  "reference_reused",
  "below_threshold"
])
export type ReviewReason = typeof ReviewReason.Type

/** The scored evidence: accepted when `score ≥ threshold` and the reference was not reused. */
export const PaymentAssessment = Schema.Struct({
  score: Schema.Number.check(Schema.isBetween({ minimum: 0, maximum: 1 })),
  breakdown: ScoreBreakdown,
  threshold: Schema.Number.check(Schema.isBetween({ minimum: 0, maximum: 1 })),
  /** The normalised reference, when the evidence had one. */
  reference: Schema.NullOr(Schema.String),
  referenceReused: Schema.Boolean,
  /** Empty exactly when the assessment is accepted. */
  reasons: Schema.Array(ReviewReason)
})
export type PaymentAssessment = typeof PaymentAssessment.Type
