import { Result } from "effect"
import type { Sku } from "../shared/Ids.ts"
import { InvalidProduct, type Problem } from "./Errors.ts"
import type { NewProduct, Product } from "./Model.ts"

/**
 * The catalog rules (SPEC §3.1) as predicates and one validator. Tests, `Catalog.create` and the
 * repositories' `update` all call them, so a stored product always satisfies them.
 */

export const uniqueSkus = (product: Pick<Product, "variants">): boolean =>
  new Set(product.variants.map((v) => v.sku)).size === product.variants.length

export const nonNegativePrices = (product: Pick<Product, "price" | "variants">): boolean =>
  product.price.amount >= 0 && product.variants.every((v) => v.price === undefined || v.price.amount >= 0)

/** A variant's price override is in the product's currency, so lines of one product can be summed. */
export const oneCurrency = (product: Pick<Product, "price" | "variants">): boolean =>
  product.variants.every((v) => v.price === undefined || v.price.currency === product.price.currency)

/** A one-of-a-kind piece starts with exactly one in stock; any variant starts with stock ≥ 0. */
export const openingStockValid = (product: Pick<NewProduct, "variants">): boolean =>
  product.variants.every((v) => (v.oneOfAKind ? v.stock === 1 : Number.isInteger(v.stock) && v.stock >= 0))

/** Every problem of a product, in variant order; empty when it is valid. */
export const problems = (product: Product | NewProduct): ReadonlyArray<Problem> => {
  const out: Array<Problem> = []
  const seen = new Set<Sku>()
  if (product.price.amount < 0) out.push({ code: "negative_price", message: "the price is negative" })
  if (!Number.isSafeInteger(product.price.amount))
    out.push({ code: "unsafe_amount", message: "the price is not a safe integer" })
  for (const v of product.variants) {
    const sku = v.sku
    if (seen.has(sku)) out.push({ code: "duplicate_sku", sku, message: `sku ${sku} appears twice` })
    seen.add(sku)
    if (v.price !== undefined) {
      if (v.price.amount < 0) out.push({ code: "negative_price", sku, message: `the price of ${sku} is negative` })
      if (!Number.isSafeInteger(v.price.amount)) {
        out.push({ code: "unsafe_amount", sku, message: `the price of ${sku} is not a safe integer` })
      }
      if (v.price.currency !== product.price.currency) {
        out.push({
          code: "currency_mismatch",
          sku,
          message: `${sku} is priced in ${v.price.currency}, the product in ${product.price.currency}`
        })
      }
    }
    if ("stock" in v) {
      if (v.oneOfAKind && v.stock !== 1) {
        out.push({ code: "one_of_a_kind_stock", sku, message: `${sku} is one of a kind: its stock must be 1` })
      } else if (!Number.isSafeInteger(v.stock) || v.stock < 0) {
        out.push({ code: "negative_stock", sku, message: `the stock of ${sku} must be a whole number ≥ 0` })
      }
    }
  }
  return out
}

/** The product unchanged, or every problem it has. */
export const validate = <P extends Product | NewProduct>(product: P): Result.Result<P, InvalidProduct> => {
  const found = problems(product)
  const [first, ...rest] = found
  return first === undefined
    ? Result.succeed(product)
    : Result.fail(new InvalidProduct({ productId: product.id, problems: [first, ...rest] }))
}

/** The stored product of a new one: its variants without the opening stock. */
export const withoutStock = (product: NewProduct): Product => {
  const strip = ({ stock: _stock, ...variant }: NewProduct["variants"][number]) => variant
  const [first, ...rest] = product.variants
  return { ...product, variants: [strip(first), ...rest.map(strip)] }
}
