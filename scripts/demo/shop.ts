// The demo shop `pnpm start` seeds (SPEC §7): shoes with sizes, bags in colours, one-of-a-kind thrift
// pieces with measurements, a deal from a verified business and a web chat. Plain data, fixed ids.
import { BusinessId, ChannelAccountId, type Catalog, ProductId, Sku, TenantId } from "@chatshop/domain"

export const demoTenantId = TenantId.make("demo")
export const demoShopName = "Demo Boutique"
export const demoWebchatAccount = ChannelAccountId.make("webchat-demo")
export const demoBusinessId = BusinessId.make("biz-demo-outlet")

const usd = (dollars: number) => ({ amount: Math.round(dollars * 100), currency: "USD" as const })
const photo = (seed: string) => `https://picsum.photos/seed/chatshop-${seed}/600/600`

type Variant = Catalog.NewProduct["variants"][number]
type Product = Omit<Catalog.NewProduct, "tenantId">

/** Variant lists joined into the catalog's non-empty array. */
const variants = (...lists: ReadonlyArray<ReadonlyArray<Variant>>): Product["variants"] => {
  const [first, ...rest] = lists.flat()
  if (first === undefined) throw new Error("a demo product needs a variant")
  return [first, ...rest]
}

const sized = (prefix: string, sizes: ReadonlyArray<number>, color: string, stock: (size: number) => number) =>
  sizes.map(
    (size): Variant => ({
      sku: Sku.make(`${prefix}-${color.toLowerCase()}-${size}`),
      options: { size: String(size), color },
      oneOfAKind: false,
      stock: stock(size)
    })
  )

const coloured = (prefix: string, colors: ReadonlyArray<string>, stock: number) =>
  colors.map(
    (color): Variant => ({
      sku: Sku.make(`${prefix}-${color.toLowerCase()}`),
      options: { color },
      oneOfAKind: false,
      stock
    })
  )

/** A thrift piece: exactly one exists (stock 1), sized by its measurements in centimetres. */
const thrift = (sku: string, size: string, measurements: Readonly<Record<string, number>>): Variant => ({
  sku: Sku.make(sku),
  options: { size },
  measurements,
  oneOfAKind: true,
  stock: 1
})

export const demoProducts: ReadonlyArray<Product> = [
  {
    id: ProductId.make("p-chelsea-boots"),
    title: "Chelsea boots",
    category: "shoes",
    description: "Black leather Chelsea boots with elastic sides and a stacked heel.",
    photos: [photo("chelsea-boots")],
    price: usd(89),
    // One colour: the order asks the size, never the colour. Size 41 is down to the last pair.
    variants: variants(
      sized("chelsea", [36, 37, 38, 39, 40, 41], "Black", (size) => (size === 41 ? 1 : size === 38 ? 4 : 3))
    )
  },
  {
    id: ProductId.make("p-sneakers"),
    title: "Leather sneakers",
    brand: "Veja",
    category: "shoes",
    description: "Low-top leather sneakers with a rubber sole.",
    photos: [photo("sneakers")],
    price: usd(120),
    variants: variants(
      sized("sneakers", [38, 39, 40, 41, 42, 43], "White", () => 2),
      sized("sneakers", [39, 40, 41, 42], "Black", () => 2)
    )
  },
  {
    id: ProductId.make("p-tote-bag"),
    title: "Leather tote bag",
    category: "bag",
    description: "A roomy tote in soft leather, 38 × 30 × 14 cm, fits a 14-inch laptop.",
    photos: [photo("tote-bag")],
    price: usd(149),
    variants: variants(coloured("tote", ["Black", "Tan", "Burgundy"], 3))
  },
  {
    id: ProductId.make("p-crossbody-bag"),
    title: "Crossbody bag",
    category: "bag",
    description: "A small crossbody bag with an adjustable strap.",
    photos: [photo("crossbody-bag")],
    price: usd(65),
    variants: variants(coloured("crossbody", ["Black", "Olive"], 4), coloured("crossbody", ["Red"], 1))
  },
  {
    id: ProductId.make("p-denim-jacket"),
    title: "Vintage denim jacket",
    brand: "Levi's",
    category: "clothing",
    description: "One of a kind: a 90s Levi's trucker jacket, light wash, lightly worn.",
    photos: [photo("denim-jacket")],
    price: usd(55),
    variants: [thrift("thrift-denim-jacket-m", "M", { chest: 54, length: 62, sleeve: 60 })]
  },
  {
    id: ProductId.make("p-suede-coat"),
    title: "70s suede coat",
    category: "clothing",
    description: "One of a kind: a camel suede coat from the seventies with a shearling collar.",
    photos: [photo("suede-coat")],
    price: usd(140),
    variants: [thrift("thrift-suede-coat-l", "L", { chest: 58, length: 96, sleeve: 63 })]
  },
  {
    id: ProductId.make("p-wool-cardigan"),
    title: "Hand-knit wool cardigan",
    category: "clothing",
    description: "One of a kind: a chunky hand-knit cardigan in cream wool.",
    photos: [photo("wool-cardigan")],
    price: usd(48),
    variants: [thrift("thrift-wool-cardigan-s", "S", { chest: 48, length: 58, sleeve: 57 })]
  }
]

/** The deal: a verified business sells a few surprise bags at a third of their value. */
export const demoOffer = {
  offerId: "offer-demo-surprise-box",
  title: "Surprise box: 3 accessories",
  description: "Three end-of-season accessories picked for you; pick up at the shop.",
  price: usd(15),
  originalPrice: usd(45),
  quantity: 10,
  /** The offer runs this long from the first start. */
  days: 30
} as const
