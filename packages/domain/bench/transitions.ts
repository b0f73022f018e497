// B4 (SPEC §8): decider transitions per second. A transition is one decide + evolve of a command.
import { Result } from "effect"
import * as fc from "fast-check"
import { Conversation, HOUR, Inventory, Offer, Order, ReservationId, Sku, timestamp } from "@chatshop/domain"
import { ConversationArb, OfferArb, OrderArb } from "@chatshop/domain/testing"

export interface Workload {
  readonly name: string
  /** Runs `n` transitions and returns how many commands were accepted (so nothing is optimised away). */
  readonly run: (n: number) => number
}

// A valid stream (restock, reserve, commit or release), so every command is a transition. Rejections
// allocate an Error with a stack trace and are measured apart (see `rejectionsPerSecond`).
// A sku carries a handful of holds at a time; start a fresh sku every 32 commands.
const segment = 32
const reservationIds = Array.from({ length: segment }, (_, i) => ReservationId.make(`r${i}`))

const inventoryWorkload: Workload = {
  name: "inventory",
  run: (n) => {
    const sku = Sku.make("bench")
    let state = Inventory.empty(sku, 3)
    let accepted = 0
    for (let i = 0; i < n; i++) {
      const step = i % segment
      if (step === 0) state = Inventory.empty(sku, 3)
      const id = reservationIds[step >> 2]!
      const at = timestamp(i)
      const command: Inventory.InventoryCommand =
        (step & 3) === 0
          ? { _tag: "Restock", qty: 2, at }
          : (step & 3) === 1
            ? { _tag: "Reserve", reservationId: id, qty: 1, holdUntil: timestamp(i + HOUR), at }
            : (step & 3) === 2
              ? { _tag: "Commit", reservationId: id, at }
              : {
                  _tag: "Reserve",
                  reservationId: reservationIds[(step >> 2) + 1] ?? id,
                  qty: 1,
                  holdUntil: timestamp(i),
                  at
                }
      const decided = Inventory.decide(command, state)
      if (Result.isSuccess(decided)) {
        accepted++
        for (const e of decided.success) state = Inventory.evolve(state, e)
      }
    }
    return accepted
  }
}

/** Rejected commands per second: each builds a typed error (an Error with a stack trace). */
export const benchRejections = (n = 100_000): number => {
  const state = Inventory.empty(Sku.make("bench"), 0)
  const command: Inventory.InventoryCommand = {
    _tag: "Reserve",
    reservationId: ReservationId.make("x"),
    qty: 1,
    holdUntil: timestamp(1),
    at: timestamp(0)
  }
  const t0 = performance.now()
  for (let i = 0; i < n; i++) Inventory.decide(command, state)
  return Math.round(n / ((performance.now() - t0) / 1000))
}

/**
 * Histories drawn from the testing kit's arbitraries (fixed seed), kept to the commands each
 * decider accepts: replaying them times only transitions, for machines whose streams are richer
 * than a hand-written loop.
 */
const replayWorkload = <S, C, E>(
  name: string,
  histories: ReadonlyArray<{ readonly start: S; readonly commands: ReadonlyArray<(s: S) => C> }>,
  decide: (c: C, s: S) => Result.Result<ReadonlyArray<E>, unknown>,
  evolve: (s: S, e: E) => S
): Workload => {
  const accepted = histories.map(({ start, commands }) => {
    let state = start
    const kept: Array<(s: S) => C> = []
    for (const make of commands) {
      const decided = decide(make(state), state)
      if (Result.isFailure(decided)) continue
      kept.push(make)
      for (const e of decided.success) state = evolve(state, e)
    }
    return { start, commands: kept }
  })
  return {
    name,
    run: (n) => {
      let done = 0
      for (let h = 0; done < n; h = (h + 1) % accepted.length) {
        const { start, commands } = accepted[h]!
        let state = start
        for (const make of commands) {
          const decided = decide(make(state), state)
          if (Result.isSuccess(decided)) for (const e of decided.success) state = evolve(state, e)
          done++
        }
        if (commands.length === 0) done++
      }
      return done
    }
  }
}

const seed = 20261122
const offerWorkload = replayWorkload(
  "offer",
  fc.sample(OfferArb.offerHistory, { numRuns: 500, seed }).map(([create, commands]) => ({
    start: undefined as Offer.OfferState,
    commands: [create, ...commands].map((c) => () => c)
  })),
  Offer.decide,
  Offer.evolve
)

const conversationWorkload = replayWorkload(
  "conversation",
  fc.sample(ConversationArb.conversationCommands, { numRuns: 500, seed }).map((commands) => ({
    start: ConversationArb.start,
    commands: commands.map((c) => () => c)
  })),
  Conversation.decide,
  Conversation.evolve
)

const orderWorkload = replayWorkload(
  "order",
  fc.sample(OrderArb.steps, { numRuns: 500, seed }).map((steps) => ({
    start: OrderArb.draft(),
    commands: steps.map((step, i) => (order: Order.Order) => OrderArb.materialize(step, order, timestamp(i * 60_000)))
  })),
  Order.decide,
  Order.evolve
)

export const workloads: Array<Workload> = [inventoryWorkload, orderWorkload, offerWorkload, conversationWorkload]

/** Transitions per second over all workloads, best of `rounds` (warm JIT). */
export const benchTransitions = (n = 1_000_000, rounds = 5) => {
  const perWorkload: Record<string, number> = {}
  for (const w of workloads) {
    w.run(n / 10) // warm-up
    let best = Number.POSITIVE_INFINITY
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now()
      w.run(n)
      best = Math.min(best, performance.now() - t0)
    }
    perWorkload[w.name] = Math.round(n / (best / 1000))
  }
  const rates = Object.values(perWorkload)
  const harmonic = Math.round(rates.length / rates.reduce((s, r) => s + 1 / r, 0))
  return { transitionsPerSecond: harmonic, perWorkload }
}
