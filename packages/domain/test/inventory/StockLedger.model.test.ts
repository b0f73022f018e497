import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import * as fc from "fast-check"
import { HOUR, Inventory, ReservationId, Sku, TenantId, timestamp } from "@chatshop/domain"

/** The simple model: a count on hand and a status per reservation id. */
interface Model {
  onHand: number
  holds: Map<string, { qty: number; status: "held" | "released" | "committed" }>
}
interface Real {
  ledger: Inventory.StockLedger["Service"]
}

const tenant = TenantId.make("model")
const sku = Sku.make("sku-1")
const reserved = (m: Model) => [...m.holds.values()].reduce((n, h) => n + (h.status === "held" ? h.qty : 0), 0)
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromiseExit(effect)

class Reserve implements fc.AsyncCommand<Model, Real> {
  readonly id: string
  readonly qty: number
  constructor(id: string, qty: number) {
    this.id = id
    this.qty = qty
  }
  check = () => true
  async run(m: Model, r: Real) {
    const exit = await run(
      r.ledger.reserve(tenant, sku, {
        reservationId: ReservationId.make(this.id),
        qty: this.qty,
        holdUntil: timestamp(HOUR)
      })
    )
    const existing = m.holds.get(this.id)
    if (existing !== undefined) {
      assert.strictEqual(Exit.isSuccess(exit), existing.qty === this.qty)
      return
    }
    const fits = this.qty <= m.onHand - reserved(m)
    assert.strictEqual(Exit.isSuccess(exit), fits)
    if (fits) m.holds.set(this.id, { qty: this.qty, status: "held" })
  }
  toString = () => `reserve(${this.id}, ${this.qty})`
}

class End implements fc.AsyncCommand<Model, Real> {
  readonly id: string
  readonly how: "release" | "commit"
  constructor(id: string, how: "release" | "commit") {
    this.id = id
    this.how = how
  }
  check = () => true
  async run(m: Model, r: Real) {
    const id = ReservationId.make(this.id)
    const exit = await run(this.how === "release" ? r.ledger.release(tenant, id) : r.ledger.commit(tenant, id))
    const hold = m.holds.get(this.id)
    if (hold === undefined) return assert.isTrue(Exit.isFailure(exit))
    const target = this.how === "release" ? "released" : "committed"
    if (hold.status === "held") {
      assert.isTrue(Exit.isSuccess(exit))
      hold.status = target
      if (target === "committed") m.onHand -= hold.qty
    } else if (this.how === "commit") {
      assert.strictEqual(Exit.isSuccess(exit), hold.status === "committed")
    } else {
      assert.isTrue(Exit.isSuccess(exit)) // release after release or commit is a no-op
    }
  }
  toString = () => `${this.how}(${this.id})`
}

class Restock implements fc.AsyncCommand<Model, Real> {
  readonly qty: number
  constructor(qty: number) {
    this.qty = qty
  }
  check = () => true
  async run(m: Model, r: Real) {
    assert.isTrue(Exit.isSuccess(await run(r.ledger.restock(tenant, sku, this.qty))))
    m.onHand += this.qty
  }
  toString = () => `restock(${this.qty})`
}

class Adjust implements fc.AsyncCommand<Model, Real> {
  readonly onHand: number
  constructor(onHand: number) {
    this.onHand = onHand
  }
  check = () => true
  async run(m: Model, r: Real) {
    const exit = await run(r.ledger.adjust(tenant, sku, this.onHand))
    assert.strictEqual(Exit.isSuccess(exit), this.onHand >= reserved(m))
    if (Exit.isSuccess(exit)) m.onHand = this.onHand
  }
  toString = () => `adjust(${this.onHand})`
}

const ids = fc.constantFrom("a", "b", "c", "d")
const commands = fc.commands(
  [
    fc.tuple(ids, fc.integer({ min: 1, max: 5 })).map(([id, qty]) => new Reserve(id, qty)),
    fc.tuple(ids, fc.constantFrom("release" as const, "commit" as const)).map(([id, how]) => new End(id, how)),
    fc.integer({ min: 1, max: 8 }).map((qty) => new Restock(qty)),
    fc.integer({ min: 0, max: 12 }).map((n) => new Adjust(n))
  ],
  { maxCommands: 30 }
)

describe("StockLedger (memory) against a simple model", () => {
  it("model-based: levels and movements agree with the model after every command", async () => {
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const ledger = await Effect.runPromise(Effect.provide(Inventory.StockLedger, Inventory.StockLedger.layerMemory))
        await Effect.runPromise(ledger.open(tenant, sku, { onHand: 5 }))
        const model: Model = { onHand: 5, holds: new Map() }
        await fc.asyncModelRun(() => ({ model, real: { ledger } }), cmds)
        const level = await Effect.runPromise(ledger.level(tenant, sku))
        assert.deepStrictEqual([level.onHand, level.reserved], [model.onHand, reserved(model)])
        const movements = await Effect.runPromise(ledger.movements(tenant, sku))
        assert.isTrue(Inventory.Invariants.movementsBalance(level, movements))
      }),
      { numRuns: 1000 }
    )
  })
})
