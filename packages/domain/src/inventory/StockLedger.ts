import { Clock, Context, Effect, Layer, Result } from "effect"
import type { ReservationId, Sku, TenantId } from "../shared/Ids.ts"
import { timestamp, type Timestamp } from "../shared/Ids.ts"
import * as D from "../shared/Decider.ts"
import { onlyErrors } from "../shared/Errors.ts"
import { NotFound } from "../shared/TenantScope.ts"
import type { InventoryCommand } from "./Commands.ts"
import { decide, evolve, type InventoryError } from "./Decider.ts"
import type { AdjustBelowReserved, HoldNotActive, InsufficientStock, ReservationConflict } from "./Errors.ts"
import type { InventoryEvent } from "./Events.ts"
import { available, empty, type Reservation, type StockLevel, type StockMovement, type StockState } from "./Model.ts"
import { movementOf } from "./Movements.ts"

/** What a stock operation did: the level after it and the events it produced (e.g. LowStock). */
export interface StockChange {
  readonly level: StockLevel
  readonly events: ReadonlyArray<InventoryEvent>
}

export interface ReserveRequest {
  readonly reservationId: ReservationId
  readonly qty: number
  readonly holdUntil: Timestamp
}

/**
 * The inventory port. Implementations must keep §3.2's invariants for any interleaving of calls
 * from any number of processes: the PostgreSQL one with a conditional UPDATE and CHECK
 * constraints, the memory one by applying the pure decider atomically.
 */
export class StockLedger extends Context.Service<
  StockLedger,
  {
    /** Create the sku's stock (idempotent: an existing sku keeps its stock). */
    readonly open: (
      tenantId: TenantId,
      sku: Sku,
      init: { readonly onHand: number; readonly lowStockThreshold?: number }
    ) => Effect.Effect<StockLevel>
    readonly level: (tenantId: TenantId, sku: Sku) => Effect.Effect<StockLevel, NotFound>
    /** The levels of these skus in one read; a sku the ledger never saw is left out. */
    readonly levels: (tenantId: TenantId, skus: ReadonlyArray<Sku>) => Effect.Effect<ReadonlyArray<StockLevel>>
    readonly reserve: (
      tenantId: TenantId,
      sku: Sku,
      request: ReserveRequest
    ) => Effect.Effect<Reservation, InsufficientStock | ReservationConflict | NotFound>
    readonly release: (tenantId: TenantId, reservationId: ReservationId) => Effect.Effect<StockChange, NotFound>
    readonly commit: (
      tenantId: TenantId,
      reservationId: ReservationId
    ) => Effect.Effect<StockChange, HoldNotActive | NotFound>
    readonly reservation: (tenantId: TenantId, reservationId: ReservationId) => Effect.Effect<Reservation, NotFound>
    readonly restock: (tenantId: TenantId, sku: Sku, qty: number) => Effect.Effect<StockChange, NotFound>
    readonly adjust: (
      tenantId: TenantId,
      sku: Sku,
      onHand: number
    ) => Effect.Effect<StockChange, AdjustBelowReserved | NotFound>
    /** Release every hold lapsed at `now`, across tenants; each hold is released exactly once. */
    readonly expire: (now: Timestamp, limit?: number) => Effect.Effect<ReadonlyArray<Reservation>>
    readonly movements: (tenantId: TenantId, sku: Sku) => Effect.Effect<ReadonlyArray<StockMovement>>
    /** Low-stock crossings not yet taken, oldest first; taking them marks them delivered. */
    readonly takeLowStock: (tenantId: TenantId) => Effect.Effect<ReadonlyArray<StockLevel>>
  }
>()("@chatshop/domain/inventory/StockLedger") {
  static readonly layerMemory = Layer.effect(StockLedger, Effect.sync(makeMemory))
}

const rules: D.Rules<StockState, InventoryCommand, InventoryEvent, InventoryError> = { decide, evolve }

const key = (tenantId: TenantId, id: string) => `${tenantId}\u0000${id}`

const toLevel = (tenantId: TenantId, s: StockState): StockLevel => ({
  tenantId,
  sku: s.sku,
  onHand: s.onHand,
  reserved: s.reserved,
  available: available(s),
  lowStockThreshold: s.lowStockThreshold
})

