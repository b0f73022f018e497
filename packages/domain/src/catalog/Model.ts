import { Schema } from "effect"
import { ProductId, Sku, TenantId } from "../shared/Ids.ts"
import { Money } from "../shared/Money.ts"

/** SPEC §3.1: the five categories the dialog and the order policy know about. */
export const Category = Schema.Literals(["shoes", "clothing", "bag", "accessory", "other"])
export type Category = typeof Category.Type
export const categories: ReadonlyArray<Category> = Category.literals

/** A price is Money that is never negative (a free item costs 0). */
export const Price = Money.check(Schema.makeFilter((m) => m.amount >= 0 || "expected a non-negative price"))
export type Price = typeof Price.Type

const Label = Schema.String.check(Schema.isTrimmed(), Schema.isMinLength(1), Schema.isMaxLength(60))

/** The options a customer chooses between. Sizes are free text ("38", "M", "38.5"); so are colours. */
export const VariantOptions = Schema.Struct({
  size: Schema.optionalKey(Label),
  color: Schema.optionalKey(Label)
})
export type VariantOptions = typeof VariantOptions.Type

/** Measurements of a one-of-a-kind piece in centimetres, e.g. `{ chest: 52, length: 70 }`. */
export const Measurements = Schema.Record(
  Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(40)),
  Schema.Number.check(Schema.isFinite(), Schema.isGreaterThan(0))
)
export type Measurements = typeof Measurements.Type

export const Variant = Schema.Struct({
  sku: Sku,
  options: VariantOptions,
  /** Overrides the product price for this variant (same currency). */
  price: Schema.optionalKey(Price),
  measurements: Schema.optionalKey(Measurements),
  /** A thrift piece: exactly one exists, created with stock 1. */
  oneOfAKind: Schema.Boolean
})
export type Variant = typeof Variant.Type

export const PhotoUrl = Schema.String.check(Schema.isPattern(/^https?:\/\/\S+$/))

export const Product = Schema.Struct({
  id: ProductId,
  tenantId: TenantId,
  title: Schema.String.check(Schema.isTrimmed(), Schema.isMinLength(1), Schema.isMaxLength(200)),
  brand: Schema.optionalKey(Schema.String.check(Schema.isTrimmed(), Schema.isMinLength(1), Schema.isMaxLength(80))),
  category: Category,
  description: Schema.String.check(Schema.isMaxLength(5_000)),
  photos: Schema.Array(PhotoUrl),
  price: Price,
  variants: Schema.NonEmptyArray(Variant)
})
export type Product = typeof Product.Type

/** A variant as created: with its opening stock (the admin API's `stock`). */
export const NewVariant = Schema.Struct({ ...Variant.fields, stock: Schema.Int })
export type NewVariant = typeof NewVariant.Type

/** What `Catalog.create` takes: a product whose variants carry their opening stock. */
export const NewProduct = Schema.Struct({ ...Product.fields, variants: Schema.NonEmptyArray(NewVariant) })
export type NewProduct = typeof NewProduct.Type

/** The price a customer pays for one unit of this variant. */
export const effectivePrice = (product: Pick<Product, "price">, variant: Pick<Variant, "price">): Money =>
  variant.price ?? product.price

export const variantBySku = (product: Pick<Product, "variants">, sku: Sku): Variant | undefined =>
  product.variants.find((v) => v.sku === sku)

/** Distinct values of one option in variant order; "Black" and "black " count once (first spelling wins). */
const distinct = (product: Pick<Product, "variants">, option: keyof VariantOptions): ReadonlyArray<string> => {
  const seen = new Set<string>()
  const out: Array<string> = []
  for (const v of product.variants) {
    const value = v.options[option]
    if (value === undefined) continue
    const key = value.trim().toLowerCase()
    if (seen.has(key)) continue
    seen.add(key)
    out.push(value)
  }
  return out
}

export const sizes = (product: Pick<Product, "variants">): ReadonlyArray<string> => distinct(product, "size")
export const colours = (product: Pick<Product, "variants">): ReadonlyArray<string> => distinct(product, "color")

/** SPEC §3.3: the order asks for a size when the product has sizes at all. */
export const hasSizes = (product: Pick<Product, "variants">): boolean =>
  product.variants.some((v) => v.options.size !== undefined)

/** SPEC §3.3: the order asks for a colour only when there is more than one. */
export const hasSeveralColours = (product: Pick<Product, "variants">): boolean => colours(product).length > 1

/** Variants matching the chosen options (an omitted option matches anything; comparison ignores case). */
export const variantsMatching = (
  product: Pick<Product, "variants">,
  chosen: { readonly size?: string | undefined; readonly color?: string | undefined }
): ReadonlyArray<Variant> => {
  const same = (a: string | undefined, b: string | undefined) =>
    b === undefined || (a !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase())
  return product.variants.filter((v) => same(v.options.size, chosen.size) && same(v.options.color, chosen.color))
}
