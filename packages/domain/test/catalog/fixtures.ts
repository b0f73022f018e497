import { type Catalog, ProductId, Sku, TenantId } from "@chatshop/domain"

export const t1 = TenantId.make("t1")
const usd = (amount: number) => ({ amount, currency: "USD" as const })

const make = (
  id: string,
  title: string,
  category: Catalog.Category,
  variants: ReadonlyArray<[string, Catalog.VariantOptions]>,
  extra: Partial<Catalog.Product> = {}
): Catalog.Product => {
  const [first, ...rest] = variants.map(([sku, options]) => ({ sku: Sku.make(sku), options, oneOfAKind: false }))
  return {
    id: ProductId.make(id),
    tenantId: t1,
    title,
    category,
    description: "",
    photos: [],
    price: usd(10000),
    variants: [first!, ...rest],
    ...extra
  }
}

/** A small shop: boots in sizes, a bag in colours, sneakers, a Russian-titled bag, a thrift jacket. */
export const boots = make(
  "p-boots",
  "Chelsea boots",
  "shoes",
  [
    ["boot-37", { size: "37" }],
    ["boot-38", { size: "38" }],
    ["boot-38.5", { size: "38.5" }]
  ],
  { brand: "Dr Martens" }
)
export const flap = make(
  "p-flap",
  "Classic flap bag",
  "bag",
  [
    ["flap-black", { color: "Black" }],
    ["flap-white", { color: "White" }]
  ],
  { brand: "Chanel" }
)
export const airmax = make(
  "p-airmax",
  "Air Max 90",
  "shoes",
  [
    ["am-42", { size: "42", color: "White" }],
    ["am-43", { size: "43", color: "White" }]
  ],
  { brand: "Nike" }
)
export const sumka = make("p-sumka", "Сумка кожаная", "bag", [["sumka-1", { color: "Коричневый" }]], {
  description: "Мягкая кожа"
})
export const jacket = make("p-jacket", "Vintage denim jacket", "clothing", [["jk-1", { size: "M" }]], {
  description: "Inspired by Nike ads of the 90s"
})
export const catalog = [boots, flap, airmax, sumka, jacket]

export const stock: ReadonlyMap<Sku, number> = new Map(
  (
    [
      ["boot-37", 0],
      ["boot-38", 2],
      ["boot-38.5", 1],
      ["flap-black", 1],
      ["flap-white", 0],
      ["am-42", 3],
      ["sumka-1", 5],
      ["jk-1", 1]
    ] as const
  ).map(([sku, n]) => [Sku.make(sku), n])
)
