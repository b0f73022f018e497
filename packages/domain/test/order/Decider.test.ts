import { assert, describe } from "@effect/vitest"
import { Result } from "effect"
import { Decider, Order, Payment } from "@chatshop/domain"
import { OrderArb, property } from "@chatshop/domain/testing"
import { play } from "./helpers.ts"

const tagOf = (r: Result.Result<ReadonlyArray<Order.OrderEvent>, Order.OrderError>) =>
  Result.isFailure(r) ? r.failure._tag : r.success.map((e) => e._tag).join(",")

describe("order decider (SPEC §3.3)", () => {
  property(
    "ord-invariants: every reachable order keeps the order invariants and moves only along §3.3 transitions",
    [OrderArb.steps],
    (steps) => {
      for (const { before, after } of play(steps).trace) {
        assert.isTrue(Order.Invariants.all(after), JSON.stringify(after))
        assert.isTrue(
          Order.Invariants.allowedTransition(before.status, after.status),
          `${before.status}→${after.status}`
        )
      }
    },
    1000
  )

  property(
    "ord-holds-end-once: payment commits the order's holds, cancel/expiry release them, never both",
    [OrderArb.steps],
    (steps) => {
      const { events, state } = play(steps)
      assert.isTrue(Order.Invariants.holdsEndOnce(events))
      const ids = Order.reservationsOf(state)
      for (const e of events) {
        if (e._tag === "PaymentAccepted") assert.deepStrictEqual(e.committed, ids)
        if (e._tag === "OrderCancelled" || e._tag === "OrderExpired") assert.deepStrictEqual(e.released, ids)
      }
    },
    1000
  )

  property(
    "ord-draft-only: lines and fields change only while the order is a draft",
    [OrderArb.steps],
    (steps) => {
      for (const { command, before, decision } of play(steps).trace) {
        const edit = command._tag === "AddLine" || command._tag === "RemoveLine" || command._tag === "SetField"
        if (edit && before.status !== "draft") assert.strictEqual(tagOf(decision), "InvalidTransition")
      }
    },
    500
  )

  property(
    "ord-place: a draft is placed only with every required field and every line reserved; a short line keeps it draft naming the line",
    [OrderArb.steps],
    (steps) => {
      for (const { command, before, after, decision } of play(steps).trace) {
        if (command._tag !== "Place" || before.status !== "draft") continue
        const missing = Order.missingFields(before)
        const short = command.outcomes.filter((o) => o._tag === "Short").map((o) => o.line)
        if (before.lines.length === 0) assert.strictEqual(tagOf(decision), "EmptyOrder")
        else if (missing.length > 0) assert.strictEqual(tagOf(decision), "MissingFields")
        else if (short.length > 0) {
          assert.strictEqual(tagOf(decision), "PlacementFailed")
          assert.strictEqual(after.status, "draft")
          assert.deepStrictEqual(
            after.shortage.map((s) => s.line),
            short
          )
          assert.deepStrictEqual(Order.reservationsOf(after), [])
        } else {
          assert.strictEqual(tagOf(decision), "OrderPlaced")
          assert.strictEqual(after.status, "placed")
          assert.strictEqual(after.holdUntil, command.holdUntil)
          assert.strictEqual(Order.reservationsOf(after).length, before.lines.length)
        }
      }
    },
    1000
  )

  property(
    "ord-place-idempotent: placing an order that is already placed (or beyond) changes nothing",
    [OrderArb.steps],
    (steps) => {
      for (const { command, before, decision } of play(steps).trace) {
        if (command._tag === "Place" && ["placed", "payment_review", "paid", "fulfilled"].includes(before.status)) {
          assert.strictEqual(tagOf(decision), "")
        }
      }
    },
    500
  )

  property(
    "ord-cancel: draft and placed orders cancel releasing exactly their holds; later states refuse",
    [OrderArb.steps],
    (steps) => {
      for (const { command, before, after, decision } of play(steps).trace) {
        if (command._tag !== "Cancel") continue
        if (before.status === "draft" || before.status === "placed") {
          assert.strictEqual(after.status, "cancelled")
          assert.strictEqual(Order.holdState(after), before.status === "placed" ? "released" : "none")
        } else if (before.status === "cancelled") assert.strictEqual(tagOf(decision), "")
        else assert.strictEqual(tagOf(decision), "InvalidTransition")
      }
    },
    500
  )

  property(
    "ord-expire: only a placed order whose hold lapsed (holdUntil ≤ now) expires, releasing its holds",
    [OrderArb.steps],
    (steps) => {
      for (const { command, before, after } of play(steps).trace) {
        if (command._tag !== "Expire" || before.status === "expired") continue
        const lapsed = before.status === "placed" && before.holdUntil !== null && before.holdUntil <= command.now
        assert.strictEqual(after.status === "expired", lapsed)
        if (lapsed) assert.strictEqual(Order.holdState(after), "released")
      }
    },
    500
  )

  property(
    "ord-payment-auto: submitted evidence pays the order exactly when its assessment is accepted, else goes to review",
    [OrderArb.steps],
    (steps) => {
      for (const { command, before, after } of play(steps).trace) {
        if (command._tag !== "SubmitPayment") continue
        if (before.status !== "placed" && before.status !== "payment_review") continue
        const accepted = Payment.isAccepted(command.assessment)
        assert.strictEqual(after.status, accepted ? "paid" : "payment_review")
        assert.strictEqual(Order.lastPayment(after)?.decision, accepted ? "accepted" : "review")
        if (accepted) assert.strictEqual(Order.holdState(after), "committed")
      }
    },
    1000
  )

  property(
    "ord-payment-reused: a reused reference never pays an order, neither automatically nor by staff approval",
    [OrderArb.steps],
    (steps) => {
      for (const { command, before, after, decision } of play(steps).trace) {
        const paidBefore = before.status === "paid" || before.status === "fulfilled"
        if (command._tag === "SubmitPayment" && command.assessment.referenceReused && !paidBefore) {
          assert.notStrictEqual(after.status, "paid")
        }
        if (command._tag === "ApprovePayment" && before.status === "payment_review") {
          const reused = Order.lastPayment(before)?.assessment.referenceReused === true
          assert.strictEqual(tagOf(decision), reused ? "ReferenceReused" : "PaymentAccepted")
        }
      }
    },
    1000
  )

  property(
    "ord-review: staff approve (→ paid) or reject (→ placed) only an order under payment review",
    [OrderArb.steps],
    (steps) => {
      for (const { command, before, after } of play(steps).trace) {
        if (command._tag === "RejectPayment" && before.status === "payment_review") {
          assert.strictEqual(after.status, "placed")
          assert.strictEqual(Order.lastPayment(after)?.decision, "rejected")
        }
        if (command._tag === "RejectPayment" && before.status !== "payment_review") {
          assert.strictEqual(after.status, before.status)
        }
        if (command._tag === "ApprovePayment" && before.status !== "payment_review") {
          assert.strictEqual(after.status, before.status)
        }
        if (command._tag === "Fulfil") {
          assert.strictEqual(after.status, before.status === "paid" ? "fulfilled" : before.status)
        }
      }
    },
    500
  )

  property(
    "ord-version: every event moves the version by one and stamps updatedAt; replaying the events rebuilds the order",
    [OrderArb.steps],
    (steps) => {
      const { trace, events, state } = play(steps)
      for (const { before, after, decision } of trace) {
        const n = Result.isSuccess(decision) ? decision.success.length : 0
        assert.strictEqual(after.version, before.version + n)
        if (n > 0) assert.isAbove(after.updatedAt, before.updatedAt)
      }
      const d = Order.decider({
        id: OrderArb.orderId,
        tenantId: OrderArb.tenantId,
        customer: { customerId: OrderArb.customerId },
        currency: "USD",
        at: OrderArb.draft().createdAt
      })
      assert.deepStrictEqual(Decider.replay(d, events), state)
    },
    500
  )
})
