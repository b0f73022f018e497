import { Catalog, IdGenerator, Inventory, Money, ProductId, Sku, type TenantId } from "@chatshop/domain"
import { Effect, Result } from "effect"
import { Hono } from "hono"
import type { AppRuntime } from "../runtime.ts"
import { type ApiEnv, apiKeyAuth, requireRole } from "./Auth.ts"
import type { RouteDoc } from "./Docs.ts"
import { productJson } from "./Json.ts"
import { decodeBody, run } from "./Run.ts"
import {
  Adjust,
  type CreateProduct as CreateProductBody,
  CreateProduct,
  Restock,
  strictBody,
  type VariantOptionsBody
} from "./Schemas.ts"

export const productDocs: ReadonlyArray<RouteDoc> = [
  {
    method: "post",
    path: "/api/v1/products",
    summary: "Create a product with variants and opening stock (options.colour = options.color; unknown keys → 422)",
    auth: "apiKey",
    body: CreateProduct,
    strict: true,
    success: 201
  },
  {
    method: "get",
    path: "/api/v1/products",
    summary: "List products, or search them with ?query= (ranked, with availability)",
    auth: "apiKey",
    success: 200,
    query: ["query"]
  },
  { method: "get", path: "/api/v1/products/{id}", summary: "One product", auth: "apiKey", success: 200 },
  {
    method: "get",
    path: "/api/v1/inventory/{sku}",
    summary: "Stock of a sku → {sku, onHand, reserved, available}",
    auth: "apiKey",
    success: 200
  },
  {
    method: "post",
    path: "/api/v1/inventory/{sku}/restock",
    summary: "Add stock",
    auth: "apiKey",
    body: Restock,
    success: 200
  },
  {
    method: "post",
    path: "/api/v1/inventory/{sku}/adjust",
    summary: "Set onHand after a count (never below reserved → 409)",
    auth: "apiKey",
    body: Adjust,
    success: 200
  }
]

const money = (json: Money.MoneyJson) =>
  Effect.suspend(() => {
    const parsed = Money.fromJson(json)
    return Result.isSuccess(parsed) ? Effect.succeed(parsed.success) : Effect.fail(parsed.failure)
  })

/** `colour` is `color` spelled the British way; the catalog stores `color`. */
const optionsOf = (options: VariantOptionsBody | undefined): Catalog.VariantOptions => {
  const color = options?.color ?? options?.colour
  return {
    ...(options?.size === undefined ? {} : { size: options.size }),
    ...(color === undefined ? {} : { color })
  }
}

export const toNewProduct = (tenantId: TenantId, id: ProductId, body: CreateProductBody) =>
  Effect.gen(function* () {
    const price = yield* money(body.price)
    const variants = yield* Effect.forEach(body.variants, (v) =>
      Effect.map(v.price === undefined ? Effect.succeed(undefined) : money(v.price), (vp) => ({
        sku: Sku.make(v.sku),
        options: optionsOf(v.options),
        stock: v.stock,
        oneOfAKind: v.oneOfAKind ?? false,
        ...(vp === undefined ? {} : { price: vp }),
        ...(v.measurements === undefined ? {} : { measurements: v.measurements })
      }))
    )
    const [first, ...rest] = variants
    const product: Catalog.NewProduct = {
      id,
      tenantId,
      title: body.title,
      ...(body.brand === undefined ? {} : { brand: body.brand }),
      category: body.category,
      description: body.description ?? "",
      photos: body.photos ?? [],
      price,
      variants: [first!, ...rest]
    }
    return product
  })

const levelJson = (l: Inventory.StockLevel) => ({
  sku: l.sku,
  onHand: l.onHand,
  reserved: l.reserved,
  available: l.available
})

export const productRoutes = (runtime: AppRuntime) => {
  const app = new Hono<ApiEnv>()
  app.use("*", apiKeyAuth(runtime), requireRole())
  app.post("/", async (c) => {
    const body = await decodeBody(c, CreateProduct, strictBody)
    if (!body.ok) return body.response
    const effect = Effect.gen(function* () {
      const id = ProductId.make(yield* (yield* IdGenerator).next("prd"))
      const product = yield* toNewProduct(c.get("tenantId"), id, body.value)
      return yield* (yield* Catalog.Catalog).create(product)
    })
    return run(c, runtime, effect, (p) => c.json(productJson(p), 201))
  })
  app.get("/", (c) => {
    const query = c.req.query("query")?.trim()
    const tenantId = c.get("tenantId")
    if (query === undefined || query === "") {
      return run(
        c,
        runtime,
        Catalog.CatalogRepository.use((r) => r.list(tenantId)),
        (list) => c.json(list.map(productJson))
      )
    }
    return run(
      c,
      runtime,
      Catalog.Catalog.use((s) => s.search(tenantId, query)),
      (results) => c.json(results.map((r) => ({ ...r, product: productJson(r.product) })))
    )
  })
  app.get("/:id", (c) =>
    run(
      c,
      runtime,
      Catalog.CatalogRepository.use((r) => r.get(c.get("tenantId"), ProductId.make(c.req.param("id")))),
      (p) => c.json(productJson(p))
    )
  )
  return app
}

export const inventoryRoutes = (runtime: AppRuntime) => {
  const app = new Hono<ApiEnv>()
  app.use("*", apiKeyAuth(runtime), requireRole())
  const ledger = Inventory.StockLedger
  app.get("/:sku", (c) =>
    run(
      c,
      runtime,
      ledger.use((l) => l.level(c.get("tenantId"), Sku.make(c.req.param("sku")))),
      (l) => c.json(levelJson(l))
    )
  )
  app.post("/:sku/restock", async (c) => {
    const body = await decodeBody(c, Restock)
    if (!body.ok) return body.response
    const sku = Sku.make(c.req.param("sku"))
    return run(
      c,
      runtime,
      ledger.use((l) => l.restock(c.get("tenantId"), sku, body.value.qty)),
      (ch) => c.json(levelJson(ch.level))
    )
  })
  app.post("/:sku/adjust", async (c) => {
    const body = await decodeBody(c, Adjust)
    if (!body.ok) return body.response
    const sku = Sku.make(c.req.param("sku"))
    return run(
      c,
      runtime,
      ledger.use((l) => l.adjust(c.get("tenantId"), sku, body.value.onHand)),
      (ch) => c.json(levelJson(ch.level))
    )
  })
  return app
}
