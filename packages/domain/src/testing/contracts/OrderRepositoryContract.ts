import { assert, describe, it } from "@effect/vitest"
import { Effect, type Layer, Result } from "effect"
import type { OrderCommand } from "../../order/Commands.ts"
import { run } from "../../order/Decider.ts"
import { makeDraft, type Order, reservationIdFor } from "../../order/Model.ts"
import { OrderRepository } from "../../order/OrderRepository.ts"
import { CustomerId, HOUR, OrderId, type TenantId, timestamp } from "../../shared/Ids.ts"
import { assessment, products } from "../arbitraries/Order.ts"
import { freshId, freshTenant } from "../Fresh.ts"

const at = timestamp(HOUR)

const newDraft = (tenantId: TenantId, customer = "c", createdAt = at): Order =>
  makeDraft({
    id: OrderId.make(freshId("order")),
    tenantId,
    customer: { customerId: CustomerId.make(customer), name: "Dana" },
    currency: "USD",
    at: createdAt
  })

/** Apply commands with the pure decider; a test bug if any is rejected. */
const through = (order: Order, commands: ReadonlyArray<(o: Order) => OrderCommand>): Order => {
  let state = order
  for (const make of commands) {
    const result = run(make(state), state)
    if (Result.isFailure(result)) throw new Error(`fixture command rejected: ${result.failure._tag}`)
    state = result.success.state
  }
  return state
}

const ready = (o: Order) =>
  through(o, [
    () => ({ _tag: "AddLine", line: products[1]!, at }),
    () => ({ _tag: "SetField", field: "city", value: "Almaty", at }),
    () => ({ _tag: "SetField", field: "phone", value: "+7 701 555 44 11", at })
  ])

const place =
  (holdUntil: number) =>
  (o: Order): OrderCommand => ({
    _tag: "Place",
    version: o.version,
    outcomes: o.lines.map((l, i) => ({
      _tag: "Reserved",
      line: i,
      sku: l.sku,
      qty: l.qty,
      reservationId: reservationIdFor(o, i)
    })),
    holdUntil: timestamp(holdUntil),
    at
  })

const pay =
  (reference: string, reused = false) =>
  (): OrderCommand => ({
    _tag: "SubmitPayment",
    evidence: { reference },
    assessment: assessment(1, reused, reference),
    at
  })

const addLine = (o: Order) => run({ _tag: "AddLine", line: products[0]!, at }, o)

/**
 * The OrderRepository contract (SPEC §3.3, §4). Every implementation — memory, PGlite,
 * PostgreSQL — registers this suite with its own Layer; each test works in a tenant of its own.
 */
