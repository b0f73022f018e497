import { assert, describe } from "@effect/vitest"
import { Result } from "effect"
import * as fc from "fast-check"
import { Inventory, Sku, TenantId, timestamp } from "@chatshop/domain"
import { InventoryArb, property } from "@chatshop/domain/testing"

const sku = Sku.make("boot-38")
const start = Inventory.empty(sku, 2)

/** Run commands through the decider, keeping rejected ones as no-ops; collect every event. */
const play = (commands: ReadonlyArray<Inventory.InventoryCommand>) => {
  let state = start
  const events: Array<Inventory.InventoryEvent> = []
  const states = [state]
  for (const command of commands) {
    const decided = Inventory.decide(command, state)
    if (Result.isSuccess(decided)) {
      for (const e of decided.success) {
        state = Inventory.evolve(state, e)
        events.push(e)
      }
    }
    states.push(state)
  }
  return { state, events, states }
}

describe("inventory decider (SPEC §3.2)", () => {
  property(
    "inv-invariants: onHand ≥ 0, reserved ≥ 0, reserved ≤ onHand after any commands",
    [InventoryArb.inventoryCommands],
    (commands) => {
      for (const s of play(commands).states) assert.isTrue(Inventory.Invariants.all(s))
    },
    1000
  )

  property(
    "inv-movements: the stock movements add up to onHand and reserved",
    [InventoryArb.inventoryCommands],
    (commands) => {
      const { state, events } = play(commands)
      const movements = events.flatMap((e) => Inventory.movementOf(TenantId.make("t"), sku, e) ?? [])
      assert.isTrue(Inventory.Invariants.movementsBalance(state, movements))
    },
    500
  )

  property(
    "inv-ends-once: a hold is released, expired or committed at most once",
    [InventoryArb.inventoryCommands],
    (commands) => {
      assert.isTrue(Inventory.Invariants.eachHoldEndsOnce(play(commands).events))
    },
    500
  )

  property(
    "inv-idempotent: repeating release or commit changes nothing",
    [InventoryArb.inventoryCommands, InventoryArb.reservationId, fc.boolean()],
    (commands, reservationId, release) => {
      const { state } = play(commands)
      const command = release
        ? ({ _tag: "Release", reservationId, at: timestamp(0) } as const)
        : ({ _tag: "Commit", reservationId, at: timestamp(0) } as const)
      const once = play([...commands, command]).state
      const twice = play([...commands, command, command]).state
      assert.deepStrictEqual([twice.onHand, twice.reserved], [once.onHand, once.reserved])
      assert.isTrue(once.reserved <= state.reserved)
    },
    500
  )

  property(
    "inv-insufficient: reserve beyond available fails and changes nothing",
    [InventoryArb.inventoryCommands, fc.integer({ min: 1, max: 30 })],
    (commands, extra) => {
      const { state } = play(commands)
      const qty = Inventory.available(state) + extra
      const decided = Inventory.decide(
        { _tag: "Reserve", reservationId: "fresh" as never, qty, holdUntil: timestamp(1), at: timestamp(0) },
        state
      )
      assert.isTrue(Result.isFailure(decided))
      if (Result.isFailure(decided)) assert.strictEqual(decided.failure._tag, "InsufficientStock")
    },
    300
  )

  property(
    "inv-expire: after Expire(now) no held reservation has holdUntil ≤ now",
    [InventoryArb.inventoryCommands, InventoryArb.at],
    (commands, now) => {
      const { state } = play([...commands, { _tag: "Expire", now }])
      for (const hold of state.holds.values()) assert.isFalse(hold.status === "held" && hold.holdUntil <= now)
    },
    300
  )

  property(
    "inv-adjust: adjust never sets onHand below reserved",
    [InventoryArb.inventoryCommands, fc.integer({ min: 0, max: 30 })],
    (commands, onHand) => {
      const { state } = play(commands)
      const decided = Inventory.decide({ _tag: "Adjust", onHand, at: timestamp(0) }, state)
      assert.strictEqual(Result.isSuccess(decided), onHand >= state.reserved)
    },
    300
  )

  property(
    "inv-low-stock: LowStock is emitted exactly when available crosses the threshold downward",
    [InventoryArb.inventoryCommands],
    (commands) => {
      let state = start
      for (const command of commands) {
        const decided = Inventory.decide(command, state)
        if (Result.isFailure(decided)) continue
        const before = Inventory.available(state)
        for (const e of decided.success) state = Inventory.evolve(state, e)
        const after = Inventory.available(state)
        const lows = decided.success.filter((e) => e._tag === "LowStock").length
        const crossed = before > state.lowStockThreshold && after <= state.lowStockThreshold
        // SetThreshold moves the line itself, not the stock: it is not a crossing.
        assert.strictEqual(lows, crossed && command._tag !== "SetThreshold" ? 1 : 0)
      }
    },
    500
  )
})
