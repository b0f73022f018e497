import { assert, describe, it } from "@effect/vitest"
import { Order, ReservationId, Sku } from "@chatshop/domain"
import { OrderArb } from "@chatshop/domain/testing"
import {
  addLine,
  at,
  bag,
  boot,
  given,
  givenState,
  inReview,
  paid,
  pay,
  placeAll,
  placed,
  ready,
  setField,
  through
} from "./helpers.ts"

const place = (o: Order.Order) => placeAll()(o) as Extract<Order.OrderCommand, { _tag: "Place" }>

describe("order decider edges", () => {
  it("AddLine: another currency, a non-positive or fractional quantity, or a placed order is refused", () => {
    const eur = { ...bag, unitPrice: { amount: 1, currency: "EUR" as const } }
    given()
      .when({ _tag: "AddLine", line: eur, at: at(1) })
      .thenRejects("CurrencyMismatch", { right: "EUR" })
    for (const qty of [0, -1, 1.5]) {
      given()
        .when({ _tag: "AddLine", line: { ...bag, qty }, at: at(1) })
        .thenRejects("InvalidFieldValue")
    }
    given()
      .when({ _tag: "AddLine", line: bag, at: at(3) })
      .then([{ _tag: "LineAdded", line: bag, at: at(3) }])
    givenState(placed())
      .when({ _tag: "AddLine", line: bag, at: at(1) })
      .thenRejects("InvalidTransition")
  })

  it("RemoveLine removes by index and names a missing line", () => {
    const two = given([
      { _tag: "LineAdded", line: boot, at: at(1) },
      { _tag: "LineAdded", line: bag, at: at(1) }
    ])
    const after = two
      .when({ _tag: "RemoveLine", line: 0, at: at(2) })
      .then([{ _tag: "LineRemoved", line: 0, at: at(2) }]).state
    assert.deepStrictEqual(
      after.lines.map((l) => l.sku),
      [bag.sku]
    )
    for (const line of [2, -1]) two.when({ _tag: "RemoveLine", line, at: at(1) }).thenRejects("LineNotFound", { line })
    givenState(placed())
      .when({ _tag: "RemoveLine", line: 0, at: at(1) })
      .thenRejects("InvalidTransition")
  })

  it("SetField: line fields need a line and may switch the variant; order fields refuse a line; same value is a no-op", () => {
    const o = givenState(through(OrderArb.draft(), addLine(boot)))
    o.when(setField("size", "38")()).thenRejects("LineNotFound", { line: -1 })
    const sized = o
      .when({ _tag: "SetField", field: "size", value: " 38 ", line: 0, sku: Sku.make("boot-38"), at: at(2) })
      .then([{ _tag: "FieldSet", field: "size", value: "38", line: 0, sku: Sku.make("boot-38"), at: at(2) }])
    assert.deepStrictEqual([sized.state.lines[0]?.size, sized.state.lines[0]?.sku], ["38", "boot-38"])
    sized.when(setField("size", "38", 0)()).then([])
    const sameSizeNewSku = { _tag: "SetField", field: "size", value: "38", line: 0, sku: Sku.make("boot-39") } as const
    sized.when({ ...sameSizeNewSku, at: at(3) }).then([{ ...sameSizeNewSku, _tag: "FieldSet", at: at(3) }])
    assert.strictEqual(through(sized.state, setField("color", "red", 0)).lines[0]?.color, "red")
    o.when(setField("city", "Almaty", 0)()).thenRejects("InvalidFieldValue", { reason: "not a line field" })
    o.when({ _tag: "SetField", field: "city", value: "Almaty", sku: Sku.make("x"), at: at(1) }).thenRejects(
      "InvalidFieldValue"
    )
    const withCity = o
      .when(setField("city", " Almaty ")())
      .then([{ _tag: "FieldSet", field: "city", value: "Almaty", at: at(1) }])
    assert.strictEqual(withCity.state.fields.city, "Almaty")
    withCity.when(setField("city", "Almaty")()).then([])
    assert.strictEqual(through(o.state, setField("delivery", "pickup")).fields.delivery, "pickup")
    assert.strictEqual(through(o.state, setField("delivery", "delivery")).fields.delivery, "delivery")
    o.when(setField("phone", "no")()).thenRejects("InvalidFieldValue")
    givenState(placed()).when(setField("city", "Almaty")()).thenRejects("InvalidTransition")
  })

  it("Place: a stale version, an empty order or missing fields are refused, naming the fields in asking order", () => {
    const r = ready()
    givenState(r)
      .when({ ...place(r), version: r.version - 1 })
      .thenRejects("VersionConflict", { expected: r.version - 1, actual: r.version })
    given().when(place(OrderArb.draft())).thenRejects("EmptyOrder")
    const shoes = through(OrderArb.draft(), addLine(boot), setField("delivery", "delivery"))
    givenState(shoes)
      .when(place(shoes))
      .thenRejects("MissingFields", { fields: ["city", "size:0", "color:0", "phone", "address"] })
  })

  it("Place: outcomes that do not describe the lines are a ReservationMismatch naming the line", () => {
    const r = through(ready(), addLine(boot), setField("size", "38", 1), setField("color", "red", 1))
    const good = place(r)
    const mismatch = (outcomes: ReadonlyArray<Order.ReservationOutcome>, line: number) =>
      givenState(r)
        .when({ ...good, outcomes })
        .thenRejects("ReservationMismatch", { line })
    mismatch(good.outcomes.slice(0, 1), 1)
    mismatch([...good.outcomes, good.outcomes[0]!], 2)
    const [first, second] = good.outcomes as [Order.ReservationOutcome, Order.ReservationOutcome]
    mismatch([first, { ...second, sku: Sku.make("other") }], 1)
    mismatch([first, { ...second, qty: 9 }], 1)
    mismatch([{ ...first, line: 1 }, second], 0)
  })

  it("Place: success holds every line until holdUntil; a short line fails naming sku, requested and available", () => {
    const r = through(ready(), addLine({ ...bag, sku: Sku.make("bag-2"), qty: 3 }))
    const holds = [
      { line: 0, reservationId: Order.reservationIdFor(r, 0) },
      { line: 1, reservationId: Order.reservationIdFor(r, 1) }
    ]
    const p = givenState(r)
      .when(place(r))
      .then([{ _tag: "OrderPlaced", holds, holdUntil: at(25), at: at(1) }]).state
    assert.deepStrictEqual([p.status, p.holdUntil, p.placedAt], ["placed", at(25), at(1)])
    assert.strictEqual(Order.reservationIdFor(r, 1), `${r.id}/v${r.version}/1`)
    const cmd = place(r)
    const outcomes = [
      cmd.outcomes[0]!,
      { _tag: "Short" as const, line: 1, sku: Sku.make("bag-2"), qty: 3, available: 2 }
    ]
    const failed = givenState(r)
      .when({ ...cmd, outcomes })
      .then([
        { _tag: "PlacementFailed", short: [{ line: 1, sku: Sku.make("bag-2"), requested: 3, available: 2 }], at: at(1) }
      ]).state
    assert.deepStrictEqual([failed.status, failed.shortage.length, failed.version], ["draft", 1, r.version + 1])
    assert.deepStrictEqual(through(failed, addLine()).shortage, [])
  })

  it("Place on a cancelled or expired order is refused; Cancel is refused past placing", () => {
    const cancelled = through(placed(), () => ({ _tag: "Cancel", reason: "changed mind", at: at(2) }))
    assert.deepStrictEqual([cancelled.status, cancelled.closeReason], ["cancelled", "changed mind"])
    givenState(cancelled).when(place(cancelled)).thenRejects("InvalidTransition")
    const expired = through(placed(), () => ({ _tag: "Expire", now: at(25) }))
    givenState(expired).when(place(expired)).thenRejects("InvalidTransition")
    for (const o of [inReview(), paid(), expired]) {
      givenState(o)
        .when({ _tag: "Cancel", reason: "x", at: at(3) })
        .thenRejects("InvalidTransition", { status: o.status, command: "Cancel" })
    }
    givenState(ready())
      .when({ _tag: "Cancel", reason: "x", at: at(3) })
      .then([{ _tag: "OrderCancelled", reason: "x", released: [], at: at(3) }])
  })

  it("Expire: lapses at exactly holdUntil, not a millisecond before; only placed orders", () => {
    const p = givenState(placed())
    p.when({ _tag: "Expire", now: (at(25) - 1) as never }).thenRejects("HoldNotLapsed", {
      holdUntil: at(25),
      now: (at(25) - 1) as never
    })
    const expired = p
      .when({ _tag: "Expire", now: at(25) })
      .then([{ _tag: "OrderExpired", released: Order.reservationsOf(p.state), at: at(25) }])
    expired.when({ _tag: "Expire", now: at(31) }).then([])
    for (const o of [ready(), inReview(), paid()]) {
      givenState(o)
        .when({ _tag: "Expire", now: at(99) })
        .thenRejects("InvalidTransition")
    }
  })

  it("SubmitPayment: records the attempt; a retry of the paying proof is a no-op; drafts and other proofs on paid orders are refused", () => {
    const p = givenState(placed())
    const submitted = pay(1)() as Extract<Order.OrderCommand, { _tag: "SubmitPayment" }>
    p.when(submitted).then([
      { _tag: "PaymentSubmitted", evidence: submitted.evidence, assessment: submitted.assessment, at: at(2) },
      { _tag: "PaymentAccepted", by: "auto", committed: Order.reservationsOf(p.state), at: at(2) }
    ])
    const review = pay(0.75)() as Extract<Order.OrderCommand, { _tag: "SubmitPayment" }>
    p.when(review).then([
      { _tag: "PaymentSubmitted", evidence: review.evidence, assessment: review.assessment, at: at(2) },
      { _tag: "PaymentReviewRequested", reasons: ["below_threshold"], at: at(2) }
    ])
    const done = paid()
    assert.deepStrictEqual(
      [Order.lastPayment(done)?.decision, Order.lastPayment(done)?.decidedBy],
      ["accepted", "auto"]
    )
    givenState(done).when(pay(1)()).then([])
    givenState(done)
      .when(pay(1, false, "TX2")())
      .thenRejects("InvalidTransition")
    const refless = { ...submitted, assessment: { ...submitted.assessment, reference: null } }
    givenState(through(placed(), () => refless))
      .when(refless)
      .thenRejects("InvalidTransition")
    givenState(ready()).when(pay(1)()).thenRejects("InvalidTransition")
    const better = through(inReview(), pay(1, false, "TX2"))
    assert.deepStrictEqual([better.status, better.payments.length], ["paid", 2])
  })

  it("Approve and Reject: staff decide a review; reused references cannot be approved; retries are no-ops", () => {
    const r = inReview()
    assert.deepStrictEqual(Order.lastPayment(r)?.note, "below_threshold")
    const approve = { _tag: "ApprovePayment", by: "kate", at: at(3) } as const
    givenState(r)
      .when(approve)
      .then([{ _tag: "PaymentAccepted", by: "kate", committed: Order.reservationsOf(r), at: at(3) }])
    givenState(inReview(true)).when(approve).thenRejects("ReferenceReused", { reference: "TX1" })
    givenState(paid()).when(approve).then([])
    givenState(placed()).when(approve).thenRejects("InvalidTransition")
    const rejected = through(r, () => ({ _tag: "RejectPayment", by: "kate", reason: "wrong amount", at: at(3) }))
    const last = Order.lastPayment(rejected)
    assert.deepStrictEqual(
      [rejected.status, last?.decision, last?.decidedBy, last?.note],
      ["placed", "rejected", "kate", "wrong amount"]
    )
    givenState(rejected)
      .when({ _tag: "RejectPayment", by: "kate", reason: "x", at: at(4) })
      .then([])
    for (const o of [placed(), paid()]) {
      givenState(o)
        .when({ _tag: "RejectPayment", by: "k", reason: "x", at: at(4) })
        .thenRejects("InvalidTransition")
    }
  })

  it("Fulfil: only a paid order; a retry is a no-op", () => {
    const f = givenState(paid())
      .when({ _tag: "Fulfil", at: at(5) })
      .then([{ _tag: "OrderFulfilled", at: at(5) }])
    assert.deepStrictEqual([f.state.status, f.state.updatedAt], ["fulfilled", at(5)])
    f.when({ _tag: "Fulfil", at: at(6) }).then([])
    givenState(inReview())
      .when({ _tag: "Fulfil", at: at(6) })
      .thenRejects("InvalidTransition")
    assert.strictEqual(Order.holdState(f.state), "committed")
  })

  it("makeDraft prefills the phone and name the channel gave; blanks are ignored", () => {
    const base = { id: OrderArb.orderId, tenantId: OrderArb.tenantId, currency: "USD" as const, at: at(0) }
    const d = Order.makeDraft({
      ...base,
      customer: { customerId: OrderArb.customerId, phone: " +77015554411 ", name: " Dana " }
    })
    assert.deepStrictEqual(d.fields, { phone: "+77015554411", name: "Dana" })
    const blank = Order.makeDraft({ ...base, customer: { customerId: OrderArb.customerId, phone: " ", name: "" } })
    assert.deepStrictEqual([blank.fields, blank.status, blank.version], [{}, "draft", 0])
  })

  it("model helpers: total, hold state, claimed references", () => {
    const o = through(ready(), addLine({ ...boot, qty: 2, size: "38", color: "red" }))
    assert.deepStrictEqual(Order.total(o), { amount: 12000 + 2 * 4990, currency: "USD" })
    assert.deepStrictEqual(
      [Order.holdState(o), Order.holdState(placed()), Order.holdState(inReview())],
      ["none", "held", "held"]
    )
    const twice = through(inReview(), pay(0.45, false, "tx-1"), pay(0.45, true, "TX9"))
    assert.deepStrictEqual(Order.claimedReferences(twice), ["TX1"])
    assert.isUndefined(Order.lastPayment(o))
    assert.strictEqual(Order.reservationIdFor({ id: OrderArb.orderId, version: 7 }, 2), ReservationId.make("o-1/v7/2"))
  })
})
