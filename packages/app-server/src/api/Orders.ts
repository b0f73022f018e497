import {
  Catalog,
  IdGenerator,
  Money,
  Order,
  OrderId,
  Sku,
  type TenantId,
  CustomerId,
  timestamp
} from "@chatshop/domain"
import { Effect, Result, Schema } from "effect"
import { Hono } from "hono"
import { failWith } from "../http.ts"
import type { AppRuntime } from "../runtime.ts"
import { type ApiEnv, apiKeyAuth, requireRole } from "./Auth.ts"
import type { RouteDoc } from "./Docs.ts"
import { orderJson } from "./Json.ts"
import { decodeBody, run } from "./Run.ts"
import { CancelOrder, type CreateOrder as CreateOrderBody, CreateOrder, PaymentBody } from "./Schemas.ts"

/** A line names a sku the shop doesn't sell (422). */
export class UnknownSku extends Schema.TaggedError<UnknownSku>()("UnknownSku", { sku: Schema.String }) {}
/** The evidence is unusable as given (bad amount or date) (422). */
export class InvalidEvidence extends Schema.TaggedError<InvalidEvidence>()("InvalidEvidence", {
  message: Schema.String
}) {}

export const RejectPayment = Schema.Struct({ reason: Schema.String }).annotate({ identifier: "RejectPayment" })

export const orderDocs: ReadonlyArray<RouteDoc> = [
  {
    method: "post",
    path: "/api/v1/orders",
    summary: "Create and place an order → 201 placed, 409 insufficient_stock, 422 missing_fields",
    auth: "apiKey",
    body: CreateOrder,
    success: 201
  },
  {
    method: "get",
    path: "/api/v1/orders",
    summary: "List orders, optionally ?status=",
    auth: "apiKey",
    success: 200,
    query: ["status"]
  },
  { method: "get", path: "/api/v1/orders/{id}", summary: "One order", auth: "apiKey", success: 200 },
  {
    method: "post",
    path: "/api/v1/orders/{id}/cancel",
    summary: "Cancel (releases the stock)",
    auth: "apiKey",
    body: CancelOrder,
    success: 200
  },
  {
    method: "post",
    path: "/api/v1/orders/{id}/payment",
    summary: "Submit payment evidence (scored: paid or payment_review)",
    auth: "apiKey",
    body: PaymentBody,
    success: 200
  },
  {
    method: "post",
    path: "/api/v1/orders/{id}/fulfil",
    summary: "Mark a paid order fulfilled",
    auth: "apiKey",
    success: 200
  },
  {
    method: "post",
    path: "/api/v1/orders/{id}/payment/approve",
    summary: "Accept a payment under review (a reused reference → 409)",
    auth: "apiKey",
    success: 200
  },
  {
    method: "post",
    path: "/api/v1/orders/{id}/payment/reject",
    summary: "Reject a payment under review: back to placed",
    auth: "apiKey",
    body: RejectPayment,
    success: 200
  }
]

/** Draft the order, add its lines with their product facts, fill the fields, then place it. */
export const createOrder = (tenantId: TenantId, body: CreateOrderBody) =>
  Effect.gen(function* () {
    const orders = yield* Order.Orders
    const catalog = yield* Catalog.CatalogRepository
    const id = OrderId.make(yield* (yield* IdGenerator).next("ord"))
    const matches = yield* Effect.forEach(body.lines, (line) =>
      catalog.findBySku(tenantId, Sku.make(line.sku)).pipe(Effect.mapError(() => new UnknownSku({ sku: line.sku })))
    )
    const first = matches[0]!
    const currency = Catalog.effectivePrice(first.product, first.variant).currency
    const { name, phone } = body.customer
    const customerId = CustomerId.make(body.customer.id ?? phone ?? `admin:${id}`)
    yield* orders.draft(tenantId, {
      id,
      currency,
      customer: { customerId, ...(name === undefined ? {} : { name }), ...(phone === undefined ? {} : { phone }) }
    })
    for (const [i, { product, variant }] of matches.entries()) {
      const line = body.lines[i]!
      const size = variant.options.size ?? line.size
      const color = variant.options.color ?? line.color
      yield* orders.addLine(tenantId, id, {
        sku: variant.sku,
        productId: product.id,
        title: product.title,
        qty: line.qty,
        unitPrice: Catalog.effectivePrice(product, variant),
        category: product.category,
        hasSizes: Catalog.hasSizes(product),
        colorCount: Catalog.colours(product).length,
        ...(size === undefined ? {} : { size }),
        ...(color === undefined ? {} : { color })
      })
    }
    const fields: Array<[Order.FieldName, string | undefined]> = [
      ["city", body.fields?.city],
      ["phone", phone],
      ["name", name],
      ["delivery", body.delivery],
      ["address", body.fields?.address]
    ]
    for (const [field, value] of fields) {
      if (value !== undefined) yield* orders.setField(tenantId, id, { field, value })
    }
    return yield* orders.place(tenantId, id)
  })

