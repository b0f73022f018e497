import { assert, describe, it } from "@effect/vitest"
import { HOUR, Payment, timestamp } from "@chatshop/domain"

// Edges of SPEC §3.3 evidence scoring that the reviewer relies on: what exactly counts as a match.
const expected: Payment.ExpectedPayment = {
  amount: { amount: 12_000, currency: "USD" },
  recipients: ["Aigerim Kassymova", "+7 701 555 44 11"],
  window: { from: timestamp(10 * HOUR), until: timestamp(34 * HOUR) }
}

describe("payment scoring edges", () => {
  it("pay-recipient-mask: only the digits after the last mask count, and only their last four", () => {
    const r = (s: string) => Payment.recipientMatches(s, expected.recipients)
    // Digits before the mask are not the shown tail: "44 •• 11" shows only "11".
    assert.isFalse(r("44 •• 11"))
    assert.isFalse(r("4 4** 11"))
    // More than four shown digits: the last four decide.
    assert.isTrue(r("** 99 44 11"))
    assert.isTrue(r("**** 0000 4411"))
  })

  it("pay-recipient-blank: evidence without a readable recipient never matches, even a punctuation-only configured one", () => {
    assert.isFalse(Payment.recipientMatches("", ["-", "Dana"]))
    assert.isFalse(Payment.recipientMatches(" . ", ["--"]))
    assert.isFalse(Payment.breakdown({ recipient: "" }, { ...expected, recipients: ["-"] }).recipient)
  })

  it("pay-amount-currency: the same number in another currency is no amount match, and the reviewer is told both", () => {
    const parts = Payment.breakdown({ amount: { amount: 12_000, currency: "EUR" } }, expected)
    assert.deepStrictEqual([parts.currency, parts.amount], [false, false])
    const a = Payment.assess({ amount: { amount: 12_000, currency: "EUR" } }, expected, {
      threshold: 0.8,
      referenceReused: false
    })
    assert.includeMembers([...a.reasons], ["currency_mismatch", "amount_mismatch"])
    assert.isTrue(Payment.breakdown({ amount: { amount: 12_000, currency: "USD" } }, expected).amount)
  })
})
