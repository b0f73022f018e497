import { Clock, Context, Effect, Layer, Result } from "effect"
import { StockLedger } from "../inventory/StockLedger.ts"
import type { PaymentEvidence } from "../payment/Model.ts"
import { assess, referenceOf } from "../payment/Score.ts"
import { onlyErrors } from "../shared/Errors.ts"
import { HOUR, type OrderId, type TenantId, timestamp } from "../shared/Ids.ts"
import type { CurrencyMismatch } from "../shared/Money.ts"
import type { NotFound, VersionConflict } from "../shared/TenantScope.ts"
import type { OrderCommand, ReservationOutcome } from "./Commands.ts"
import { checkPlaceable, run } from "./Decider.ts"
import {
  type EmptyOrder,
  InsufficientStockForOrder,
  type InvalidFieldValue,
  type InvalidTransition,
  type LineNotFound,
  type MissingFields,
  type ReferenceReused
} from "./Errors.ts"
import type { FieldName } from "./Fields.ts"
import {
  type CustomerRef,
  expectedPayment,
  holdState,
  type LineSpec,
  makeDraft,
  type Order,
  reservationIdFor,
  reservationsOf
} from "./Model.ts"
import { OrderPolicy } from "./OrderPolicy.ts"
import { type OrderChange, OrderRepository } from "./OrderRepository.ts"

export interface DraftRequest {
  readonly id: OrderId
  readonly customer: CustomerRef
  readonly currency: Order["currency"]
}

export interface FieldInput {
  readonly field: FieldName
  readonly value: string
  readonly line?: number
  readonly sku?: LineSpec["sku"]
}

/**
 * The order service: the decider plus stock holds. Placing reserves every line through the
 * StockLedger (holdUntil = now + holdHours); payment commits the holds; cancel and expiry release
 * them. After each command the ledger is brought in line with the order, so a retry heals a crash.
 */
export class Orders extends Context.Service<
  Orders,
  {
    /** Idempotent per id: drafting an existing order returns it. */
    readonly draft: (tenantId: TenantId, request: DraftRequest) => Effect.Effect<Order>
    readonly addLine: (
      tenantId: TenantId,
      id: OrderId,
      line: LineSpec
    ) => Effect.Effect<OrderChange, NotFound | InvalidTransition | CurrencyMismatch | InvalidFieldValue>
    readonly removeLine: (
      tenantId: TenantId,
      id: OrderId,
      line: number
    ) => Effect.Effect<OrderChange, NotFound | InvalidTransition | LineNotFound>
    readonly setField: (
      tenantId: TenantId,
      id: OrderId,
      input: FieldInput
    ) => Effect.Effect<OrderChange, NotFound | InvalidTransition | InvalidFieldValue | LineNotFound>
    /** Place twice = one set of holds. A short line leaves the order draft and releases the rest. */
    readonly place: (
      tenantId: TenantId,
      id: OrderId
    ) => Effect.Effect<
      OrderChange,
      NotFound | InvalidTransition | EmptyOrder | MissingFields | InsufficientStockForOrder | VersionConflict
    >
    readonly cancel: (
      tenantId: TenantId,
      id: OrderId,
      reason: string
    ) => Effect.Effect<OrderChange, NotFound | InvalidTransition>
    /** The hold sweeper: expire placed orders whose hold lapsed (across tenants) and release them. */
    readonly expireLapsed: (limit?: number) => Effect.Effect<ReadonlyArray<Order>>
    readonly submitPayment: (
      tenantId: TenantId,
      id: OrderId,
      evidence: PaymentEvidence
    ) => Effect.Effect<OrderChange, NotFound | InvalidTransition>
    readonly approve: (
      tenantId: TenantId,
      id: OrderId,
      by: string
    ) => Effect.Effect<OrderChange, NotFound | InvalidTransition | ReferenceReused>
    readonly reject: (
      tenantId: TenantId,
      id: OrderId,
      by: string,
      reason: string
    ) => Effect.Effect<OrderChange, NotFound | InvalidTransition>
    readonly fulfil: (tenantId: TenantId, id: OrderId) => Effect.Effect<OrderChange, NotFound | InvalidTransition>
  }
