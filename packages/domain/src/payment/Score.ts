import type { Timestamp } from "../shared/Ids.ts"
import { DAY } from "../shared/Ids.ts"
import type { Money } from "../shared/Money.ts"
import type { ExpectedPayment, PaymentAssessment, PaymentEvidence, ReviewReason, ScoreBreakdown } from "./Model.ts"

/**
 * Points per matched part, out of 100 (integers, so sums never drift). The exact amount weighs
 * most; without it the rest add up to 55, so evidence with a wrong amount is never auto-accepted.
 * amount + recipient + date or reference = 85 passes the default 0.8; amount + date + reference
 * = 75 does not: a proof paid to someone else goes to a human.
 */
export const weights = { amount: 45, recipient: 25, date: 15, reference: 15 } as const

/** Screenshots often carry only a day and no zone: the window is widened by this much each side. */
export const defaultDateSlack = DAY

/** Transaction ids are compared without case, spaces or separators ("ab-12 3" ≡ "AB123"). */
export const normalizeReference = (reference: string): string => reference.replace(/[^\p{L}\p{N}]/gu, "").toUpperCase()

/** The normalised reference, or null when the evidence has none worth the name. */
export const referenceOf = (evidence: PaymentEvidence): string | null => {
  if (evidence.reference === undefined) return null
  const normalized = normalizeReference(evidence.reference)
  return normalized === "" ? null : normalized
}

const normalizeName = (s: string): string => s.replace(/[^\p{L}\p{N}]/gu, "").toLowerCase()
const digitsOf = (s: string): string => s.replace(/\D/g, "")
const masked = /[*•]{2,}/

/**
 * A recipient matches when it equals an expected one ignoring case and punctuation, or when it is
 * a masked card/phone ("**** 4411") whose last four digits match an expected number.
 */
export const recipientMatches = (recipient: string, expected: ReadonlyArray<string>): boolean => {
  const name = normalizeName(recipient)
  if (name === "") return false
  // The digits shown after the last mask character: "+7 *** *** 44 11" → "4411".
  const shown = masked.test(recipient) ? digitsOf(recipient.slice(recipient.search(/[^*•]*$/))) : ""
  for (const candidate of expected) {
    if (normalizeName(candidate) === name) return true
    if (shown.length >= 4 && digitsOf(candidate).endsWith(shown.slice(-4))) return true
  }
  return false
}

export const withinWindow = (date: Timestamp, window: ExpectedPayment["window"]): boolean =>
  date >= window.from && date <= window.until

/** The window for an order placed at `placedAt` and held until `holdUntil`, widened by `slack`. */
export const windowFor = (
  placedAt: Timestamp,
  holdUntil: Timestamp,
  slack: number = defaultDateSlack
): ExpectedPayment["window"] => ({
  from: (placedAt - slack) as Timestamp,
  until: (holdUntil + slack) as Timestamp
})

const sameCurrency = (amount: Money | undefined, expected: Money): boolean =>
  amount === undefined || amount.currency === expected.currency

/** Which parts of the evidence match the expected payment. */
export const breakdown = (evidence: PaymentEvidence, expected: ExpectedPayment): ScoreBreakdown => ({
  currency: sameCurrency(evidence.amount, expected.amount),
  amount:
    evidence.amount !== undefined &&
    evidence.amount.currency === expected.amount.currency &&
    evidence.amount.amount === expected.amount.amount,
  recipient: evidence.recipient !== undefined && recipientMatches(evidence.recipient, expected.recipients),
  date: evidence.date !== undefined && withinWindow(evidence.date, expected.window),
  reference: referenceOf(evidence) !== null
})

/** Score in [0, 1]: the weighted matched parts; a currency mismatch scores 0 whatever else matched. */
export const scoreOf = (parts: ScoreBreakdown): number => {
  if (!parts.currency) return 0
  let points = 0
  if (parts.amount) points += weights.amount
  if (parts.recipient) points += weights.recipient
  if (parts.date) points += weights.date
  if (parts.reference) points += weights.reference
  return points / 100
}

const reasonsFor = (parts: ScoreBreakdown, belowThreshold: boolean, reused: boolean): Array<ReviewReason> => {
  const reasons: Array<ReviewReason> = []
  if (!parts.currency) reasons.push("currency_mismatch")
  if (!parts.amount) reasons.push("amount_mismatch")
  if (!parts.recipient) reasons.push("recipient_mismatch")
  if (!parts.date) reasons.push("date_outside_window")
  if (!parts.reference) reasons.push("reference_missing")
  if (reused) reasons.push("reference_reused")
  if (belowThreshold) reasons.push("below_threshold")
  return reasons
}

export interface AssessOptions {
  /** ShopSettings.paymentAutoAcceptThreshold. */
  readonly threshold: number
  /** The reference is already claimed by another order of the shop (looked up by the service). */
  readonly referenceReused: boolean
}

/** Accepted evidence pays the order automatically; anything else goes to payment_review. */
export const isAccepted = (a: Pick<PaymentAssessment, "score" | "threshold" | "referenceReused">): boolean =>
  !a.referenceReused && a.score >= a.threshold

/** Score evidence against the expected payment (SPEC §3.3). Pure. */
export const assess = (
  evidence: PaymentEvidence,
  expected: ExpectedPayment,
  options: AssessOptions
): PaymentAssessment => {
  const parts = breakdown(evidence, expected)
  const score = scoreOf(parts)
  const reference = referenceOf(evidence)
  // Without a reference there is nothing to reuse.
  const referenceReused = reference !== null && options.referenceReused
  const accepted = isAccepted({ score, threshold: options.threshold, referenceReused })
  return {
    score,
    breakdown: parts,
    threshold: options.threshold,
    reference,
    referenceReused,
    reasons: accepted ? [] : reasonsFor(parts, score < options.threshold, referenceReused)
  }
}
