import { assert, describe, it } from "@effect/vitest"
import { Effect, Result } from "effect"
import { Inventory, ReservationId, Sku, TenantId, timestamp } from "@chatshop/domain"

// Edges of SPEC §3.2 the ledger's callers rely on: each error branch, idempotent retries, the audit rows.
const sku = Sku.make("boot-38")
const r1 = ReservationId.make("r1")
const r2 = ReservationId.make("r2")
const t = (ms: number) => timestamp(ms)

const run = (state: Inventory.StockState, ...commands: ReadonlyArray<Inventory.InventoryCommand>) => {
  let s = state
  for (const c of commands) {
    const d = Inventory.decide(c, s)
    if (Result.isFailure(d)) throw new Error(`fixture rejected: ${d.failure._tag}`)
    for (const e of d.success) s = Inventory.evolve(s, e)
  }
  return s
}
const events = (c: Inventory.InventoryCommand, s: Inventory.StockState) => {
  const d = Inventory.decide(c, s)
  if (Result.isFailure(d)) throw new Error(`expected events, got ${d.failure._tag}`)
  return d.success
}
const failure = (c: Inventory.InventoryCommand, s: Inventory.StockState) => {
  const d = Inventory.decide(c, s)
  if (Result.isSuccess(d)) throw new Error("expected a rejection")
  return d.failure
}

const stocked = run(Inventory.empty(sku), { _tag: "Restock", qty: 10, at: t(1) })
const held = run(stocked, { _tag: "Reserve", reservationId: r1, qty: 3, holdUntil: t(100), at: t(2) })

