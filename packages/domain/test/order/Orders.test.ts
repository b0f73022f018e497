import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import { CustomerId, HOUR, Inventory, Order, OrderId, Sku, TenantId, timestamp } from "@chatshop/domain"
import { OrderArb } from "@chatshop/domain/testing"

const t = TenantId.make("shop")
const [boot, bag] = [OrderArb.products[0]!, OrderArb.products[1]!]
const terms: Order.OrderTerms = {
  holdHours: 2,
  paymentAutoAcceptThreshold: 0.8,
  paymentRecipients: ["Aigerim Kassymova"]
}
const layer = Order.Orders.layer.pipe(
  Layer.provideMerge(Layer.mergeAll(Order.OrderRepository.layerMemory, Inventory.StockLedger.layerMemory)),
  Layer.provide(Layer.succeed(Order.OrderPolicy, { forTenant: () => Effect.succeed(terms) }))
)
const test = (
  title: string,
  body: () => Effect.Effect<void, unknown, Order.Orders | Inventory.StockLedger | Order.OrderRepository>
) => it.effect(title, () => body().pipe(Effect.provide(layer)))

/** A draft with the given lines, city and phone, and stock opened as given. */
const setup = (id: string, lines: ReadonlyArray<Order.LineSpec>, stock: Record<string, number> = {}) =>
  Effect.gen(function* () {
    const orders = yield* Order.Orders
    const ledger = yield* Inventory.StockLedger
    for (const [sku, onHand] of Object.entries(stock)) yield* ledger.open(t, Sku.make(sku), { onHand })
    const oid = OrderId.make(id)
    yield* orders.draft(t, {
      id: oid,
      customer: { customerId: CustomerId.make("c1"), phone: "+77015554411" },
      currency: "USD"
    })
    for (const line of lines) yield* orders.addLine(t, oid, line)
    yield* orders.setField(t, oid, { field: "city", value: "Almaty" })
    return oid
  })

const level = (sku: Sku) => Effect.flatMap(Inventory.StockLedger, (l) => l.level(t, sku))
const evidence = (amount: number, reference = "TX-1") => ({
  amount: { amount, currency: "USD" as const },
  recipient: "Aigerim Kassymova",
  reference,
  date: timestamp(HOUR)
})

