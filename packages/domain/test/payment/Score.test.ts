import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import { HOUR, Payment, timestamp } from "@chatshop/domain"
import { PaymentArb, property } from "@chatshop/domain/testing"

const expected: Payment.ExpectedPayment = {
  amount: { amount: 12_000, currency: "USD" },
  recipients: ["Aigerim Kassymova", "+7 701 555 44 11"],
  window: { from: timestamp(10 * HOUR), until: timestamp(34 * HOUR) }
}
const full: Payment.PaymentEvidence = {
  amount: { amount: 12_000, currency: "USD" },
  payer: "Dana",
  recipient: "Aigerim Kassymova",
  reference: "TX-1001",
  date: timestamp(12 * HOUR)
}
const score = (evidence: Payment.PaymentEvidence) => Payment.scoreOf(Payment.breakdown(evidence, expected))
const assessAt = (evidence: Payment.PaymentEvidence, threshold = 0.8, referenceReused = false) =>
  Payment.assess(evidence, expected, { threshold, referenceReused })
const without = (key: keyof Payment.PaymentEvidence): Payment.PaymentEvidence => {
  const { [key]: _, ...rest } = full
  return rest
}

describe("payment evidence scoring (SPEC §3.3)", () => {
  property(
    "pay-score-range: the score is in [0, 1] for any evidence",
    [PaymentArb.scenario],
    ({ expected, evidence }) => {
      const s = Payment.scoreOf(Payment.breakdown(evidence, expected))
      assert.isTrue(s >= 0 && s <= 1)
    },
    1000
  )

  property(
    "pay-currency: evidence in another currency scores 0 and is never accepted",
    [PaymentArb.scenario, PaymentArb.threshold],
    ({ expected, evidence }, threshold) => {
      if (evidence.amount === undefined || evidence.amount.currency === expected.amount.currency) return
      const a = Payment.assess(evidence, expected, { threshold: Math.max(threshold, 0.01), referenceReused: false })
      assert.strictEqual(a.score, 0)
      assert.isFalse(Payment.isAccepted(a))
      assert.include(a.reasons, "currency_mismatch")
    },
    1000
  )

  property(
    "pay-amount-weighs-most: without the exact amount the score stays below the default threshold",
    [PaymentArb.scenario],
    ({ expected, evidence }) => {
      const parts = Payment.breakdown(evidence, expected)
      if (!parts.amount) assert.isBelow(Payment.scoreOf(parts), 0.8)
      for (const w of [Payment.weights.recipient, Payment.weights.date, Payment.weights.reference]) {
        assert.isAbove(Payment.weights.amount, w)
      }
    },
    1000
  )

  property(
    "pay-monotone: matching one more part never lowers the score",
    [PaymentArb.scenario, fc.constantFrom("amount", "recipient", "date", "reference" as const)],
    ({ expected, evidence }, part) => {
      const parts = Payment.breakdown(evidence, expected)
      assert.isAtLeast(Payment.scoreOf({ ...parts, [part]: true }), Payment.scoreOf(parts))
    },
    500
  )

  property(
    "pay-threshold: accepted exactly when score ≥ threshold and the reference was not reused",
    [PaymentArb.scenario, PaymentArb.threshold, fc.boolean()],
    ({ expected, evidence }, threshold, reused) => {
      const a = Payment.assess(evidence, expected, { threshold, referenceReused: reused })
      const hasRef = Payment.referenceOf(evidence) !== null
      assert.strictEqual(Payment.isAccepted(a), a.score >= threshold && !(reused && hasRef))
      assert.strictEqual(a.reasons.length === 0, Payment.isAccepted(a))
      assert.strictEqual(a.reasons.includes("below_threshold"), a.score < threshold)
    },
    1000
  )

  property(
    "pay-reused-never-accepted: a reused reference is not accepted even with a perfect score and threshold 0",
    [PaymentArb.scenario],
    ({ expected, evidence }) => {
      const a = Payment.assess(evidence, expected, { threshold: 0, referenceReused: true })
      if (Payment.referenceOf(evidence) !== null) {
        assert.isFalse(Payment.isAccepted(a))
        assert.include(a.reasons, "reference_reused")
      } else {
        assert.isFalse(a.referenceReused)
      }
    },
    1000
  )

  property(
    "pay-reference-normal: normalising is idempotent and ignores case, spaces and separators",
    [fc.string(), fc.constantFrom(" ", "-", "_", "/")],
    (ref, sep) => {
      const n = Payment.normalizeReference(ref)
      assert.strictEqual(Payment.normalizeReference(n), n)
      assert.strictEqual(
        Payment.normalizeReference(`${ref.toLowerCase()}${sep}`),
        Payment.normalizeReference(ref.toLowerCase())
      )
    },
    300
  )

  it("weights: exact amount + recipient + date + reference = 1; each part alone adds its weight", () => {
    assert.strictEqual(score(full), 1)
    assert.strictEqual(score(without("reference")), 0.85)
    assert.strictEqual(score(without("date")), 0.85)
    assert.strictEqual(score(without("recipient")), 0.75)
    assert.strictEqual(score(without("amount")), 0.55)
    assert.strictEqual(score({ amount: full.amount! }), 0.45)
    assert.strictEqual(score({}), 0)
    assert.strictEqual(score({ ...full, amount: { amount: 12_001, currency: "USD" } }), 0.55)
    assert.strictEqual(score({ ...full, amount: { amount: 12_000, currency: "EUR" } }), 0)
  })

  it("threshold boundary: 0.8 accepts 0.85 and rejects 0.75; a score equal to the threshold passes", () => {
    assert.isTrue(Payment.isAccepted(assessAt(without("date"))))
    assert.isFalse(Payment.isAccepted(assessAt(without("recipient"))))
    assert.isTrue(Payment.isAccepted(assessAt(without("recipient"), 0.75)))
    assert.isFalse(Payment.isAccepted(assessAt(full, 1, true)))
    assert.deepStrictEqual(assessAt(without("recipient")).reasons, ["recipient_mismatch", "below_threshold"])
    assert.deepStrictEqual(assessAt(full).reasons, [])
  })

  it("every failed part is named for the reviewer", () => {
    const a = assessAt(
      { amount: { amount: 1, currency: "EUR" }, recipient: "Someone", reference: " - ", date: timestamp(0) },
      0.8,
      true
    )
    assert.deepStrictEqual(a.reasons, [
      "currency_mismatch",
      "amount_mismatch",
      "recipient_mismatch",
      "date_outside_window",
      "reference_missing",
      "below_threshold"
    ])
    assert.isNull(a.reference)
    assert.isFalse(a.referenceReused)
    const reused = assessAt(full, 0.8, true)
    assert.deepStrictEqual(
      [reused.reference, reused.referenceReused, reused.reasons],
      ["TX1001", true, ["reference_reused"]]
    )
  })

  it("date window bounds are inclusive", () => {
    const at = (ms: number) => Payment.breakdown({ date: timestamp(ms) }, expected).date
    assert.deepStrictEqual(
      [at(10 * HOUR - 1), at(10 * HOUR), at(34 * HOUR), at(34 * HOUR + 1)],
      [false, true, true, false]
    )
    assert.deepStrictEqual(Payment.windowFor(timestamp(5), timestamp(9), 2), { from: 3, until: 11 })
    assert.deepStrictEqual(Payment.windowFor(timestamp(5), timestamp(9)), {
      from: 5 - Payment.defaultDateSlack,
      until: 9 + Payment.defaultDateSlack
    })
  })

  it("recipients match ignoring case and punctuation, or by the last four digits of a masked number", () => {
    const r = (s: string) => Payment.recipientMatches(s, expected.recipients)
    assert.isTrue(r("aigerim  KASSYMOVA"))
    assert.isTrue(r("+77015554411"))
    assert.isTrue(r("+7 *** *** 44 11"))
    assert.isTrue(r("•• 4411"))
    assert.isFalse(r("**** 4412"))
    assert.isFalse(r("*** 411"))
    assert.isFalse(r("4411")) // unmasked digits must match the whole number
    assert.isFalse(r("Aigerim"))
    assert.isFalse(r(""))
    assert.isFalse(r("---"))
    assert.isFalse(Payment.recipientMatches("**** 4411", []))
    assert.isFalse(Payment.recipientMatches("**** 4411", ["Dana"]))
  })

  it("a reference made only of separators is no reference", () => {
    assert.isNull(Payment.referenceOf({ reference: " -/ " }))
    assert.isNull(Payment.referenceOf({}))
    assert.strictEqual(Payment.referenceOf({ reference: " ab-12 3 " }), "AB123")
    assert.isFalse(Payment.breakdown({ reference: "  " }, expected).reference)
  })

  it("evidence without an amount keeps its currency check neutral", () => {
    const parts = Payment.breakdown(without("amount"), expected)
    assert.deepStrictEqual([parts.currency, parts.amount], [true, false])
  })
})