const evidenceOf = (body: PaymentBody) =>
  Effect.suspend(() => {
    const amount = body.amount === undefined ? undefined : Money.fromJson(body.amount)
    if (amount !== undefined && Result.isFailure(amount))
      return Effect.fail(new InvalidEvidence({ message: amount.failure.message || "bad amount" }))
    const date = body.date === undefined ? undefined : Date.parse(body.date)
    if (date !== undefined && Number.isNaN(date))
      return Effect.fail(new InvalidEvidence({ message: `not a date: ${body.date}` }))
    return Effect.succeed({
      source: "staff" as const,
      ...(amount === undefined ? {} : { amount: amount.success }),
      ...(body.payer === undefined ? {} : { payer: body.payer }),
      ...(body.recipient === undefined ? {} : { recipient: body.recipient }),
      ...(body.reference === undefined ? {} : { reference: body.reference }),
      ...(date === undefined ? {} : { date: timestamp(date) })
    })
  })

const isStatus = Schema.is(Order.OrderStatus)

export const orderRoutes = (runtime: AppRuntime) => {
  const app = new Hono<ApiEnv>()
  app.use("*", apiKeyAuth(runtime), requireRole())
  const orderId = (raw: string) => OrderId.make(raw)

  app.post("/", async (c) => {
    const body = await decodeBody(c, CreateOrder)
    if (!body.ok) return body.response
    return run(c, runtime, createOrder(c.get("tenantId"), body.value), (ch) => c.json(orderJson(ch.state), 201))
  })
  app.get("/", async (c) => {
    const status = c.req.query("status")
    if (status !== undefined && !isStatus(status))
      return failWith(c, 422, "invalid_request", `unknown status: ${status}`)
    const filter = status === undefined ? {} : { status }
    return run(
      c,
      runtime,
      Order.OrderRepository.use((r) => r.list(c.get("tenantId"), filter)),
      (list) => c.json(list.map(orderJson))
    )
  })
  app.get("/:id", (c) =>
    run(
      c,
      runtime,
      Order.OrderRepository.use((r) => r.get(c.get("tenantId"), orderId(c.req.param("id")))),
      (o) => c.json(orderJson(o))
    )
  )
  app.post("/:id/cancel", async (c) => {
    const body = await decodeBody(c, CancelOrder)
    if (!body.ok) return body.response
    const effect = Order.Orders.use((s) =>
      s.cancel(c.get("tenantId"), orderId(c.req.param("id")), body.value.reason ?? "cancelled by staff")
    )
    return run(c, runtime, effect, (ch) => c.json(orderJson(ch.state)))
  })
  app.post("/:id/payment", async (c) => {
    const body = await decodeBody(c, PaymentBody)
    if (!body.ok) return body.response
    const effect = Effect.flatMap(evidenceOf(body.value), (evidence) =>
      Order.Orders.use((s) => s.submitPayment(c.get("tenantId"), orderId(c.req.param("id")), evidence))
    )
    return run(c, runtime, effect, (ch) => c.json(orderJson(ch.state)))
  })
  app.post("/:id/fulfil", (c) =>
    run(
      c,
      runtime,
      Order.Orders.use((s) => s.fulfil(c.get("tenantId"), orderId(c.req.param("id")))),
      (ch) => c.json(orderJson(ch.state))
    )
  )
  // Who decided is recorded as the key's role (keys have no person attached).
  app.post("/:id/payment/approve", (c) =>
    run(
      c,
      runtime,
      Order.Orders.use((s) => s.approve(c.get("tenantId"), orderId(c.req.param("id")), `staff:${c.get("role")}`)),
      (ch) => c.json(orderJson(ch.state))
    )
  )
  app.post("/:id/payment/reject", async (c) => {
    const body = await decodeBody(c, RejectPayment)
    if (!body.ok) return body.response
    const effect = Order.Orders.use((s) =>
      s.reject(c.get("tenantId"), orderId(c.req.param("id")), `staff:${c.get("role")}`, body.value.reason)
    )
    return run(c, runtime, effect, (ch) => c.json(orderJson(ch.state)))
  })
  return app
}