>()("@chatshop/domain/order/Orders") {
  static readonly layer = Layer.effect(Orders, Effect.gen(makeOrders))
  /** Orders over the memory repository and ledger, exposing all three (tests, embedded demos). */
  static readonly layerMemory = Orders.layer.pipe(
    Layer.provideMerge(Layer.mergeAll(OrderRepository.layerMemory, StockLedger.layerMemory))
  )
}

function* makeOrders() {
  const repo = yield* OrderRepository
  const ledger = yield* StockLedger
  const policy = yield* OrderPolicy
  const now = Clock.currentTimeMillis.pipe(Effect.map(timestamp))

  const apply = (tenantId: TenantId, id: OrderId, command: OrderCommand) =>
    repo.update(tenantId, id, (order) => run(command, order))

  /** Bring the ledger in line with the order: commit when paid, release when cancelled/expired. */
  const settle = (tenantId: TenantId, order: Order) =>
    Effect.forEach(reservationsOf(order), (reservationId) => {
      switch (holdState(order)) {
        case "committed":
          return ledger.commit(tenantId, reservationId).pipe(
            // Only a hold lapsed by a raw ledger sweep can be inactive here; the payment still stands.
            Effect.catch((e) => Effect.logWarning(`order ${order.id}: hold ${reservationId} not committed`, e._tag))
          )
        case "released":
          return ledger.release(tenantId, reservationId).pipe(Effect.catch(() => Effect.void))
        default:
          return Effect.void
      }
    }).pipe(Effect.asVoid)

  const reserveLine = (tenantId: TenantId, order: Order, index: number, holdUntil: number) => {
    const line = order.lines[index]!
    const reservationId = reservationIdFor(order, index)
    const base = { line: index, sku: line.sku, qty: line.qty }
    const short = (available: number): ReservationOutcome => ({ _tag: "Short", ...base, available })
    return ledger.reserve(tenantId, line.sku, { reservationId, qty: line.qty, holdUntil: timestamp(holdUntil) }).pipe(
      Effect.flatMap((r) =>
        r.status === "held"
          ? Effect.succeed<ReservationOutcome>({ _tag: "Reserved", ...base, reservationId })
          : Effect.map(ledger.level(tenantId, line.sku), (level) => short(level.available))
      ),
      Effect.catchTags({
        InsufficientStock: (e) => Effect.succeed(short(e.available)),
        NotFound: () => Effect.succeed(short(0)),
        ReservationConflict: (e) => Effect.die(e)
      })
    )
  }

  const place = Effect.fn("Orders.place")(function* (tenantId: TenantId, id: OrderId) {
    const at = yield* now
    const order = yield* repo.get(tenantId, id)
    if (order.status !== "draft") {
      // Already placed: a no-op; cancelled or expired: InvalidTransition.
      return yield* apply(tenantId, id, { _tag: "Place", version: order.version, outcomes: [], holdUntil: at, at })
    }
    const ready = checkPlaceable(order)
    if (Result.isFailure(ready)) return yield* ready.failure
    const terms = yield* policy.forTenant(tenantId)
    const holdUntil = at + terms.holdHours * HOUR
    const outcomes = yield* Effect.forEach(order.lines, (_, i) => reserveLine(tenantId, order, i, holdUntil))
    const command: OrderCommand = {
      _tag: "Place",
      version: order.version,
      outcomes,
      holdUntil: timestamp(holdUntil),
      at
    }
    const result = yield* Effect.result(apply(tenantId, id, command))
    // Release what we reserved unless the order now holds it (a concurrent retry may have placed it).
    const kept = new Set(Result.isSuccess(result) ? reservationsOf(result.success.state) : [])
    for (const o of outcomes) {
      if (o._tag === "Reserved" && !kept.has(o.reservationId)) {
        yield* ledger.release(tenantId, o.reservationId).pipe(Effect.ignore)
      }
    }
    if (Result.isFailure(result)) return yield* result.failure
    for (const e of result.success.events) {
      if (e._tag === "PlacementFailed") return yield* new InsufficientStockForOrder({ orderId: id, lines: e.short })
    }
    return result.success
  })

  const submitPayment = Effect.fn("Orders.submitPayment")(function* (
    tenantId: TenantId,
    id: OrderId,
    evidence: PaymentEvidence
  ) {
    const at = yield* now
    const order = yield* repo.get(tenantId, id)
    const terms = yield* policy.forTenant(tenantId)
    const reference = referenceOf(evidence)
    const owners = reference === null ? [] : yield* repo.findByPaymentReference(tenantId, reference)
    const expected = expectedPayment(order, terms.paymentRecipients)
    const submit = (referenceReused: boolean) =>
      apply(tenantId, id, {
        _tag: "SubmitPayment",
        evidence,
        assessment: assess(evidence, expected, { threshold: terms.paymentAutoAcceptThreshold, referenceReused }),
        at
      })
    const change = yield* submit(owners.some((o) => o.id !== id)).pipe(
      // Another order claimed the reference between our lookup and our write: it is reused.
      Effect.catchTag("PaymentReferenceTaken", () => submit(true))
    )
    yield* settle(tenantId, change.state)
    return change
  })

  const thenSettle = (tenantId: TenantId) => (change: OrderChange) => Effect.as(settle(tenantId, change.state), change)

  return Orders.of({
    draft: Effect.fn("Orders.draft")(function* (tenantId, request) {
      const order = makeDraft({ ...request, tenantId, at: yield* now })
      return yield* repo.create(order).pipe(
        Effect.catchTag("OrderExists", () => repo.get(tenantId, request.id)),
        Effect.orDie
      )
    }),
    addLine: (tenantId, id, line) =>
      Effect.flatMap(now, (at) => apply(tenantId, id, { _tag: "AddLine", line, at })).pipe(
        onlyErrors("NotFound", "InvalidTransition", "CurrencyMismatch", "InvalidFieldValue")
      ),
    removeLine: (tenantId, id, line) =>
      Effect.flatMap(now, (at) => apply(tenantId, id, { _tag: "RemoveLine", line, at })).pipe(
        onlyErrors("NotFound", "InvalidTransition", "LineNotFound")
      ),
    setField: (tenantId, id, input) =>
      Effect.flatMap(now, (at) => apply(tenantId, id, { _tag: "SetField", ...input, at })).pipe(
        onlyErrors("NotFound", "InvalidTransition", "InvalidFieldValue", "LineNotFound")
      ),
    place: (tenantId, id) =>
      place(tenantId, id).pipe(
        onlyErrors(
          "NotFound",
          "InvalidTransition",
          "EmptyOrder",
          "MissingFields",
          "InsufficientStockForOrder",
          "VersionConflict"
        )
      ),
    cancel: (tenantId, id, reason) =>
      Effect.flatMap(now, (at) => apply(tenantId, id, { _tag: "Cancel", reason, at })).pipe(
        Effect.flatMap(thenSettle(tenantId)),
        onlyErrors("NotFound", "InvalidTransition")
      ),
    expireLapsed: Effect.fn("Orders.expireLapsed")(function* (limit = 100) {
      const at = yield* now
      const expired: Array<Order> = []
      for (const order of yield* repo.listExpiring(at, limit)) {
        // A concurrent payment or cancel wins the race: that order is simply skipped.
        const result = yield* Effect.result(apply(order.tenantId, order.id, { _tag: "Expire", now: at }))
        if (Result.isSuccess(result) && result.success.events.length > 0) {
          yield* settle(order.tenantId, result.success.state)
          expired.push(result.success.state)
        }
      }
      return expired
    }),
    submitPayment: (tenantId, id, evidence) =>
      submitPayment(tenantId, id, evidence).pipe(onlyErrors("NotFound", "InvalidTransition")),
    approve: (tenantId, id, by) =>
      Effect.flatMap(now, (at) => apply(tenantId, id, { _tag: "ApprovePayment", by, at })).pipe(
        Effect.flatMap(thenSettle(tenantId)),
        onlyErrors("NotFound", "InvalidTransition", "ReferenceReused")
      ),
    reject: (tenantId, id, by, reason) =>
      Effect.flatMap(now, (at) => apply(tenantId, id, { _tag: "RejectPayment", by, reason, at })).pipe(
        onlyErrors("NotFound", "InvalidTransition")
      ),
    fulfil: (tenantId, id) =>
      Effect.flatMap(now, (at) => apply(tenantId, id, { _tag: "Fulfil", at })).pipe(
        onlyErrors("NotFound", "InvalidTransition")
      )
  })
}
