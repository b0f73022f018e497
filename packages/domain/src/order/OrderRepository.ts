import { Context, Effect, Layer, Result } from "effect"
import type { Change } from "../shared/Decider.ts"
import type { CustomerId, OrderId, TenantId, Timestamp } from "../shared/Ids.ts"
import { normalizeReference } from "../payment/Score.ts"
import { NotFound } from "../shared/TenantScope.ts"
import { OrderExists, PaymentReferenceTaken } from "./Errors.ts"
import type { OrderEvent } from "./Events.ts"
import { claimedReferences, type Order, type OrderStatus } from "./Model.ts"

/** The result of an atomic update: the order as written and the events that changed it. */
export type OrderChange = Change<Order, OrderEvent>

export interface OrderFilter {
  readonly status?: OrderStatus
  readonly customerId?: CustomerId
}

/**
 * The order store. `update` reads, applies a pure function and writes as one step (memory:
 * synchronously; PostgreSQL: SELECT … FOR UPDATE in one transaction), so concurrent commands on
 * one order serialise. No two orders of a tenant may claim the same payment reference (PostgreSQL:
 * a unique index), which closes the race between two orders submitting one transaction id.
 */
export class OrderRepository extends Context.Service<
  OrderRepository,
  {
    readonly create: (order: Order) => Effect.Effect<Order, OrderExists | PaymentReferenceTaken>
    readonly get: (tenantId: TenantId, id: OrderId) => Effect.Effect<Order, NotFound>
    /** The tenant's orders, oldest first (createdAt, then id). */
    readonly list: (tenantId: TenantId, filter?: OrderFilter) => Effect.Effect<ReadonlyArray<Order>>
    /**
     * Apply `f` to the stored order atomically. A change with no events writes nothing. Fails with
     * `f`'s error, NotFound (also for another tenant's id, without calling `f`), or
     * PaymentReferenceTaken when the new state claims a reference another order of the tenant claims.
     */
    readonly update: <E>(
      tenantId: TenantId,
      id: OrderId,
      f: (current: Order) => Result.Result<OrderChange, E>
    ) => Effect.Effect<OrderChange, E | NotFound | PaymentReferenceTaken>
    /** The tenant's orders claiming this payment reference (compared normalised: case, spaces, dashes). */
    readonly findByPaymentReference: (tenantId: TenantId, reference: string) => Effect.Effect<ReadonlyArray<Order>>
    /** Placed orders whose hold lapsed at `now`, across tenants, earliest holdUntil first. */
    readonly listExpiring: (now: Timestamp, limit: number) => Effect.Effect<ReadonlyArray<Order>>
  }
>()("@chatshop/domain/order/OrderRepository") {
  static readonly layerMemory = Layer.effect(OrderRepository, Effect.sync(makeMemory))
}

const key = (tenantId: TenantId, id: string) => `${tenantId}\u0000${id}`

const byCreation = (a: Order, b: Order) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** In-memory store: every method runs synchronously, so each update is atomic. */
function makeMemory(): OrderRepository["Service"] {
  const orders = new Map<string, Order>()
  /** (tenant, reference) → the order claiming it. */
  const references = new Map<string, OrderId>()

  const takenBy = (order: Order): PaymentReferenceTaken | undefined => {
    for (const ref of claimedReferences(order)) {
      const owner = references.get(key(order.tenantId, ref))
      if (owner !== undefined && owner !== order.id)
        return new PaymentReferenceTaken({ reference: ref, orderId: owner })
    }
    return undefined
  }

  const write = (order: Order) => {
    orders.set(key(order.tenantId, order.id), order)
    for (const ref of claimedReferences(order)) references.set(key(order.tenantId, ref), order.id)
  }

  return OrderRepository.of({
    create: (order) =>
      Effect.suspend((): Effect.Effect<Order, OrderExists | PaymentReferenceTaken> => {
        if (orders.has(key(order.tenantId, order.id))) return Effect.fail(new OrderExists({ orderId: order.id }))
        const taken = takenBy(order)
        if (taken !== undefined) return Effect.fail(taken)
        write(order)
        return Effect.succeed(order)
      }),
    get: (tenantId, id) =>
      Effect.suspend(() => {
        const order = orders.get(key(tenantId, id))
        return order === undefined ? Effect.fail(new NotFound({ entity: "order", id })) : Effect.succeed(order)
      }),
    list: (tenantId, filter = {}) =>
      Effect.sync(() =>
        [...orders.values()]
          .filter(
            (o) =>
              o.tenantId === tenantId &&
              (filter.status === undefined || o.status === filter.status) &&
              (filter.customerId === undefined || o.customer.customerId === filter.customerId)
          )
          .sort(byCreation)
      ),
    update: <E>(tenantId: TenantId, id: OrderId, f: (current: Order) => Result.Result<OrderChange, E>) =>
      Effect.suspend((): Effect.Effect<OrderChange, E | NotFound | PaymentReferenceTaken> => {
        const current = orders.get(key(tenantId, id))
        if (current === undefined) return Effect.fail(new NotFound({ entity: "order", id }))
        const result = f(current)
        if (Result.isFailure(result)) return Effect.fail(result.failure)
        const change = result.success
        if (change.events.length === 0) return Effect.succeed({ state: current, events: [] })
        if (change.state.id !== id || change.state.tenantId !== tenantId) {
          return Effect.die(new Error(`order update changed identity of ${id}`))
        }
        const taken = takenBy(change.state)
        if (taken !== undefined) return Effect.fail(taken)
        write(change.state)
        return Effect.succeed(change)
      }),
    findByPaymentReference: (tenantId, reference) =>
      Effect.sync(() => {
        const owner = references.get(key(tenantId, normalizeReference(reference)))
        const order = owner === undefined ? undefined : orders.get(key(tenantId, owner))
        return order === undefined ? [] : [order]
      }),
    listExpiring: (now, limit) =>
      Effect.sync(() =>
        [...orders.values()]
          .filter((o) => o.status === "placed" && o.holdUntil !== null && o.holdUntil <= now)
          .sort((a, b) => (a.holdUntil ?? 0) - (b.holdUntil ?? 0) || byCreation(a, b))
          .slice(0, Math.max(0, limit))
      )
  })
}
