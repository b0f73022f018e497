// An app that embeds @chatshop/domain with the in-memory adapters and walks one sale:
// catalog search (Russian brand alias) → draft → the questions nextQuestion asks → place (stock held)
// → payment evidence scored → paid (stock committed). Run it: `node examples/embed.ts`.
import { Effect, Layer, Option } from "effect"
import {
  Catalog,
  CustomerId,
  Inventory,
  Money,
  Order,
  OrderId,
  ProductId,
  Sku,
  TenantId,
  timestamp
} from "@chatshop/domain"

const shop = TenantId.make("demo-shop")
const recipient = "Demo Shop LLC"

/** Every port in memory; one StockLedger shared by the catalog and the order service. */
export const layer = Layer.mergeAll(Catalog.Catalog.layer, Order.Orders.layer).pipe(
  Layer.provide(
    Layer.succeed(Order.OrderPolicy, {
      forTenant: () =>
        Effect.succeed({ holdHours: 24, paymentAutoAcceptThreshold: 0.8, paymentRecipients: [recipient] })
    })
  ),
  Layer.provideMerge(
    Layer.mergeAll(
      Catalog.CatalogRepository.layerMemory,
      Order.OrderRepository.layerMemory,
      Inventory.StockLedger.layerMemory
    )
  )
)

/** What the customer answers to each question the order asks. */
const answers: Record<Order.RequiredField["field"], string> = {
  city: "Almaty",
  size: "38",
  color: "black",
  phone: "+7 701 555 0101",
  address: "Abay Ave 10, apt 5"
}

export const sale = Effect.gen(function* () {
  const catalog = yield* Catalog.Catalog
  const orders = yield* Order.Orders
  const ledger = yield* Inventory.StockLedger
  const log: Array<string> = []

  yield* catalog.create({
    id: ProductId.make("nike-chelsea"),
    tenantId: shop,
    title: "Chelsea boots",
    brand: "Nike",
    category: "shoes",
    description: "Leather chelsea boots",
    photos: ["https://example.com/boots.jpg"],
    price: Money.make(5990, "USD"),
    variants: [
      { sku: Sku.make("boot-38"), options: { size: "38", color: "black" }, oneOfAKind: false, stock: 3 },
      { sku: Sku.make("boot-39"), options: { size: "39", color: "black" }, oneOfAKind: false, stock: 1 }
    ]
  })

  const [hit] = yield* catalog.search(shop, "найк ботинки 38")
  if (hit === undefined) return yield* Effect.die("the boots should be found by their Russian brand alias")
  const variant = hit.variants.find((v) => v.variant.options.size === "38")!
  log.push(`found ${hit.product.title}: ${Money.format(hit.product.price)}, size 38 available: ${variant.available}`)

  const id = OrderId.make("order-1")
  yield* orders.draft(shop, { id, customer: { customerId: CustomerId.make("wa-77015550101") }, currency: "USD" })
  let change = yield* orders.addLine(shop, id, {
    sku: variant.variant.sku,
    productId: hit.product.id,
    title: hit.product.title,
    qty: 1,
    unitPrice: hit.product.price,
    category: hit.product.category,
    hasSizes: Catalog.hasSizes(hit.product),
    colorCount: Catalog.colours(hit.product).length,
    size: "38" // the customer named it in the search
  })
  change = yield* orders.setField(shop, id, { field: "delivery", value: "delivery" })
  for (let q = Order.nextQuestion(change.state); Option.isSome(q); q = Order.nextQuestion(change.state)) {
    const { field, line } = q.value
    log.push(`asked ${field}`)
    change = yield* orders.setField(shop, id, { field, value: answers[field], ...(line === undefined ? {} : { line }) })
  }

  const placed = yield* orders.place(shop, id)
  const held = yield* ledger.level(shop, variant.variant.sku)
  log.push(`placed: ${placed.state.status}, held ${held.reserved} of ${held.onHand}`)

  const paid = yield* orders.submitPayment(shop, id, {
    amount: Money.make(5990, "USD"),
    recipient,
    reference: "TXN-0001",
    date: timestamp(Date.now())
  })
  const after = yield* ledger.level(shop, variant.variant.sku)
  log.push(`payment: ${paid.state.status}, on hand ${after.onHand}, reserved ${after.reserved}`)
  return { log, status: paid.state.status, stock: after }
})

if (import.meta.main) {
  const result = await Effect.runPromise(sale.pipe(Effect.provide(layer)))
  for (const line of result.log) console.log(line)
}
