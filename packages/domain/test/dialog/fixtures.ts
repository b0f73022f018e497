import { Result } from "effect"
import {
  Catalog,
  CustomerId,
  defaultShopSettings,
  Dialog,
  type NluEntities,
  type NluResult,
  type Offer,
  Order,
  OfferId,
  OrderId,
  ProductId,
  ReservationId,
  Sku,
  TenantId,
  timestamp,
  BusinessId
} from "@chatshop/domain"

export const tenant = TenantId.make("t-dialog")
export const now = timestamp(1_800_000_000_000)
const usd = (amount: number) => ({ amount, currency: "USD" as const })

const product = (
  id: string,
  title: string,
  category: Catalog.Category,
  price: number,
  variants: ReadonlyArray<readonly [string, Catalog.VariantOptions, number?]>,
  brand?: string
): Catalog.Product => {
  const [first, ...rest] = variants.map(([sku, options, override]) => ({
    sku: Sku.make(sku),
    options,
    oneOfAKind: false,
    ...(override === undefined ? {} : { price: usd(override) })
  }))
  return {
    id: ProductId.make(id),
    tenantId: tenant,
    title,
    category,
    description: "",
    photos: [`https://cdn.example/${id}-1.jpg`, `https://cdn.example/${id}-2.jpg`],
    price: usd(price),
    variants: [first!, ...rest],
    ...(brand === undefined ? {} : { brand })
  }
}

/** Shoes in one colour (size asked, colour not), sneakers in two colours, a bag in three colours. */
export const boots = product("p-boots", "Chelsea boots", "shoes", 12_000, [
  ["boots-38", { size: "38", color: "Black" }],
  ["boots-39", { size: "39", color: "Black" }],
  ["boots-40", { size: "40", color: "Black" }]
])
export const sneakers = product(
  "p-airmax",
  "Air Max 90",
  "shoes",
  9_900,
  [
    ["am-41-white", { size: "41", color: "White" }],
    ["am-42-white", { size: "42", color: "White" }],
    ["am-41-black", { size: "41", color: "Black" }, 10_900],
    ["am-42-black", { size: "42", color: "Black" }, 10_900]
  ],
  "Nike"
)
export const bag = product(
  "p-flap",
  "Classic flap bag",
  "bag",
  250_000,
  [
    ["flap-black", { color: "Black" }],
    ["flap-white", { color: "White" }],
    ["flap-red", { color: "Red" }]
  ],
  "Chanel"
)
export const catalog: ReadonlyArray<Catalog.Product> = [boots, sneakers, bag]

/** Stock per sku: boots 40 and white sneakers 42 sold out; the red bag sold out. */
export const stock: ReadonlyMap<Sku, number> = new Map(
  (
    [
      ["boots-38", 3],
      ["boots-39", 1],
      ["boots-40", 0],
      ["am-41-white", 2],
      ["am-42-white", 0],
      ["am-41-black", 5],
      ["am-42-black", 1],
      ["flap-black", 2],
      ["flap-white", 1],
      ["flap-red", 0]
    ] as const
  ).map(([sku, n]) => [Sku.make(sku), n])
)

export const view = (p: Catalog.Product, levels: ReadonlyMap<Sku, number> = stock): Catalog.ProductView => ({
  product: p,
  requested: {},
  ...Catalog.availability(p, levels)
})

export const searchFor = (text: string, levels: ReadonlyMap<Sku, number> = stock) =>
  Catalog.search(catalog, levels, text)

export const offer: Offer.Offer = {
  id: OfferId.make("deal-1"),
  tenantId: tenant,
  businessId: BusinessId.make("b-1"),
  title: "Surprise pastry box",
  price: usd(499),
  originalPrice: usd(1_500),
  quantity: 5,
  claimed: 2,
  window: { startsAt: timestamp(now - 1_000), endsAt: timestamp(now + 3_600_000) },
  status: "active",
  claims: {},
  createdAt: timestamp(now - 10_000),
  version: 2
}

export const context = (patch: Partial<Dialog.DialogContext> = {}): Dialog.DialogContext => ({
  now,
  owner: "bot",
  settings: defaultShopSettings,
  search: [],
  products: catalog.map((p) => view(p)),
  order: null,
  offers: [],
  attachments: [],
  paymentDetails: "Kaspi +7 701 000 00 00 (Aigerim)",
  ...patch
})

export const nlu = (
  intent: NluResult["intent"],
  entities: NluEntities = {},
  language: "en" | "ru" = "en"
): NluResult => ({
  intent,
  language,
  entities,
  confidence: 0.9
})

const orderId = OrderId.make("ord-1")

/** What the Orders service would do with the turn's order actions (placing reserves every line). */
export const applyActions = (
  order: Order.Order | null,
  actions: ReadonlyArray<Dialog.DialogAction>
): Order.Order | null => {
  let current = order
  const run = (command: Order.OrderCommand) => {
    if (current === null) return
    const result = Order.run(command, current)
    if (Result.isFailure(result)) throw new Error(`${command._tag} refused: ${result.failure._tag}`)
    current = result.success.state
  }
  for (const action of actions) {
    switch (action._tag) {
      case "AddLineToDraft":
        if (current === null || current.status !== "draft") {
          current = Order.makeDraft({
            id: orderId,
            tenantId: tenant,
            customer: { customerId: CustomerId.make("c-1") },
            currency: action.line.unitPrice.currency,
            at: now
          })
        }
        run({ _tag: "AddLine", line: action.line, at: now })
        break
      case "SetOrderField":
        run({ _tag: "SetField", field: action.field, value: action.value, ...lineOf(action), at: now })
        break
      case "PlaceOrder": {
        const placing = current as Order.Order | null
        if (placing === null) break
        const outcomes = placing.lines.map((line, i) => ({
          _tag: "Reserved" as const,
          line: i,
          sku: line.sku,
          qty: line.qty,
          reservationId: ReservationId.make(`${placing.id}/${i}`)
        }))
        run({ _tag: "Place", version: placing.version, outcomes, holdUntil: timestamp(now + 86_400_000), at: now })
        break
      }
      case "CancelOrder":
        run({ _tag: "Cancel", reason: action.reason, at: now })
        break
      default:
        break
    }
  }
  return current
}

const lineOf = (action: Extract<Dialog.DialogAction, { _tag: "SetOrderField" }>) => ({
  ...(action.line === undefined ? {} : { line: action.line }),
  ...(action.sku === undefined ? {} : { sku: action.sku })
})

export const replies = (actions: ReadonlyArray<Dialog.DialogAction>): ReadonlyArray<Dialog.ReplyAction> =>
  actions.filter((a): a is Dialog.ReplyAction => a._tag === "Reply")

export const keys = (actions: ReadonlyArray<Dialog.DialogAction>): ReadonlyArray<string> =>
  replies(actions).map((r) => r.key)

export const texts = (actions: ReadonlyArray<Dialog.DialogAction>): string =>
  replies(actions)
    .map((r) => Dialog.renderReply(r).text)
    .join("\n")