describe("Orders service (SPEC §3.3 with the StockLedger)", () => {
  test("ord-svc-place: placing holds every line until now + holdHours", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(5 * HOUR)
      const orders = yield* Order.Orders
      const id = yield* setup("o1", [{ ...bag, qty: 2 }], { bag: 3 })
      const { state, events } = yield* orders.place(t, id)
      assert.deepStrictEqual([state.status, state.holdUntil, state.placedAt], ["placed", 7 * HOUR, 5 * HOUR])
      assert.deepStrictEqual(
        events.map((e) => e._tag),
        ["OrderPlaced"]
      )
      const hold = yield* Effect.flatMap(Inventory.StockLedger, (l) =>
        l.reservation(t, Order.reservationsOf(state)[0]!)
      )
      assert.deepStrictEqual([hold.qty, hold.holdUntil, hold.status], [2, 7 * HOUR, "held"])
      assert.strictEqual((yield* level(bag.sku)).available, 1)
    }))

  test("ord-svc-short: a short line keeps the order draft naming it, and the other holds are released", () =>
    Effect.gen(function* () {
      const orders = yield* Order.Orders
      const id = yield* setup(
        "o2",
        [
          { ...bag, qty: 2 },
          { ...boot, qty: 2, size: "38", color: "red" }
        ],
        { bag: 5, boot: 1 }
      )
      const failure = yield* Effect.flip(orders.place(t, id))
      assert.strictEqual(failure._tag, "InsufficientStockForOrder")
      if (failure._tag === "InsufficientStockForOrder") {
        assert.deepStrictEqual(failure.lines, [{ line: 1, sku: boot.sku, requested: 2, available: 1 }])
      }
      const stored = yield* Effect.flatMap(Order.OrderRepository, (r) => r.get(t, id))
      assert.deepStrictEqual([stored.status, stored.shortage.length], ["draft", 1])
      assert.deepStrictEqual([(yield* level(bag.sku)).reserved, (yield* level(boot.sku)).reserved], [0, 0])
      yield* Effect.flatMap(Inventory.StockLedger, (l) => l.restock(t, boot.sku, 1))
      const placed = yield* orders.place(t, id)
      assert.strictEqual(placed.state.status, "placed")
      assert.deepStrictEqual([(yield* level(bag.sku)).reserved, (yield* level(boot.sku)).reserved], [2, 2])
    }))

  test("ord-svc-unknown-sku: a sku the ledger does not know is short with nothing available", () =>
    Effect.gen(function* () {
      const id = yield* setup("o3", [bag])
      const failure = yield* Effect.flip(Effect.flatMap(Order.Orders, (o) => o.place(t, id)))
      assert.deepStrictEqual(failure._tag === "InsufficientStockForOrder" && failure.lines[0]?.available, 0)
    }))

  test("ord-svc-fields-first: missing fields fail before any stock is reserved", () =>
    Effect.gen(function* () {
      const orders = yield* Order.Orders
      const id = yield* setup("o4", [boot], { boot: 3 })
      const failure = yield* Effect.flip(orders.place(t, id))
      assert.deepStrictEqual(failure._tag === "MissingFields" && failure.fields, ["size:0", "color:0"])
      assert.strictEqual((yield* level(boot.sku)).reserved, 0)
      assert.strictEqual((yield* Effect.flip(orders.place(t, yield* setup("o5", []))))._tag, "EmptyOrder")
    }))

  test("ord-svc-place-idempotent: placing twice, even concurrently, takes one set of holds", () =>
    Effect.gen(function* () {
      const orders = yield* Order.Orders
      const id = yield* setup("o6", [{ ...bag, qty: 2 }], { bag: 10 })
      const results = yield* Effect.all([orders.place(t, id), orders.place(t, id)], { concurrency: "unbounded" })
      assert.deepStrictEqual(
        results.map((r) => r.state.status),
        ["placed", "placed"]
      )
      yield* orders.place(t, id)
      assert.strictEqual((yield* level(bag.sku)).reserved, 2)
    }))

  test("ord-svc-cancel: cancel releases the holds; a second cancel changes nothing; paid orders cannot cancel", () =>
    Effect.gen(function* () {
      const orders = yield* Order.Orders
      const id = yield* setup("o7", [{ ...bag, qty: 2 }], { bag: 4 })
      yield* orders.place(t, id)
      const { state } = yield* orders.cancel(t, id, "changed mind")
      assert.strictEqual(state.status, "cancelled")
      const again = yield* orders.cancel(t, id, "again")
      assert.deepStrictEqual(again.events, [])
      const l = yield* level(bag.sku)
      assert.deepStrictEqual([l.onHand, l.reserved], [4, 0])
      const paidId = yield* setup("o8", [bag])
      yield* orders.place(t, paidId)
      yield* orders.submitPayment(t, paidId, evidence(12_000, "TX-8"))
      assert.strictEqual((yield* Effect.flip(orders.cancel(t, paidId, "x")))._tag, "InvalidTransition")
    }))

  test("ord-svc-expire: the sweeper expires lapsed placed orders only and releases their holds", () =>
    Effect.gen(function* () {
      const orders = yield* Order.Orders
      const first = yield* setup("o9", [bag], { bag: 5 })
      yield* orders.place(t, first)
      yield* TestClock.adjust(HOUR)
      const second = yield* setup("o10", [bag])
      yield* orders.place(t, second)
      const paidId = yield* setup("o11", [bag])
      yield* orders.place(t, paidId)
      yield* orders.submitPayment(t, paidId, evidence(12_000, "TX-11"))
      assert.deepStrictEqual(yield* orders.expireLapsed(), [])
      yield* TestClock.adjust(HOUR)
      const expired = yield* orders.expireLapsed()
      assert.deepStrictEqual(
        expired.map((o) => [o.id, o.status]),
        [[first, "expired"]]
      )
      const l = yield* level(bag.sku)
      assert.deepStrictEqual([l.onHand, l.reserved], [4, 1])
      yield* TestClock.adjust(HOUR)
      assert.deepStrictEqual(
        (yield* orders.expireLapsed(1)).map((o) => o.id),
        [second]
      )
      assert.deepStrictEqual(yield* orders.expireLapsed(), [])
    }))

  test("ord-svc-pay-auto: matching evidence pays automatically and commits the holds", () =>
    Effect.gen(function* () {
      const orders = yield* Order.Orders
      const id = yield* setup("o12", [{ ...bag, qty: 2 }], { bag: 5 })
      yield* orders.place(t, id)
      const { state, events } = yield* orders.submitPayment(t, id, evidence(24_000))
      assert.deepStrictEqual(
        events.map((e) => e._tag),
        ["PaymentSubmitted", "PaymentAccepted"]
      )
      assert.strictEqual(Order.lastPayment(state)?.assessment.score, 1)
      const l = yield* level(bag.sku)
      assert.deepStrictEqual([l.onHand, l.reserved], [3, 0])
      const retry = yield* orders.submitPayment(t, id, evidence(24_000))
      assert.deepStrictEqual(retry.events, [])
      assert.strictEqual((yield* level(bag.sku)).onHand, 3)
      const fulfilled = yield* orders.fulfil(t, id)
      assert.strictEqual(fulfilled.state.status, "fulfilled")
    }))

  test("ord-svc-review: weak evidence goes to review holding stock; staff approve commits, reject returns to placed", () =>
    Effect.gen(function* () {
      const orders = yield* Order.Orders
      const a = yield* setup("o13", [bag], { bag: 5 })
      const b = yield* setup("o14", [bag])
      yield* orders.place(t, a)
      yield* orders.place(t, b)
      const weak = yield* orders.submitPayment(t, a, { ...evidence(11_000), reference: "TX-13" })
      assert.strictEqual(weak.state.status, "payment_review")
      assert.strictEqual((yield* level(bag.sku)).reserved, 2)
      const approved = yield* orders.approve(t, a, "kate")
      assert.strictEqual(approved.state.status, "paid")
      yield* orders.submitPayment(t, b, { amount: { amount: 12_000, currency: "USD" } })
      const rejected = yield* orders.reject(t, b, "kate", "no proof")
      assert.strictEqual(rejected.state.status, "placed")
      const l = yield* level(bag.sku)
      assert.deepStrictEqual([l.onHand, l.reserved], [4, 1])
    }))

  test("ord-svc-reused: a reference already used on another order is never accepted, not even by staff", () =>
    Effect.gen(function* () {
      const orders = yield* Order.Orders
      const a = yield* setup("o15", [bag], { bag: 5 })
      const b = yield* setup("o16", [bag])
      yield* orders.place(t, a)
      yield* orders.place(t, b)
      yield* orders.submitPayment(t, a, evidence(12_000, "TX-77"))
      const second = yield* orders.submitPayment(t, b, evidence(12_000, "tx 77"))
      assert.strictEqual(second.state.status, "payment_review")
      assert.deepStrictEqual(Order.lastPayment(second.state)?.assessment.reasons, ["reference_reused"])
      assert.strictEqual((yield* Effect.flip(orders.approve(t, b, "kate")))._tag, "ReferenceReused")
      assert.strictEqual((yield* level(bag.sku)).reserved, 1)
    }))

  test("ord-svc-reused-race: two orders submitting one reference at once: at most one is paid", () =>
    Effect.gen(function* () {
      const orders = yield* Order.Orders
      const ids = [yield* setup("o17", [bag], { bag: 5 }), yield* setup("o18", [bag])]
      for (const id of ids) yield* orders.place(t, id)
      const results = yield* Effect.all(
        ids.map((id) => orders.submitPayment(t, id, evidence(12_000, "TX-RACE"))),
        { concurrency: "unbounded" }
      )
      assert.deepStrictEqual(results.map((r) => r.state.status).sort(), ["paid", "payment_review"])
    }))

  test("ord-svc-tenant: another tenant's order is NotFound; drafting an existing id returns it", () =>
    Effect.gen(function* () {
      const orders = yield* Order.Orders
      const id = yield* setup("o19", [bag])
      assert.strictEqual((yield* Effect.flip(orders.place(TenantId.make("other"), id)))._tag, "NotFound")
      assert.strictEqual((yield* Effect.flip(orders.cancel(TenantId.make("other"), id, "x")))._tag, "NotFound")
      const again = yield* orders.draft(t, { id, customer: { customerId: CustomerId.make("c2") }, currency: "USD" })
      assert.deepStrictEqual([again.lines.length, again.customer.customerId], [1, "c1"])
    }))
})

