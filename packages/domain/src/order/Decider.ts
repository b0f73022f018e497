import { Result } from "effect"
import { isAccepted } from "../payment/Score.ts"
import * as D from "../shared/Decider.ts"
import { CurrencyMismatch } from "../shared/Money.ts"
import { VersionConflict } from "../shared/TenantScope.ts"
import type { ReservationId } from "../shared/Ids.ts"
import type { OrderCommand } from "./Commands.ts"
import {
  EmptyOrder,
  HoldNotLapsed,
  InvalidFieldValue,
  InvalidTransition,
  LineNotFound,
  MissingFields,
  ReferenceReused,
  ReservationMismatch
} from "./Errors.ts"
import type { OrderEvent } from "./Events.ts"
import { describeField, missingFields, normalizeFieldValue } from "./Fields.ts"
import { evolve } from "./Evolve.ts"
import { type DraftInit, lastPayment, makeDraft, type Order, type ShortLine, reservationsOf } from "./Model.ts"

export { evolve } from "./Evolve.ts"

export type OrderError =
  | InvalidTransition
  | EmptyOrder
  | MissingFields
  | LineNotFound
  | InvalidFieldValue
  | CurrencyMismatch
  | ReservationMismatch
  | VersionConflict
  | HoldNotLapsed
  | ReferenceReused

type Decision = Result.Result<ReadonlyArray<OrderEvent>, OrderError>

const none: Decision = Result.succeed([])
const emit = (...events: ReadonlyArray<OrderEvent>): Decision => Result.succeed(events)
const invalid = (order: Order, command: OrderCommand): Decision =>
  Result.fail(new InvalidTransition({ orderId: order.id, status: order.status, command: command._tag }))

/** Draft, or past placing (a retried Place is then a no-op). */
const placedOrBeyond = (order: Order): boolean =>
  order.status === "placed" ||
  order.status === "payment_review" ||
  order.status === "paid" ||
  order.status === "fulfilled"

/** Whether the order can be placed now, before any stock is reserved: draft, lines, every required field. */
export const checkPlaceable = (order: Order): Result.Result<void, InvalidTransition | EmptyOrder | MissingFields> => {
  if (order.status !== "draft") {
    return Result.fail(new InvalidTransition({ orderId: order.id, status: order.status, command: "Place" }))
  }
  if (order.lines.length === 0) return Result.fail(new EmptyOrder({ orderId: order.id }))
  const missing = missingFields(order)
  if (missing.length > 0)
    return Result.fail(new MissingFields({ orderId: order.id, fields: missing.map(describeField) }))
  return Result.succeed(undefined)
}

const place = (order: Order, command: Extract<OrderCommand, { _tag: "Place" }>): Decision => {
  if (placedOrBeyond(order)) return none
  if (order.status !== "draft") return invalid(order, command)
  if (command.version !== order.version) {
    return Result.fail(
      new VersionConflict({ entity: "order", id: order.id, expected: command.version, actual: order.version })
    )
  }
  const ready = checkPlaceable(order)
  if (Result.isFailure(ready)) return Result.fail(ready.failure)
  if (command.outcomes.length !== order.lines.length) {
    const line = Math.min(command.outcomes.length, order.lines.length)
    return Result.fail(new ReservationMismatch({ orderId: order.id, line }))
  }
  const short: Array<ShortLine> = []
  const holds: Array<{ line: number; reservationId: ReservationId }> = []
  for (let i = 0; i < order.lines.length; i++) {
    const line = order.lines[i]!
    const outcome = command.outcomes[i]!
    if (outcome.line !== i || outcome.sku !== line.sku || outcome.qty !== line.qty) {
      return Result.fail(new ReservationMismatch({ orderId: order.id, line: i }))
    }
    if (outcome._tag === "Short")
      short.push({ line: i, sku: line.sku, requested: line.qty, available: outcome.available })
    else holds.push({ line: i, reservationId: outcome.reservationId })
  }
  if (short.length > 0) return emit({ _tag: "PlacementFailed", short, at: command.at })
  return emit({ _tag: "OrderPlaced", holds, holdUntil: command.holdUntil, at: command.at })
}

const setField = (order: Order, command: Extract<OrderCommand, { _tag: "SetField" }>): Decision => {
  const normalized = normalizeFieldValue(command.field, command.value)
  if (Result.isFailure(normalized)) return Result.fail(normalized.failure)
  const value = normalized.success
  const { field, at } = command
  if (field === "size" || field === "color") {
    const index = command.line ?? -1
    const line = order.lines[index]
    if (line === undefined) return Result.fail(new LineNotFound({ orderId: order.id, line: index }))
    const sku = command.sku ?? line.sku
    if (line[field] === value && sku === line.sku) return none
    return emit({ _tag: "FieldSet", field, value, line: index, sku, at })
  }
  if (command.line !== undefined || command.sku !== undefined) {
    return Result.fail(new InvalidFieldValue({ field, value: command.value, reason: "not a line field" }))
  }
  if (order.fields[field] === value) return none
  return emit({ _tag: "FieldSet", field, value, at })
}