describe("inventory edges (SPEC §3.2)", () => {
  it("inv-end-once: release and commit end a hold once; the other one is refused naming the status", () => {
    const released = run(held, { _tag: "Release", reservationId: r1, at: t(3) })
    const committed = run(held, { _tag: "Commit", reservationId: r1, at: t(3) })
    const expired = run(held, { _tag: "Expire", now: t(100) })
    assert.deepStrictEqual(events({ _tag: "Release", reservationId: r1, at: t(4) }, released), [])
    assert.deepStrictEqual(events({ _tag: "Commit", reservationId: r1, at: t(4) }, committed), [])
    // Release after expiry is already done; commit after expiry or release, or release after commit, is refused.
    assert.deepStrictEqual(events({ _tag: "Release", reservationId: r1, at: t(101) }, expired), [])
    const cases: ReadonlyArray<[Inventory.InventoryCommand, Inventory.StockState, Inventory.HoldStatus]> = [
      [{ _tag: "Commit", reservationId: r1, at: t(4) }, released, "released"],
      [{ _tag: "Commit", reservationId: r1, at: t(101) }, expired, "expired"],
      [{ _tag: "Release", reservationId: r1, at: t(4) }, committed, "committed"]
    ]
    for (const [command, state, status] of cases) {
      const e = failure(command, state)
      assert.deepStrictEqual(e._tag === "HoldNotActive" && [e.reservationId, e.status], [r1, status], status)
    }
    assert.deepStrictEqual(events({ _tag: "Commit", reservationId: r1, at: t(5) }, held), [
      { _tag: "Committed", reservationId: r1, qty: 3, at: t(5) }
    ])
    assert.deepStrictEqual([committed.onHand, committed.reserved], [7, 0])
    assert.deepStrictEqual([released.onHand, released.reserved], [10, 0])
  })

  it("inv-expire-only-held: an ended hold past its time is not expired again; a live one expires at holdUntil", () => {
    const released = run(held, { _tag: "Release", reservationId: r1, at: t(3) })
    assert.deepStrictEqual(events({ _tag: "Expire", now: t(500) }, released), [])
    assert.deepStrictEqual(events({ _tag: "Expire", now: t(99) }, held), [])
    assert.deepStrictEqual(events({ _tag: "Expire", now: t(100) }, held), [
      { _tag: "Expired", reservationId: r1, qty: 3, at: t(100) }
    ])
  })

  it("inv-noop-retries: adjusting to the same count or setting the same threshold emits nothing", () => {
    assert.deepStrictEqual(events({ _tag: "Adjust", onHand: 10, at: t(3) }, stocked), [])
    assert.deepStrictEqual(events({ _tag: "Adjust", onHand: 12, at: t(3) }, stocked), [
      { _tag: "Adjusted", from: 10, to: 12, at: t(3) }
    ])
    assert.deepStrictEqual(events({ _tag: "SetThreshold", threshold: 0, at: t(3) }, stocked), [])
    assert.deepStrictEqual(events({ _tag: "SetThreshold", threshold: 4, at: t(3) }, stocked), [
      { _tag: "ThresholdSet", threshold: 4, at: t(3) }
    ])
    const set = run(stocked, { _tag: "SetThreshold", threshold: 4, at: t(3) })
    assert.deepStrictEqual([set.lowStockThreshold, set.onHand, set.reserved], [4, 10, 0])
  })

  it("inv-evolve-unknown: an end event for a hold the state never had changes nothing", () => {
    for (const e of [
      { _tag: "Released", reservationId: r2, qty: 3, at: t(3) },
      { _tag: "Expired", reservationId: r2, qty: 3, at: t(3) },
      { _tag: "Committed", reservationId: r2, qty: 3, at: t(3) }
    ] as const) {
      assert.strictEqual(Inventory.evolve(held, e), held)
    }
    const low: Inventory.InventoryEvent = { _tag: "LowStock", available: 1, threshold: 2, at: t(3) }
    assert.strictEqual(Inventory.evolve(held, low), held)
  })

  it("inv-movement-rows: each stock-moving event writes its row; threshold and low-stock events write none", () => {
    const tenant = TenantId.make("t1")
    const row = (e: Inventory.InventoryEvent) => Inventory.movementOf(tenant, sku, e)
    assert.deepStrictEqual(row({ _tag: "Expired", reservationId: r1, qty: 3, at: t(9) }), {
      tenantId: tenant,
      sku,
      at: t(9),
      kind: "expire",
      onHandDelta: 0,
      reservedDelta: -3,
      reservationId: r1
    })
    assert.isUndefined(row({ _tag: "ThresholdSet", threshold: 1, at: t(9) }))
    assert.isUndefined(row({ _tag: "LowStock", available: 1, threshold: 2, at: t(9) }))
  })

  it("inv-invariant-predicates: each predicate rejects exactly the broken state it names", () => {
    const I = Inventory.Invariants
    assert.isTrue(I.nonNegative({ onHand: 0, reserved: 0 }))
    assert.isFalse(I.nonNegative({ onHand: -1, reserved: 0 }))
    assert.isFalse(I.nonNegative({ onHand: 5, reserved: -1 }))
    assert.isTrue(I.reservedWithinOnHand({ onHand: 3, reserved: 3 }))
    assert.isFalse(I.reservedWithinOnHand({ onHand: 2, reserved: 3 }))
    assert.isTrue(I.availableNonNegative({ onHand: 3, reserved: 3 }))
    assert.isFalse(I.availableNonNegative({ onHand: 2, reserved: 3 }))
    assert.isTrue(I.reservedMatchesHolds(held))
    assert.isFalse(I.reservedMatchesHolds({ ...held, reserved: 2 }))
    // A released hold no longer counts.
    assert.isTrue(I.reservedMatchesHolds(run(held, { _tag: "Release", reservationId: r1, at: t(3) })))
    const rows = [
      { onHandDelta: 10, reservedDelta: 0 },
      { onHandDelta: 0, reservedDelta: 3 }
    ]
    assert.isTrue(I.movementsBalance({ onHand: 10, reserved: 3 }, rows))
    assert.isFalse(I.movementsBalance({ onHand: 9, reserved: 3 }, rows))
    assert.isFalse(I.movementsBalance({ onHand: 10, reserved: 2 }, rows))
    const ended = (tag: "Released" | "Expired" | "Committed", id = r1): Inventory.InventoryEvent => ({
      _tag: tag,
      reservationId: id,
      qty: 1,
      at: t(1)
    })
    assert.isTrue(I.eachHoldEndsOnce([ended("Released"), ended("Committed", r2)]))
    assert.isFalse(I.eachHoldEndsOnce([ended("Released"), ended("Committed")]))
    assert.isFalse(I.eachHoldEndsOnce([ended("Expired"), ended("Released")]))
    assert.isFalse(I.eachHoldEndsOnce([ended("Committed"), ended("Expired")]))
    const reserved: Inventory.InventoryEvent = {
      _tag: "Reserved",
      reservationId: r1,
      qty: 1,
      holdUntil: t(9),
      at: t(1)
    }
    assert.isTrue(I.eachHoldEndsOnce([reserved, reserved, ended("Released")]))
    assert.isTrue(I.all(held))
    for (const broken of [
      { ...held, onHand: -1 },
      { ...held, onHand: 2 },
      { ...held, reserved: 2 }
    ]) {
      assert.isFalse(I.all(broken))
    }
  })
})