/** A repository whose reference lookup sees nothing: the race where another order claims it meanwhile. */
const blindRepository = Layer.effect(
  Order.OrderRepository,
  Effect.map(Order.OrderRepository, (inner) =>
    Order.OrderRepository.of({ ...inner, findByPaymentReference: () => Effect.succeed([]) })
  )
).pipe(Layer.provide(Order.OrderRepository.layerMemory))

describe("Orders service races", () => {
  it.effect("ord-svc-reused-late: a reference claimed between lookup and write still goes to review as reused", () =>
    Effect.gen(function* () {
      const orders = yield* Order.Orders
      const a = yield* setup("r1", [bag], { bag: 5 })
      const b = yield* setup("r2", [bag])
      yield* orders.place(t, a)
      yield* orders.place(t, b)
      assert.strictEqual((yield* orders.submitPayment(t, a, evidence(12_000, "TX-LATE"))).state.status, "paid")
      const late = yield* orders.submitPayment(t, b, evidence(12_000, "TX-LATE"))
      assert.strictEqual(late.state.status, "payment_review")
      assert.isTrue(Order.lastPayment(late.state)?.assessment.referenceReused)
      assert.strictEqual((yield* level(bag.sku)).reserved, 1)
    }).pipe(
      Effect.provide(
        Order.Orders.layer.pipe(
          Layer.provideMerge(Layer.mergeAll(blindRepository, Inventory.StockLedger.layerMemory)),
          Layer.provide(Layer.succeed(Order.OrderPolicy, { forTenant: () => Effect.succeed(terms) }))
        )
      )
    )
  )
})

describe("Orders service defaults", () => {
  it.effect(
    "ord-svc-default-policy: without an OrderPolicy, holds last 24 h and nothing auto-accepts without recipients",
    () =>
      Effect.gen(function* () {
        const orders = yield* Order.Orders
        yield* Effect.flatMap(Inventory.StockLedger, (l) => l.open(t, bag.sku, { onHand: 2 }))
        const id = OrderId.make("d1")
        yield* orders.draft(t, {
          id,
          customer: { customerId: CustomerId.make("c"), phone: "+77015554411" },
          currency: "USD"
        })
        yield* orders.addLine(t, id, bag)
        yield* orders.setField(t, id, { field: "city", value: "Almaty" })
        const { state } = yield* orders.place(t, id)
        assert.strictEqual(state.holdUntil, 24 * HOUR)
        const paid = yield* orders.submitPayment(t, id, evidence(12_000))
        assert.deepStrictEqual(Order.lastPayment(paid.state)?.assessment.score, 0.75)
        assert.strictEqual(paid.state.status, "payment_review")
        assert.strictEqual((yield* Effect.flip(orders.removeLine(t, id, 0)))._tag, "InvalidTransition")
      }).pipe(Effect.provide(Order.Orders.layerMemory))
  )
})