const submitPayment = (order: Order, command: Extract<OrderCommand, { _tag: "SubmitPayment" }>): Decision => {
  if (order.status === "paid" || order.status === "fulfilled") {
    // A retried submission of the proof that paid the order is a no-op.
    const ref = command.assessment.reference
    return ref !== null && lastPayment(order)?.assessment.reference === ref ? none : invalid(order, command)
  }
  if (order.status !== "placed" && order.status !== "payment_review") return invalid(order, command)
  const { evidence, assessment, at } = command
  const submitted: OrderEvent = { _tag: "PaymentSubmitted", evidence, assessment, at }
  return isAccepted(assessment)
    ? emit(submitted, { _tag: "PaymentAccepted", by: "auto", committed: reservationsOf(order), at })
    : emit(submitted, { _tag: "PaymentReviewRequested", reasons: assessment.reasons, at })
}

/** SPEC §3.3 order decider: pure, no Effect, a switch on the command. */
export const decide = (command: OrderCommand, order: Order): Decision => {
  switch (command._tag) {
    case "AddLine": {
      if (order.status !== "draft") return invalid(order, command)
      const { line, at } = command
      if (line.unitPrice.currency !== order.currency) {
        return Result.fail(new CurrencyMismatch({ left: order.currency, right: line.unitPrice.currency }))
      }
      if (!Number.isSafeInteger(line.qty) || line.qty < 1) {
        return Result.fail(
          new InvalidFieldValue({ field: "qty", value: String(line.qty), reason: "not a positive integer" })
        )
      }
      return emit({ _tag: "LineAdded", line, at })
    }
    case "RemoveLine":
      if (order.status !== "draft") return invalid(order, command)
      if (order.lines[command.line] === undefined) {
        return Result.fail(new LineNotFound({ orderId: order.id, line: command.line }))
      }
      return emit({ _tag: "LineRemoved", line: command.line, at: command.at })
    case "SetField":
      return order.status === "draft" ? setField(order, command) : invalid(order, command)
    case "Place":
      return place(order, command)
    case "Cancel":
      if (order.status === "cancelled") return none
      if (order.status !== "draft" && order.status !== "placed") return invalid(order, command)
      return emit({ _tag: "OrderCancelled", reason: command.reason, released: reservationsOf(order), at: command.at })
    case "Expire":
      if (order.status === "expired") return none
      if (order.status !== "placed" || order.holdUntil === null) return invalid(order, command)
      if (order.holdUntil > command.now) {
        return Result.fail(new HoldNotLapsed({ orderId: order.id, holdUntil: order.holdUntil, now: command.now }))
      }
      return emit({ _tag: "OrderExpired", released: reservationsOf(order), at: command.now })
    case "SubmitPayment":
      return submitPayment(order, command)
    case "ApprovePayment": {
      if (order.status === "paid" || order.status === "fulfilled") return none
      if (order.status !== "payment_review") return invalid(order, command)
      // payment_review always has a submitted payment; a reused reference stays unpaid whoever approves.
      const assessment = lastPayment(order)!.assessment
      if (assessment.referenceReused) {
        return Result.fail(new ReferenceReused({ orderId: order.id, reference: assessment.reference ?? "" }))
      }
      return emit({ _tag: "PaymentAccepted", by: command.by, committed: reservationsOf(order), at: command.at })
    }
    case "RejectPayment":
      if (order.status === "placed" && lastPayment(order)?.decision === "rejected") return none
      if (order.status !== "payment_review") return invalid(order, command)
      return emit({ _tag: "PaymentRejected", by: command.by, reason: command.reason, at: command.at })
    case "Fulfil":
      if (order.status === "fulfilled") return none
      return order.status === "paid" ? emit({ _tag: "OrderFulfilled", at: command.at }) : invalid(order, command)
  }
}

const rules: D.Rules<Order, OrderCommand, OrderEvent, OrderError> = { decide, evolve }

/** The order decider for one order, starting from its draft. */
export const decider = (init: DraftInit): D.Decider<Order, OrderCommand, OrderEvent, OrderError> => ({
  initial: makeDraft(init),
  decide,
  evolve
})

/** Decide and fold one command on an order: what the repository's atomic update applies. */
export const run = (command: OrderCommand, order: Order): Result.Result<D.Change<Order, OrderEvent>, OrderError> =>
  D.run(rules, command, order)