describe("StockLedger memory edges", () => {
  const tenant = TenantId.make("t1")
  const provide = Effect.provide(Inventory.StockLedger.layerMemory)

  it.effect("ledger-errors: unknown sku and reservation are NotFound naming the entity and id", () =>
    Effect.gen(function* () {
      const ledger = yield* Inventory.StockLedger
      const other = Sku.make("nope")
      for (const e of [
        yield* Effect.flip(ledger.restock(tenant, other, 1)),
        yield* Effect.flip(ledger.adjust(tenant, other, 1)),
        yield* Effect.flip(ledger.reserve(tenant, other, { reservationId: r1, qty: 1, holdUntil: t(9) })),
        yield* Effect.flip(ledger.release(tenant, r2)),
        yield* Effect.flip(ledger.commit(tenant, r2))
      ]) {
        assert.strictEqual(e._tag, "NotFound")
      }
      const nf = yield* Effect.flip(ledger.level(tenant, other))
      assert.deepStrictEqual([nf._tag, nf.entity, nf.id], ["NotFound", "sku", "nope"])
      const nr = yield* Effect.flip(ledger.reservation(tenant, r2))
      assert.deepStrictEqual([nr._tag, nr.entity, nr.id], ["NotFound", "reservation", "r2"])
      const rs = yield* Effect.flip(ledger.restock(tenant, other, 1))
      assert.deepStrictEqual([rs._tag, rs.entity], ["NotFound", "sku"])
    }).pipe(provide)
  )

  it.effect("ledger-open-empty: opening with no stock keeps the threshold and logs no movement", () =>
    Effect.gen(function* () {
      const ledger = yield* Inventory.StockLedger
      const level = yield* ledger.open(tenant, sku, { onHand: 0, lowStockThreshold: 3 })
      assert.deepStrictEqual([level.onHand, level.available, level.lowStockThreshold], [0, 0, 3])
      assert.deepStrictEqual(yield* ledger.movements(tenant, sku), [])
      const restocked = yield* ledger.restock(tenant, sku, 5)
      assert.deepStrictEqual([restocked.level.onHand, (yield* ledger.movements(tenant, sku)).length], [5, 1])
    }).pipe(provide)
  )

  it.effect("ledger-release-after-commit: a late release is a no-op answering the current level", () =>
    Effect.gen(function* () {
      const ledger = yield* Inventory.StockLedger
      yield* ledger.open(tenant, sku, { onHand: 5 })
      yield* ledger.reserve(tenant, sku, { reservationId: r1, qty: 2, holdUntil: t(1_000) })
      yield* ledger.commit(tenant, r1)
      const late = yield* ledger.release(tenant, r1)
      assert.deepStrictEqual(late.events, [])
      assert.deepStrictEqual([late.level.onHand, late.level.reserved, late.level.available], [3, 0, 3])
    }).pipe(provide)
  )

  it.effect("ledger-expire: expires exactly the due held reservations, respects the limit and logs each", () =>
    Effect.gen(function* () {
      const ledger = yield* Inventory.StockLedger
      yield* ledger.open(tenant, sku, { onHand: 10 })
      yield* ledger.reserve(tenant, sku, { reservationId: r1, qty: 1, holdUntil: t(100) })
      yield* ledger.reserve(tenant, sku, { reservationId: r2, qty: 2, holdUntil: t(100) })
      yield* ledger.reserve(tenant, sku, { reservationId: ReservationId.make("r3"), qty: 1, holdUntil: t(101) })
      assert.deepStrictEqual(yield* ledger.expire(t(99)), [])
      const first = yield* ledger.expire(t(100), 1)
      assert.deepStrictEqual(first, [{ id: r1, tenantId: tenant, sku, qty: 1, holdUntil: t(100), status: "expired" }])
      const rest = yield* ledger.expire(t(100))
      assert.deepStrictEqual(
        rest.map((r) => [r.id, r.status]),
        [["r2", "expired"]]
      )
      assert.deepStrictEqual(yield* ledger.expire(t(100), 0), [])
      const level = yield* ledger.level(tenant, sku)
      assert.deepStrictEqual([level.reserved, level.available], [1, 9])
      const kinds = (yield* ledger.movements(tenant, sku)).map((m) => m.kind)
      assert.deepStrictEqual(kinds, ["restock", "reserve", "reserve", "reserve", "expire", "expire"])
      assert.strictEqual((yield* ledger.reservation(tenant, r2)).status, "expired")
    }).pipe(provide)
  )
})
