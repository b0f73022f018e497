import { Result } from "effect"
import type * as D from "../shared/Decider.ts"
import type { ReservationId, Timestamp } from "../shared/Ids.ts"
import type { InventoryCommand } from "./Commands.ts"
import {
  AdjustBelowReserved,
  HoldNotActive,
  InsufficientStock,
  ReservationConflict,
  UnknownReservation
} from "./Errors.ts"
import type { InventoryEvent } from "./Events.ts"
import { available, empty, type Hold, type StockState } from "./Model.ts"

export type InventoryError =
  | InsufficientStock
  | UnknownReservation
  | HoldNotActive
  | AdjustBelowReserved
  | ReservationConflict

type Decision = Result.Result<ReadonlyArray<InventoryEvent>, InventoryError>

const none: Decision = Result.succeed([])

/** Append LowStock when these events take available from above the threshold to at or below it. */
const withLowStock = (
  state: StockState,
  events: ReadonlyArray<InventoryEvent>,
  after: number,
  at: Timestamp
): Decision => {
  const threshold = state.lowStockThreshold
  const crossed = available(state) > threshold && after <= threshold
  return Result.succeed(crossed ? [...events, { _tag: "LowStock", available: after, threshold, at }] : events)
}

const activeHold = (state: StockState, id: ReservationId): Result.Result<Hold, InventoryError> => {
  const hold = state.holds.get(id)
  if (hold === undefined) return Result.fail(new UnknownReservation({ reservationId: id }))
  return Result.succeed(hold)
}

export const decide = (command: InventoryCommand, state: StockState): Decision => {
  switch (command._tag) {
    case "Reserve": {
      const existing = state.holds.get(command.reservationId)
      if (existing !== undefined) {
        // A retried reserve with the same id is a no-op; the same id for another quantity is a bug.
        return existing.qty === command.qty
          ? none
          : Result.fail(new ReservationConflict({ reservationId: command.reservationId }))
      }
      const free = available(state)
      if (command.qty > free) {
        return Result.fail(new InsufficientStock({ sku: state.sku, requested: command.qty, available: free }))
      }
      return withLowStock(state, [{ ...command, _tag: "Reserved" }], free - command.qty, command.at)
    }
    case "Release":
    case "Commit": {
      const found = activeHold(state, command.reservationId)
      if (Result.isFailure(found)) return Result.fail(found.failure)
      const hold = found.success
      const target = command._tag === "Release" ? "released" : "committed"
      if (hold.status === target) return none // idempotent
      if (hold.status !== "held") {
        // Release after expiry is already done; anything else would both release and commit.
        if (command._tag === "Release" && hold.status === "expired") return none
        return Result.fail(new HoldNotActive({ reservationId: command.reservationId, status: hold.status }))
      }
      const tag = command._tag === "Release" ? "Released" : "Committed"
      return Result.succeed([{ _tag: tag, reservationId: command.reservationId, qty: hold.qty, at: command.at }])
    }
    case "Expire": {
      const events: Array<InventoryEvent> = []
      for (const [reservationId, hold] of state.holds) {
        if (hold.status === "held" && hold.holdUntil <= command.now) {
          events.push({ _tag: "Expired", reservationId, qty: hold.qty, at: command.now })
        }
      }
      return Result.succeed(events)
    }
    case "Restock":
      return Result.succeed([{ _tag: "Restocked", qty: command.qty, at: command.at }])
    case "Adjust": {
      if (command.onHand < state.reserved) {
        return Result.fail(
          new AdjustBelowReserved({ sku: state.sku, onHand: command.onHand, reserved: state.reserved })
        )
      }
      if (command.onHand === state.onHand) return none
      const adjusted: InventoryEvent = { _tag: "Adjusted", from: state.onHand, to: command.onHand, at: command.at }
      return withLowStock(state, [adjusted], command.onHand - state.reserved, command.at)
    }
    case "SetThreshold":
      return command.threshold === state.lowStockThreshold
        ? none
        : Result.succeed([{ _tag: "ThresholdSet", threshold: command.threshold, at: command.at }])
  }
}

const setHold = (state: StockState, id: ReservationId, hold: Hold): ReadonlyMap<ReservationId, Hold> => {
  const holds = new Map(state.holds)
  holds.set(id, hold)
  return holds
}

const endHold = (state: StockState, id: ReservationId, status: Hold["status"], onHandDelta: number): StockState => {
  const hold = state.holds.get(id)
  if (hold === undefined) return state
  return {
    ...state,
    onHand: state.onHand + onHandDelta,
    reserved: state.reserved - hold.qty,
    holds: setHold(state, id, { ...hold, status })
  }
}

export const evolve = (state: StockState, event: InventoryEvent): StockState => {
  switch (event._tag) {
    case "Reserved":
      return {
        ...state,
        reserved: state.reserved + event.qty,
        holds: setHold(state, event.reservationId, { qty: event.qty, holdUntil: event.holdUntil, status: "held" })
      }
    case "Released":
      return endHold(state, event.reservationId, "released", 0)
    case "Expired":
      return endHold(state, event.reservationId, "expired", 0)
    case "Committed":
      return endHold(state, event.reservationId, "committed", -event.qty)
    case "Restocked":
      return { ...state, onHand: state.onHand + event.qty }
    case "Adjusted":
      return { ...state, onHand: event.to }
    case "ThresholdSet":
      return { ...state, lowStockThreshold: event.threshold }
    case "LowStock":
      return state
  }
}

export const decider = (
  sku: StockState["sku"],
  lowStockThreshold = 0
): D.Decider<StockState, InventoryCommand, InventoryEvent, InventoryError> => ({
  initial: empty(sku, lowStockThreshold),
  decide,
  evolve
})
