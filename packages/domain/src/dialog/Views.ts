import type { ProductView } from "../catalog/Catalog.ts"
import { colours, hasSizes, sizes } from "../catalog/Model.ts"
import { normalize, textKey } from "../catalog/Normalize.ts"
import type { VariantAvailability } from "../catalog/Search.ts"
import { colourOf, defaultVocabulary } from "../catalog/Vocabulary.ts"
import type { LineSpec } from "../order/Model.ts"
import type { ProductId } from "../shared/Ids.ts"
import type { DialogContext } from "./Model.ts"

/** Catalog facts the dialog reads from its context: product views, options in stock, lines. */

/** The product with live availability, from the views or the search results of this turn. */
export const viewOf = (ctx: DialogContext, id: string): ProductView | undefined =>
  ctx.products.find((v) => v.product.id === id) ?? ctx.search.find((r) => r.product.id === id)

const sizeKey = (size: string): string => normalize(size)
const colourKey = (colour: string): string => {
  const k = textKey(colour)
  return colourOf(defaultVocabulary, k) ?? k
}

/** The product's own spelling of a size the customer named ("38" → "38"), if it has it. */
export const matchSize = (view: ProductView, wanted: string): string | undefined =>
  sizes(view.product).find((s) => sizeKey(s) === sizeKey(wanted))

/** The product's own spelling of a colour the customer named ("черную" → "Black"), if it has it. */
export const matchColour = (view: ProductView, wanted: string): string | undefined =>
  colours(view.product).find((c) => colourKey(c) === colourKey(wanted))

const same = (a: string | undefined, b: string | undefined, k: (s: string) => string): boolean =>
  b === undefined || (a !== undefined && k(a) === k(b))

/** Variants with these options (an omitted option matches anything). */
export const variantsWith = (
  view: ProductView,
  size: string | undefined,
  color: string | undefined
): ReadonlyArray<VariantAvailability> =>
  view.variants.filter(
    (v) => same(v.variant.options.size, size, sizeKey) && same(v.variant.options.color, color, colourKey)
  )

/** The variant to quote or hold for these options: the first in stock, else the first at all. */
export const variantFor = (
  view: ProductView,
  size: string | undefined,
  color: string | undefined
): VariantAvailability | undefined => {
  const matching = variantsWith(view, size, color)
  return matching.find((v) => v.available > 0) ?? matching[0]
}

const distinct = (values: ReadonlyArray<string | undefined>): ReadonlyArray<string> => {
  const out: Array<string> = []
  for (const v of values) if (v !== undefined && !out.includes(v)) out.push(v)
  return out
}

/** Sizes in stock (in the given colour, when named), in variant order. */
export const sizesInStock = (view: ProductView, color?: string): ReadonlyArray<string> =>
  distinct(variantsWith(view, undefined, color).map((v) => (v.available > 0 ? v.variant.options.size : undefined)))

/** Colours in stock (in the given size, when named), in variant order. */
export const coloursInStock = (view: ProductView, size?: string): ReadonlyArray<string> =>
  distinct(variantsWith(view, size, undefined).map((v) => (v.available > 0 ? v.variant.options.color : undefined)))

/** Units in stock over all variants. */
export const totalInStock = (view: ProductView): number => view.variants.reduce((n, v) => n + v.available, 0)

/**
 * The order line for a product with the options known so far. A missing size or colour is filled
 * when the product has only one; the sku is the matching variant (in stock first), switched later
 * by SetOrderField when the customer names the option.
 */
export const lineFor = (
  view: ProductView,
  chosen: { readonly size?: string | undefined; readonly color?: string | undefined },
  qty: number
): LineSpec | undefined => {
  const product = view.product
  const allSizes = sizes(product)
  const allColours = colours(product)
  const size = chosen.size ?? (allSizes.length === 1 ? allSizes[0] : undefined)
  const color = chosen.color ?? (allColours.length === 1 ? allColours[0] : undefined)
  const variant = variantFor(view, size, color)
  if (variant === undefined) return undefined
  return {
    sku: variant.variant.sku,
    productId: product.id,
    title: product.title,
    qty,
    unitPrice: variant.price,
    category: product.category,
    hasSizes: hasSizes(product),
    colorCount: allColours.length,
    ...(size === undefined ? {} : { size }),
    ...(color === undefined ? {} : { color })
  }
}

/** Ids without repeats, in first-seen order. */
export const uniqueIds = (ids: ReadonlyArray<ProductId | null>): ReadonlyArray<ProductId> => {
  const out: Array<ProductId> = []
  for (const id of ids) if (id !== null && !out.includes(id)) out.push(id)
  return out
}
