import { assert, describe, it } from "@effect/vitest"
import { Order, ReservationId } from "@chatshop/domain"
import { OrderArb } from "@chatshop/domain/testing"
import { at, inReview, paid, pay, placed, ready, through } from "./helpers.ts"

const rid = ReservationId.make("r-1")
const released = (ids: ReadonlyArray<ReservationId>): Order.OrderEvent => ({
  _tag: "OrderCancelled",
  reason: "x",
  released: ids,
  at: at(1)
})
const committed = (ids: ReadonlyArray<ReservationId>): Order.OrderEvent => ({
  _tag: "PaymentAccepted",
  by: "auto",
  committed: ids,
  at: at(1)
})
const expired = (ids: ReadonlyArray<ReservationId>): Order.OrderEvent => ({
  _tag: "OrderExpired",
  released: ids,
  at: at(1)
})

describe("order invariants detect what they guard", () => {
  it("holdsEndOnce: a hold committed and released, or released twice, is caught", () => {
    assert.isTrue(Order.Invariants.holdsEndOnce([committed([rid]), { _tag: "OrderFulfilled", at: at(2) }]))
    assert.isFalse(Order.Invariants.holdsEndOnce([committed([rid]), released([rid])]))
    assert.isFalse(Order.Invariants.holdsEndOnce([expired([rid]), released([rid])]))
    assert.isFalse(Order.Invariants.holdsEndOnce([committed([rid, rid])]))
  })

  it("holdsMatchStatus: drafts hold nothing; placed orders hold every line with a holdUntil", () => {
    const p = placed()
    assert.isTrue(Order.Invariants.holdsMatchStatus(p))
    const draftWithHold = { ...ready(), lines: p.lines }
    assert.isFalse(Order.Invariants.holdsMatchStatus(draftWithHold))
    assert.isFalse(Order.Invariants.holdsMatchStatus({ ...p, lines: ready().lines }))
    assert.isFalse(Order.Invariants.holdsMatchStatus({ ...p, holdUntil: null }))
    assert.isFalse(Order.Invariants.holdsMatchStatus({ ...p, placedAt: null }))
    assert.isTrue(Order.Invariants.holdsMatchStatus({ ...ready(), status: "cancelled" }))
    assert.isTrue(Order.Invariants.holdsMatchStatus({ ...p, status: "cancelled" }))
    assert.isFalse(
      Order.Invariants.holdsMatchStatus({ ...p, status: "cancelled", lines: [...p.lines, ...ready().lines] })
    )
  })

  it("placedWithRequiredFields: a held order missing a field, or with no lines, is caught", () => {
    const p = placed()
    assert.isTrue(Order.Invariants.placedWithRequiredFields(p))
    assert.isTrue(Order.Invariants.placedWithRequiredFields(OrderArb.draft()))
    assert.isFalse(Order.Invariants.placedWithRequiredFields({ ...p, fields: {} }))
  })

  it("paidThroughAcceptedPayment and autoAcceptedAboveThreshold", () => {
    const done = paid()
    assert.isTrue(Order.Invariants.paidThroughAcceptedPayment(done))
    assert.isTrue(Order.Invariants.paidThroughAcceptedPayment(inReview()))
    assert.isFalse(Order.Invariants.paidThroughAcceptedPayment({ ...done, payments: [] }))
    assert.isFalse(Order.Invariants.paidThroughAcceptedPayment({ ...inReview(), status: "fulfilled" }))
    const last = Order.lastPayment(done)!
    const reusedPaid = { ...done, payments: [{ ...last, assessment: { ...last.assessment, referenceReused: true } }] }
    assert.isFalse(Order.Invariants.paidThroughAcceptedPayment(reusedPaid))
    assert.isTrue(Order.Invariants.autoAcceptedAboveThreshold(done))
    const low = { ...done, payments: [{ ...last, assessment: { ...last.assessment, score: 0.5 } }] }
    assert.isFalse(Order.Invariants.autoAcceptedAboveThreshold(low))
    const staff = { ...low, payments: [{ ...low.payments[0]!, decidedBy: "kate" }] }
    assert.isTrue(Order.Invariants.autoAcceptedAboveThreshold(staff))
    assert.isFalse(Order.Invariants.all(low))
    assert.isTrue(Order.Invariants.all(done))
  })

  it("referencesUnique: two orders of a tenant claiming one reference are caught; other tenants may", () => {
    const a = through(placed(), pay(0.45, false, "TX1"))
    const other = { ...a, tenantId: "t-other" as never }
    assert.isTrue(Order.Invariants.referencesUnique([a, other]))
    assert.isFalse(Order.Invariants.referencesUnique([a, { ...a, id: "o-2" as never }]))
    assert.isTrue(Order.Invariants.referencesUnique([a, through(placed(), pay(0.45, true, "TX1"))]))
  })

  it("transitions: exactly the SPEC §3.3 arrows", () => {
    const allowed = (from: Order.OrderStatus, to: Order.OrderStatus) => Order.Invariants.allowedTransition(from, to)
    assert.isTrue(allowed("placed", "payment_review") && allowed("payment_review", "placed") && allowed("paid", "paid"))
    assert.isFalse(allowed("payment_review", "cancelled") || allowed("paid", "cancelled") || allowed("draft", "paid"))
    assert.isFalse(allowed("expired", "placed") || allowed("fulfilled", "paid") || allowed("draft", "expired"))
  })
})