export const orderRepositoryContract = (name: string, layer: Layer.Layer<OrderRepository, unknown>) =>
  describe(`OrderRepository contract: ${name}`, () => {
    const test = (title: string, body: () => Effect.Effect<void, unknown, OrderRepository>) =>
      it.effect(title, () => body().pipe(Effect.provide(layer)))

    test("create then get round-trips the whole order; creating the same id again fails", () =>
      Effect.gen(function* () {
        const repo = yield* OrderRepository
        const t = freshTenant()
        const order = through(ready(newDraft(t)), [place(5 * HOUR), pay("TX-RT", false)])
        yield* repo.create(order)
        assert.deepStrictEqual(yield* repo.get(t, order.id), order)
        assert.strictEqual((yield* Effect.flip(repo.create(order)))._tag, "OrderExists")
      }))

    test("another tenant's id is NotFound everywhere, and its update function never runs", () =>
      Effect.gen(function* () {
        const repo = yield* OrderRepository
        const t = freshTenant()
        const other = freshTenant()
        const order = yield* repo.create(newDraft(t))
        assert.strictEqual((yield* Effect.flip(repo.get(other, order.id)))._tag, "NotFound")
        let called = false
        const failure = yield* Effect.flip(
          repo.update(other, order.id, (o) => {
            called = true
            return addLine(o)
          })
        )
        assert.strictEqual(failure._tag, "NotFound")
        assert.isFalse(called)
        assert.deepStrictEqual(yield* repo.list(other), [])
        assert.strictEqual((yield* repo.get(t, order.id)).version, 0)
      }))

    test("list filters by status and customer, oldest first", () =>
      Effect.gen(function* () {
        const repo = yield* OrderRepository
        const t = freshTenant()
        const late = yield* repo.create(newDraft(t, "ann", timestamp(3 * HOUR)))
        const early = yield* repo.create(through(ready(newDraft(t, "bob", timestamp(2 * HOUR))), [place(9 * HOUR)]))
        const mid = yield* repo.create(newDraft(t, "bob", timestamp(2 * HOUR + 1)))
        const ids = (os: ReadonlyArray<Order>) => os.map((o) => o.id)
        assert.deepStrictEqual(ids(yield* repo.list(t)), [early.id, mid.id, late.id])
        assert.deepStrictEqual(ids(yield* repo.list(t, { status: "draft" })), [mid.id, late.id])
        assert.deepStrictEqual(ids(yield* repo.list(t, { customerId: CustomerId.make("bob") })), [early.id, mid.id])
        assert.deepStrictEqual(ids(yield* repo.list(t, { status: "placed", customerId: CustomerId.make("ann") })), [])
      }))

    test("update writes the new state and returns its events; a rejection writes nothing", () =>
      Effect.gen(function* () {
        const repo = yield* OrderRepository
        const t = freshTenant()
        const order = yield* repo.create(newDraft(t))
        const change = yield* repo.update(t, order.id, addLine)
        assert.deepStrictEqual(
          change.events.map((e) => e._tag),
          ["LineAdded"]
        )
        assert.deepStrictEqual(yield* repo.get(t, order.id), change.state)
        assert.strictEqual(change.state.version, 1)
        const rejected = yield* Effect.flip(
          repo.update(t, order.id, (o) => run({ _tag: "RemoveLine", line: 7, at }, o))
        )
        assert.strictEqual(rejected._tag, "LineNotFound")
        const noop = yield* repo.update(t, order.id, () => Result.succeed({ state: order, events: [] }))
        assert.deepStrictEqual(noop.events, [])
        assert.deepStrictEqual(yield* repo.get(t, order.id), change.state)
      }))

    test("concurrent updates of one order serialise: none is lost", () =>
      Effect.gen(function* () {
        const repo = yield* OrderRepository
        const t = freshTenant()
        const order = yield* repo.create(newDraft(t))
        yield* Effect.all(
          Array.from({ length: 30 }, () => repo.update(t, order.id, addLine)),
          { concurrency: "unbounded" }
        )
        const stored = yield* repo.get(t, order.id)
        assert.deepStrictEqual([stored.lines.length, stored.version], [30, 30])
      }))

    test("findByPaymentReference finds the claiming order by the normalised reference, in its tenant only", () =>
      Effect.gen(function* () {
        const repo = yield* OrderRepository
        const t = freshTenant()
        const order = yield* repo.create(through(ready(newDraft(t)), [place(5 * HOUR)]))
        const ref = `TX-${freshId("ref")}`
        yield* repo.update(t, order.id, (o) => run(pay(ref)(), o))
        const found = yield* repo.findByPaymentReference(t, ref.toLowerCase().replace("-", " "))
        assert.deepStrictEqual(
          found.map((o) => o.id),
          [order.id]
        )
        assert.deepStrictEqual(yield* repo.findByPaymentReference(freshTenant(), ref), [])
        assert.deepStrictEqual(yield* repo.findByPaymentReference(t, "NEVER-USED"), [])
      }))

    test("a payment reference is claimed by one order of a tenant, even under concurrent writes", () =>
      Effect.gen(function* () {
        const repo = yield* OrderRepository
        const t = freshTenant()
        const ref = `TX-${freshId("ref")}`
        const orders = yield* Effect.all(
          Array.from({ length: 6 }, () => repo.create(through(ready(newDraft(t)), [place(5 * HOUR)])))
        )
        const results = yield* Effect.all(
          orders.map((o) => Effect.result(repo.update(t, o.id, (cur) => run(pay(ref)(), cur)))),
          { concurrency: "unbounded" }
        )
        const won = results.filter(Result.isSuccess)
        assert.strictEqual(won.length, 1)
        for (const r of results) if (Result.isFailure(r)) assert.strictEqual(r.failure._tag, "PaymentReferenceTaken")
        const winner = won[0]!.success.state.id
        // A submission already flagged as reused claims nothing, so a loser can store it.
        const loser = orders.find((o) => o.id !== winner)!
        const flagged = yield* repo.update(t, loser.id, (cur) => run(pay(ref, true)(), cur))
        assert.strictEqual(flagged.state.status, "payment_review")
        const owners = yield* repo.findByPaymentReference(t, ref)
        assert.deepStrictEqual(
          owners.map((o) => o.id),
          [winner]
        )
        // Another shop may use the same transaction id.
        const elsewhere = freshTenant()
        const theirs = yield* repo.create(through(ready(newDraft(elsewhere)), [place(5 * HOUR)]))
        yield* repo.update(elsewhere, theirs.id, (cur) => run(pay(ref)(), cur))
      }))

    test("listExpiring returns placed orders whose hold lapsed, earliest first, up to the limit", () =>
      Effect.gen(function* () {
        const repo = yield* OrderRepository
        const t = freshTenant()
        const soon = yield* repo.create(through(ready(newDraft(t)), [place(2 * HOUR)]))
        const sooner = yield* repo.create(through(ready(newDraft(t)), [place(2 * HOUR - 1)]))
        yield* repo.create(through(ready(newDraft(t)), [place(2 * HOUR + 1)]))
        yield* repo.create(through(ready(newDraft(t)), [place(HOUR + 1), pay(`TX-${freshId("p")}`)]))
        yield* repo.create(newDraft(t))
        const due = (yield* repo.listExpiring(timestamp(2 * HOUR), 100_000)).filter((o) => o.tenantId === t)
        assert.deepStrictEqual(
          due.map((o) => o.id),
          [sooner.id, soon.id]
        )
        assert.isAtMost((yield* repo.listExpiring(timestamp(2 * HOUR), 1)).length, 1)
        assert.strictEqual((yield* repo.listExpiring(timestamp(2 * HOUR), 0)).length, 0)
      }))
  })
