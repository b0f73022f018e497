import * as fc from "fast-check"
import type { ExpectedPayment, PaymentEvidence } from "../../payment/Model.ts"
import { HOUR, type Timestamp, timestamp } from "../../shared/Ids.ts"
import type { Currency, Money } from "../../shared/Money.ts"

/** Small pools so evidence often matches, often almost matches, and references collide. */
export const recipients = ["Aigerim Kassymova", "+7 701 555 44 11", "4400 1234 5678 9012"]
export const references = ["TX-1001", "tx 1001", "TX-2002", "TX-3003", "  ", "AB12CD"]
export const currencies: ReadonlyArray<Currency> = ["USD", "KZT", "EUR"]

export const placedAt = timestamp(100 * HOUR)
export const holdUntil = timestamp(124 * HOUR)

export const expected: fc.Arbitrary<ExpectedPayment> = fc
  .record({
    amount: fc.integer({ min: 1, max: 500_000 }),
    currency: fc.constantFrom(...currencies),
    recipients: fc.subarray(recipients),
    slack: fc.constantFrom(0, HOUR, 24 * HOUR)
  })
  .map(({ amount, currency, recipients, slack }) => ({
    amount: { amount, currency },
    recipients,
    window: { from: timestamp(placedAt - slack), until: timestamp(holdUntil + slack) }
  }))

const amountNear = (e: ExpectedPayment): fc.Arbitrary<Money> =>
  fc.oneof(
    fc.constant(e.amount),
    fc.integer({ min: -2, max: 2 }).map((d) => ({ amount: e.amount.amount + d, currency: e.amount.currency })),
    fc.constantFrom(...currencies).map((currency) => ({ amount: e.amount.amount, currency }))
  )

const recipientNear: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...recipients),
  fc.constantFrom("aigerim  KASSYMOVA", "**** 9012", "+7 *** *** 44 11", "**** 0000", "Someone Else", "")
)

const dateNear = (e: ExpectedPayment): fc.Arbitrary<Timestamp> =>
  fc
    .oneof(
      fc.integer({ min: e.window.from, max: e.window.until }),
      fc.constantFrom(e.window.from - 1, e.window.until + 1, e.window.from, e.window.until)
    )
    .map(timestamp)

/** Evidence that sometimes matches `e` in each part and sometimes leaves a part out. */
export const evidenceFor = (e: ExpectedPayment): fc.Arbitrary<PaymentEvidence> =>
  fc
    .record(
      {
        amount: amountNear(e),
        payer: fc.constantFrom("Dana", "Yerlan"),
        recipient: recipientNear,
        reference: fc.constantFrom(...references),
        date: dateNear(e)
      },
      { requiredKeys: [] }
    )
    .map((ev) => ev as PaymentEvidence)

/** An expected payment and evidence scored against it. */
export const scenario: fc.Arbitrary<{ expected: ExpectedPayment; evidence: PaymentEvidence }> = expected.chain((e) =>
  evidenceFor(e).map((evidence) => ({ expected: e, evidence }))
)

export const threshold = fc.oneof(fc.constantFrom(0, 0.45, 0.8, 0.85, 1), fc.double({ min: 0, max: 1, noNaN: true }))