/** In-memory ledger: the pure decider applied synchronously, so every call is atomic. */
function makeMemory(): StockLedger["Service"] {
  const stocks = new Map<string, { tenantId: TenantId; state: StockState }>()
  const reservations = new Map<string, Sku>()
  const movements = new Map<string, Array<StockMovement>>()
  const lowStock = new Map<TenantId, Array<StockLevel>>()

  const now = Clock.currentTimeMillis.pipe(Effect.map(timestamp))

  const apply = (tenantId: TenantId, sku: Sku, command: InventoryCommand) =>
    Effect.suspend((): Effect.Effect<StockChange, InventoryError | NotFound> => {
      const entry = stocks.get(key(tenantId, sku))
      if (entry === undefined) return Effect.fail(new NotFound({ entity: "sku", id: sku }))
      const ran = D.run(rules, command, entry.state)
      if (Result.isFailure(ran)) return Effect.fail(ran.failure)
      const { state, events } = ran.success
      entry.state = state
      const log = movements.get(key(tenantId, sku)) ?? []
      for (const event of events) {
        const movement = movementOf(tenantId, sku, event)
        if (movement !== undefined) log.push(movement)
        // LowStock comes last and changes nothing: the level it reports is the final one.
        if (event._tag === "LowStock") {
          const queue = lowStock.get(tenantId) ?? []
          queue.push(toLevel(tenantId, state))
          lowStock.set(tenantId, queue)
        }
      }
      movements.set(key(tenantId, sku), log)
      return Effect.succeed({ level: toLevel(tenantId, state), events })
    })

  const skuOf = (tenantId: TenantId, reservationId: ReservationId) => {
    const sku = reservations.get(key(tenantId, reservationId))
    return sku === undefined
      ? Effect.fail(new NotFound({ entity: "reservation", id: reservationId }))
      : Effect.succeed(sku)
  }

  const reservationOf = (tenantId: TenantId, reservationId: ReservationId) =>
    Effect.flatMap(skuOf(tenantId, reservationId), (sku) => {
      const hold = stocks.get(key(tenantId, sku))?.state.holds.get(reservationId)
      return hold === undefined
        ? Effect.fail(new NotFound({ entity: "reservation", id: reservationId }))
        : Effect.succeed<Reservation>({ id: reservationId, tenantId, sku, ...hold })
    })

  return StockLedger.of({
    open: (tenantId, sku, init) =>
      Effect.flatMap(now, (at) => {
        const k = key(tenantId, sku)
        const existing = stocks.get(k)
        if (existing !== undefined) return Effect.succeed(toLevel(tenantId, existing.state))
        stocks.set(k, { tenantId, state: empty(sku, init.lowStockThreshold ?? 0) })
        movements.set(k, [])
        if (init.onHand === 0) return Effect.succeed(toLevel(tenantId, empty(sku, init.lowStockThreshold ?? 0)))
        return apply(tenantId, sku, { _tag: "Restock", qty: init.onHand, at }).pipe(
          Effect.map((c) => c.level),
          Effect.orDie
        )
      }),
    level: (tenantId, sku) => {
      const entry = stocks.get(key(tenantId, sku))
      return entry === undefined
        ? Effect.fail(new NotFound({ entity: "sku", id: sku }))
        : Effect.succeed(toLevel(tenantId, entry.state))
    },
    levels: (tenantId, skus) =>
      Effect.sync(() =>
        [...new Set(skus)].flatMap((sku) => {
          const entry = stocks.get(key(tenantId, sku))
          return entry === undefined ? [] : [toLevel(tenantId, entry.state)]
        })
      ),
    reserve: Effect.fn("StockLedger.reserve")(function* (tenantId, sku, request) {
      const at = yield* now
      yield* apply(tenantId, sku, { _tag: "Reserve", ...request, at }).pipe(
        onlyErrors("InsufficientStock", "ReservationConflict", "NotFound")
      )
      reservations.set(key(tenantId, request.reservationId), sku)
      return yield* reservationOf(tenantId, request.reservationId)
    }),
    release: Effect.fn("StockLedger.release")(function* (tenantId, reservationId) {
      const sku = yield* skuOf(tenantId, reservationId)
      return yield* apply(tenantId, sku, { _tag: "Release", reservationId, at: yield* now }).pipe(
        // Releasing a committed hold is refused by the decider; a release request after payment is a no-op here.
        Effect.catchTag("HoldNotActive", () => Effect.map(level(tenantId, sku), (l) => ({ level: l, events: [] }))),
        onlyErrors("NotFound")
      )
    }),
    commit: Effect.fn("StockLedger.commit")(function* (tenantId, reservationId) {
      const sku = yield* skuOf(tenantId, reservationId)
      return yield* apply(tenantId, sku, { _tag: "Commit", reservationId, at: yield* now }).pipe(
        onlyErrors("HoldNotActive", "NotFound")
      )
    }),
    reservation: reservationOf,
    restock: (tenantId, sku, qty) =>
      Effect.flatMap(now, (at) => apply(tenantId, sku, { _tag: "Restock", qty, at })).pipe(onlyErrors("NotFound")),
    adjust: (tenantId, sku, onHand) =>
      Effect.flatMap(now, (at) => apply(tenantId, sku, { _tag: "Adjust", onHand, at })).pipe(
        onlyErrors("AdjustBelowReserved", "NotFound")
      ),
    expire: (at, limit = Number.POSITIVE_INFINITY) =>
      Effect.sync(() => {
        const released: Array<Reservation> = []
        for (const { tenantId, state } of stocks.values()) {
          for (const [id, hold] of state.holds) {
            if (released.length >= limit) return released
            if (hold.status !== "held" || hold.holdUntil > at) continue
            const entry = stocks.get(key(tenantId, state.sku))!
            const event: InventoryEvent = { _tag: "Expired", reservationId: id, qty: hold.qty, at }
            entry.state = evolve(entry.state, event)
            movements.get(key(tenantId, state.sku))!.push(movementOf(tenantId, state.sku, event)!)
            released.push({ id, tenantId, sku: state.sku, qty: hold.qty, holdUntil: hold.holdUntil, status: "expired" })
          }
        }
        return released
      }),
    movements: (tenantId, sku) => Effect.sync(() => [...(movements.get(key(tenantId, sku)) ?? [])]),
    takeLowStock: (tenantId) =>
      Effect.sync(() => {
        const taken = lowStock.get(tenantId) ?? []
        lowStock.delete(tenantId)
        return taken
      })
  })

  function level(tenantId: TenantId, sku: Sku) {
    return Effect.sync(() => toLevel(tenantId, stocks.get(key(tenantId, sku))!.state))
  }
}
