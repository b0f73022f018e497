import { assert, describe, it } from "@effect/vitest"
import { Order, ReservationId, Sku } from "@chatshop/domain"
import { OrderArb } from "@chatshop/domain/testing"
import {
  addLine,
  at,
  bag,
  boot,
  events,
  failure,
  inReview,
  paid,
  pay,
  placeAll,
  placed,
  ready,
  setField,
  through
} from "./helpers.ts"

const decide = (command: Order.OrderCommand, order: Order.Order) => Order.decide(command, order)
const place = (o: Order.Order) => placeAll()(o) as Extract<Order.OrderCommand, { _tag: "Place" }>

describe("order decider edges", () => {
  it("AddLine: another currency, a non-positive or fractional quantity, or a placed order is refused", () => {
    const d = OrderArb.draft()
    const eur = { ...bag, unitPrice: { amount: 1, currency: "EUR" as const } }
    const mismatch = failure(decide({ _tag: "AddLine", line: eur, at: at(1) }, d))
    assert.deepStrictEqual(
      [mismatch._tag, mismatch._tag === "CurrencyMismatch" && mismatch.right],
      ["CurrencyMismatch", "EUR"]
    )
    for (const qty of [0, -1, 1.5]) {
      assert.strictEqual(
        failure(decide({ _tag: "AddLine", line: { ...bag, qty }, at: at(1) }, d))._tag,
        "InvalidFieldValue"
      )
    }
    assert.deepStrictEqual(events(decide({ _tag: "AddLine", line: bag, at: at(3) }, d)), [
      { _tag: "LineAdded", line: bag, at: at(3) }
    ])
    assert.strictEqual(failure(decide({ _tag: "AddLine", line: bag, at: at(1) }, placed()))._tag, "InvalidTransition")
  })

  it("RemoveLine removes by index and names a missing line", () => {
    const o = through(OrderArb.draft(), addLine(boot), addLine(bag))
    const after = through(o, () => ({ _tag: "RemoveLine", line: 0, at: at(2) }))
    assert.deepStrictEqual(
      after.lines.map((l) => l.sku),
      [bag.sku]
    )
    for (const line of [2, -1]) {
      const e = failure(decide({ _tag: "RemoveLine", line, at: at(1) }, o))
      assert.deepStrictEqual([e._tag, e._tag === "LineNotFound" && e.line], ["LineNotFound", line])
    }
    assert.strictEqual(failure(decide({ _tag: "RemoveLine", line: 0, at: at(1) }, placed()))._tag, "InvalidTransition")
  })

  it("SetField: line fields need a line and may switch the variant; order fields refuse a line; same value is a no-op", () => {
    const o = through(OrderArb.draft(), addLine(boot))
    const noLine = failure(decide(setField("size", "38")(), o))
    assert.deepStrictEqual([noLine._tag, noLine._tag === "LineNotFound" && noLine.line], ["LineNotFound", -1])
    const sized = through(o, () => ({
      _tag: "SetField",
      field: "size",
      value: " 38 ",
      line: 0,
      sku: Sku.make("boot-38"),
      at: at(2)
    }))
    assert.deepStrictEqual([sized.lines[0]?.size, sized.lines[0]?.sku], ["38", "boot-38"])
    assert.deepStrictEqual(events(decide(setField("size", "38", 0)(), sized)), [])
    const sameSizeNewSku = {
      _tag: "SetField",
      field: "size",
      value: "38",
      line: 0,
      sku: Sku.make("boot-39"),
      at: at(3)
    } as const
    assert.strictEqual(events(decide(sameSizeNewSku, sized)).length, 1)
    assert.strictEqual(through(sized, setField("color", "red", 0)).lines[0]?.color, "red")
    const lineOnCity = failure(decide(setField("city", "Almaty", 0)(), o))
    assert.deepStrictEqual(
      [lineOnCity._tag, lineOnCity._tag === "InvalidFieldValue" && lineOnCity.reason],
      ["InvalidFieldValue", "not a line field"]
    )
    const skuOnCity = { _tag: "SetField", field: "city", value: "Almaty", sku: Sku.make("x"), at: at(1) } as const
    assert.strictEqual(failure(decide(skuOnCity, o))._tag, "InvalidFieldValue")
    const withCity = through(o, setField("city", " Almaty "))
    assert.strictEqual(withCity.fields.city, "Almaty")
    assert.deepStrictEqual(events(decide(setField("city", "Almaty")(), withCity)), [])
    assert.strictEqual(through(o, setField("delivery", "pickup")).fields.delivery, "pickup")
    assert.strictEqual(through(o, setField("delivery", "delivery")).fields.delivery, "delivery")
    assert.strictEqual(failure(decide(setField("phone", "no")(), o))._tag, "InvalidFieldValue")
    assert.strictEqual(failure(decide(setField("city", "Almaty")(), placed()))._tag, "InvalidTransition")
  })

  it("Place: a stale version, an empty order or missing fields are refused, naming the fields in asking order", () => {
    const r = ready()
    const stale = failure(decide({ ...place(r), version: r.version - 1 }, r))
    assert.deepStrictEqual(stale._tag === "VersionConflict" && [stale.expected, stale.actual], [
      r.version - 1,
      r.version
    ])
    const empty = OrderArb.draft()
    assert.strictEqual(failure(decide(place(empty), empty))._tag, "EmptyOrder")
    const shoes = through(OrderArb.draft(), addLine(boot), setField("delivery", "delivery"))
    const missing = failure(decide(place(shoes), shoes))
    assert.deepStrictEqual(missing._tag === "MissingFields" && missing.fields, [
      "city",
      "size:0",
      "color:0",
      "phone",
      "address"
    ])
  })

  it("Place: outcomes that do not describe the lines are a ReservationMismatch naming the line", () => {
    const r = through(ready(), addLine(boot), setField("size", "38", 1), setField("color", "red", 1))
    const good = place(r)
    const mismatch = (outcomes: ReadonlyArray<Order.ReservationOutcome>) => {
      const e = failure(decide({ ...good, outcomes }, r))
      return e._tag === "ReservationMismatch" ? e.line : e._tag
    }
    assert.strictEqual(mismatch(good.outcomes.slice(0, 1)), 1)
    assert.strictEqual(mismatch([...good.outcomes, good.outcomes[0]!]), 2)
    const [first, second] = good.outcomes as [Order.ReservationOutcome, Order.ReservationOutcome]
    assert.strictEqual(mismatch([first, { ...second, sku: Sku.make("other") }]), 1)
    assert.strictEqual(mismatch([first, { ...second, qty: 9 }]), 1)
    assert.strictEqual(mismatch([{ ...first, line: 1 }, second]), 0)
  })

  it("Place: success holds every line until holdUntil; a short line fails naming sku, requested and available", () => {
    const r = through(ready(), addLine({ ...bag, sku: Sku.make("bag-2"), qty: 3 }))
    const ok = events(decide(place(r), r))
    assert.deepStrictEqual(ok, [
      {
        _tag: "OrderPlaced",
        holds: [
          { line: 0, reservationId: Order.reservationIdFor(r, 0) },
          { line: 1, reservationId: Order.reservationIdFor(r, 1) }
        ],
        holdUntil: at(25),
        at: at(1)
      }
    ])
    const p = through(r, placeAll())
    assert.deepStrictEqual([p.status, p.holdUntil, p.placedAt], ["placed", at(25), at(1)])
    assert.strictEqual(Order.reservationIdFor(r, 1), `${r.id}/v${r.version}/1`)
    const cmd = place(r)
    const outcomes = [
      cmd.outcomes[0]!,
      { _tag: "Short" as const, line: 1, sku: Sku.make("bag-2"), qty: 3, available: 2 }
    ]
    const short = events(decide({ ...cmd, outcomes }, r))
    assert.deepStrictEqual(short, [
      { _tag: "PlacementFailed", short: [{ line: 1, sku: "bag-2", requested: 3, available: 2 }], at: at(1) }
    ] as never)
    const failed = through(r, () => ({ ...cmd, outcomes }))
    assert.deepStrictEqual([failed.status, failed.shortage.length, failed.version], ["draft", 1, r.version + 1])
    assert.deepStrictEqual(through(failed, addLine()).shortage, [])
  })

  it("Place on a cancelled or expired order is refused; Cancel is refused past placing", () => {
    const cancelled = through(placed(), () => ({ _tag: "Cancel", reason: "changed mind", at: at(2) }))
    assert.deepStrictEqual([cancelled.status, cancelled.closeReason], ["cancelled", "changed mind"])
    assert.strictEqual(failure(decide(place(cancelled), cancelled))._tag, "InvalidTransition")
    const expired = through(placed(), () => ({ _tag: "Expire", now: at(25) }))
    assert.strictEqual(failure(decide(place(expired), expired))._tag, "InvalidTransition")
    for (const o of [inReview(), paid(), expired]) {
      const e = failure(decide({ _tag: "Cancel", reason: "x", at: at(3) }, o))
      assert.deepStrictEqual(e._tag === "InvalidTransition" && [e.status, e.command], [o.status, "Cancel"])
    }
    const draftCancel = events(decide({ _tag: "Cancel", reason: "x", at: at(3) }, ready()))
    assert.deepStrictEqual(draftCancel, [{ _tag: "OrderCancelled", reason: "x", released: [], at: at(3) }])
  })

  it("Expire: lapses at exactly holdUntil, not a millisecond before; only placed orders", () => {
    const p = placed()
    const early = failure(decide({ _tag: "Expire", now: (at(25) - 1) as never }, p))
    assert.deepStrictEqual(early._tag === "HoldNotLapsed" && [early.holdUntil as number, early.now as number], [
      at(25),
      at(25) - 1
    ])
    assert.deepStrictEqual(events(decide({ _tag: "Expire", now: at(25) }, p)), [
      { _tag: "OrderExpired", released: Order.reservationsOf(p), at: at(25) }
    ])
    const expired = through(p, () => ({ _tag: "Expire", now: at(30) }))
    assert.deepStrictEqual(events(decide({ _tag: "Expire", now: at(31) }, expired)), [])
    for (const o of [ready(), inReview(), paid()]) {
      assert.strictEqual(failure(decide({ _tag: "Expire", now: at(99) }, o))._tag, "InvalidTransition")
    }
  })

  it("SubmitPayment: records the attempt; a retry of the paying proof is a no-op; drafts and other proofs on paid orders are refused", () => {
    const p = placed()
    const accepted = events(decide(pay(1)(), p))
    assert.deepStrictEqual(
      accepted.map((e) => e._tag),
      ["PaymentSubmitted", "PaymentAccepted"]
    )
    assert.deepStrictEqual(accepted[1], {
      _tag: "PaymentAccepted",
      by: "auto",
      committed: Order.reservationsOf(p),
      at: at(2)
    })
    const review = events(decide(pay(0.75)(), p))
    assert.deepStrictEqual(review[1], { _tag: "PaymentReviewRequested", reasons: ["below_threshold"], at: at(2) })
    const done = paid()
    assert.deepStrictEqual(
      [Order.lastPayment(done)?.decision, Order.lastPayment(done)?.decidedBy],
      ["accepted", "auto"]
    )
    assert.deepStrictEqual(events(decide(pay(1)(), done)), [])
    assert.strictEqual(failure(decide(pay(1, false, "TX2")(), done))._tag, "InvalidTransition")
    const noRef = { ...(pay(1)() as Extract<Order.OrderCommand, { _tag: "SubmitPayment" }>) }
    const refless = { ...noRef, assessment: { ...noRef.assessment, reference: null } }
    assert.strictEqual(
      failure(
        decide(
          refless,
          through(placed(), () => refless)
        )
      )._tag,
      "InvalidTransition"
    )
    assert.strictEqual(failure(decide(pay(1)(), ready()))._tag, "InvalidTransition")
    const better = through(inReview(), pay(1, false, "TX2"))
    assert.deepStrictEqual([better.status, better.payments.length], ["paid", 2])
  })

  it("Approve and Reject: staff decide a review; reused references cannot be approved; retries are no-ops", () => {
    const r = inReview()
    assert.deepStrictEqual(Order.lastPayment(r)?.note, "below_threshold")
    const approved = events(decide({ _tag: "ApprovePayment", by: "kate", at: at(3) }, r))
    assert.deepStrictEqual(approved, [
      { _tag: "PaymentAccepted", by: "kate", committed: Order.reservationsOf(r), at: at(3) }
    ])
    const reused = failure(decide({ _tag: "ApprovePayment", by: "kate", at: at(3) }, inReview(true)))
    assert.deepStrictEqual(reused._tag === "ReferenceReused" && reused.reference, "TX1")
    assert.deepStrictEqual(events(decide({ _tag: "ApprovePayment", by: "kate", at: at(3) }, paid())), [])
    assert.strictEqual(
      failure(decide({ _tag: "ApprovePayment", by: "kate", at: at(3) }, placed()))._tag,
      "InvalidTransition"
    )
    const rejected = through(r, () => ({ _tag: "RejectPayment", by: "kate", reason: "wrong amount", at: at(3) }))
    const last = Order.lastPayment(rejected)
    assert.deepStrictEqual(
      [rejected.status, last?.decision, last?.decidedBy, last?.note],
      ["placed", "rejected", "kate", "wrong amount"]
    )
    assert.deepStrictEqual(events(decide({ _tag: "RejectPayment", by: "kate", reason: "x", at: at(4) }, rejected)), [])
    assert.strictEqual(
      failure(decide({ _tag: "RejectPayment", by: "k", reason: "x", at: at(4) }, placed()))._tag,
      "InvalidTransition"
    )
    assert.strictEqual(
      failure(decide({ _tag: "RejectPayment", by: "k", reason: "x", at: at(4) }, paid()))._tag,
      "InvalidTransition"
    )
  })

  it("Fulfil: only a paid order; a retry is a no-op", () => {
    const f = through(paid(), () => ({ _tag: "Fulfil", at: at(5) }))
    assert.deepStrictEqual([f.status, f.updatedAt], ["fulfilled", at(5)])
    assert.deepStrictEqual(events(decide({ _tag: "Fulfil", at: at(6) }, f)), [])
    assert.strictEqual(failure(decide({ _tag: "Fulfil", at: at(6) }, inReview()))._tag, "InvalidTransition")
    assert.strictEqual(Order.holdState(f), "committed")
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
