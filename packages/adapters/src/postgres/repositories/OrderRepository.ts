import { Order, type OrderId, Payment, type TenantId } from "@chatshop/domain"
import { Effect, Layer, type Result } from "effect"
import { type Kysely, sql } from "kysely"
import type { Database } from "../Database.ts"
import { Db, run } from "../Db.ts"
import { tenantRun, tenantTransaction } from "../Tenancy.ts"
import { decoder, dieOnSql, json, now, retryOnUniqueViolation } from "./Rows.ts"
import { type Documents, getDocument, sameIdentity, updateDocument, writeDocument } from "./Update.ts"

const decode = decoder(Order.Order)

const columns = (o: Order.Order) => ({
  customer_id: o.customer.customerId,
  conversation_id: o.customer.conversationId ?? null,
  status: o.status,
  hold_until: o.holdUntil,
  total_amount: o.lines.reduce((sum, l) => sum + l.unitPrice.amount * l.qty, 0),
  currency: o.currency,
  state: json(o),
  version: o.version,
  updated_at: o.updatedAt
})

/** The lines beside the document, for reporting queries (what sold, which holds an order has). */
const writeLines = (trx: Kysely<Database>, o: Order.Order) =>
  Effect.gen(function* () {
    yield* run(() =>
      trx.deleteFrom("order_lines").where("tenant_id", "=", o.tenantId).where("order_id", "=", o.id).execute()
    )
    if (o.lines.length === 0) return
    yield* run(() =>
      trx
        .insertInto("order_lines")
        .values(
          o.lines.map((l, line_no) => ({
            tenant_id: o.tenantId,
            order_id: o.id,
            line_no,
            product_id: l.productId,
            sku: l.sku,
            qty: l.qty,
            unit_price_amount: l.unitPrice.amount,
            currency: l.unitPrice.currency,
            reservation_id: l.reservationId ?? null
          }))
        )
        .execute()
    )
  })

/**
 * Claim the order's payment references: insert (tenant, reference) → order, then look for another
 * owner in a second statement, whose fresh snapshot sees a concurrent winner that committed while
 * our insert waited on its key. The primary key makes a reference one order's, per tenant.
 */
const claimReferences = (trx: Kysely<Database>, o: Order.Order, at: number) =>
  Effect.gen(function* () {
    const refs = Order.claimedReferences(o)
    if (refs.length === 0) return
    yield* run(() =>
      sql`insert into payment_references (tenant_id, reference, order_id, created_at)
        select ${o.tenantId}, r, ${o.id}, ${at} from unnest(${refs}::text[]) as r
        on conflict do nothing`.execute(trx)
    )
    const owner = yield* run(() =>
      trx
        .selectFrom("payment_references")
        .select(["reference", "order_id"])
        .where("tenant_id", "=", o.tenantId)
        .where("reference", "in", refs)
        .where("order_id", "<>", o.id)
        .limit(1)
        .executeTakeFirst()
    )
    if (owner !== undefined) {
      return yield* new Order.PaymentReferenceTaken({ reference: owner.reference, orderId: owner.order_id as OrderId })
    }
  })

const orders: Documents<"orders", Order.Order> = { table: "orders", entity: "order", decode, columns }

const states = (rows: ReadonlyArray<{ readonly state: unknown }>) => rows.map((r) => decode(r.state))

export const make = Effect.gen(function* () {
  const { kysely } = yield* Db

  return Order.OrderRepository.of({
    create: (order) =>
      tenantTransaction(kysely, order.tenantId, (trx) =>
        Effect.gen(function* () {
          const at = yield* now
          const inserted = yield* run(() =>
            trx
              .insertInto("orders")
              .values({ tenant_id: order.tenantId, id: order.id, created_at: order.createdAt, ...columns(order) })
              .onConflict((oc) => oc.columns(["tenant_id", "id"]).doNothing())
              .returning("id")
              .executeTakeFirst()
          )
          if (inserted === undefined) return yield* new Order.OrderExists({ orderId: order.id })
          yield* claimReferences(trx, order, at)
          yield* writeLines(trx, order)
          return order
        })
      ).pipe(retryOnUniqueViolation, dieOnSql),

    get: (tenantId, id) => getDocument(kysely, orders, tenantId, id),

    list: (tenantId, filter = {}) =>
      tenantRun(kysely, tenantId, (db) => {
        let query = db.selectFrom("orders").select("state").where("tenant_id", "=", tenantId)
        if (filter.status !== undefined) query = query.where("status", "=", filter.status)
        if (filter.customerId !== undefined) query = query.where("customer_id", "=", filter.customerId)
        return query.orderBy("created_at").orderBy(sql`id collate "C"`).execute()
      }).pipe(Effect.orDie, Effect.map(states)),

    update: <E>(tenantId: TenantId, id: OrderId, f: (current: Order.Order) => Result.Result<Order.OrderChange, E>) =>
      updateDocument(kysely, orders, tenantId, id, f, (trx, change, current) =>
        Effect.gen(function* () {
          if (change.events.length === 0) return { state: current, events: [] }
          const next = yield* sameIdentity(orders, tenantId, id, change.state)
          const at = yield* now
          yield* claimReferences(trx, next, at)
          yield* writeDocument(trx, orders, next, at)
          if (json(next.lines) !== json(current.lines)) yield* writeLines(trx, next)
          return change
        })
      ).pipe(retryOnUniqueViolation, dieOnSql),

    findByPaymentReference: (tenantId, reference) =>
      tenantRun(kysely, tenantId, (db) =>
        db
          .selectFrom("payment_references as r")
          .innerJoin("orders as o", (j) => j.onRef("o.tenant_id", "=", "r.tenant_id").onRef("o.id", "=", "r.order_id"))
          .select("o.state")
          .where("r.tenant_id", "=", tenantId)
          .where("r.reference", "=", Payment.normalizeReference(reference))
          .execute()
      ).pipe(Effect.orDie, Effect.map(states)),

    // The expiry sweeper's query: across tenants by design, served by the partial index on placed orders.
    listExpiring: (at, limit) =>
      limit <= 0
        ? Effect.succeed([])
        : run(() =>
            kysely
              .selectFrom("orders")
              .select("state")
              .where("status", "=", "placed")
              .where("hold_until", "<=", at)
              .orderBy("hold_until")
              .orderBy("created_at")
              .orderBy(sql`id collate "C"`)
              .limit(limit)
              .execute()
          ).pipe(Effect.orDie, Effect.map(states))
  })
})

export const layer = Layer.effect(Order.OrderRepository, make)
