import type { Product } from "./Model.ts"
import { key, normalize, textKey, tokens } from "./Normalize.ts"
import { colourOf, type Vocabulary } from "./Vocabulary.ts"

/** One indexed word: its comparison key and its normalised spelling (typos are judged on both). */
export interface IndexToken {
  readonly key: string
  readonly norm: string
}

export interface Field {
  readonly weight: number
  readonly tokens: ReadonlyArray<IndexToken>
  readonly keys: ReadonlySet<string>
  /** Descriptions are long and loose: only exact and prefix matches count there. */
  readonly fuzzy: boolean
  /** The variants' sizes and colours: a hit there alone never says the product is what was asked for. */
  readonly option: boolean
}

/** What search needs of one product, computed once per product object and vocabulary. */
export interface ProductIndex {
  readonly brandKey: string | undefined
  readonly fields: ReadonlyArray<Field>
  /** size key ("38.5", "xl") → the variant's spelling. */
  readonly sizes: ReadonlyMap<string, string>
  /** canonical colour or colour key → the variant's spelling. */
  readonly colours: ReadonlyMap<string, string>
  /** Per variant, in order: its size key and colour key. */
  readonly variantKeys: ReadonlyArray<{ readonly size: string | undefined; readonly colour: string | undefined }>
}

/** Field weights: a brand hit says most, a description hit least. */
export const weights = { brand: 4, title: 3, options: 2, category: 2, description: 1 } as const

const field = (weight: number, texts: ReadonlyArray<string>, fuzzy: boolean, option = false): Field => {
  const seen = new Map<string, IndexToken>()
  for (const text of texts) {
    for (const norm of tokens(text)) {
      const k = key(norm)
      if (!seen.has(k)) seen.set(k, { key: k, norm })
    }
  }
  return { weight, tokens: [...seen.values()], keys: new Set(seen.keys()), fuzzy, option }
}

/** The key a size is compared by: "38,5" = "38.5", "X L" = "xl". */
export const sizeKey = (size: string): string => key(normalize(size).replaceAll(" ", ""))

/** The canonical colour of a variant's colour text ("Чёрный" → "black"), else its own key. */
export const colourKey = (vocabulary: Vocabulary, colour: string): string => {
  for (const word of tokens(colour)) {
    const canonical = colourOf(vocabulary, key(word))
    if (canonical !== undefined) return canonical
  }
  return textKey(colour)
}

const build = (product: Product, vocabulary: Vocabulary): ProductIndex => {
  const sizes = new Map<string, string>()
  const colours = new Map<string, string>()
  const options: Array<string> = []
  const variantKeys = product.variants.map(({ options: { size, color } }) => {
    const keys = {
      size: size === undefined ? undefined : sizeKey(size),
      colour: color === undefined ? undefined : colourKey(vocabulary, color)
    }
    if (size !== undefined && keys.size !== undefined) {
      if (!sizes.has(keys.size)) sizes.set(keys.size, size)
      options.push(size)
    }
    if (color !== undefined && keys.colour !== undefined) {
      if (!colours.has(keys.colour)) colours.set(keys.colour, color)
      options.push(color)
    }
    return keys
  })
  const brandKey = product.brand === undefined ? undefined : textKey(product.brand)
  return {
    brandKey: brandKey === "" ? undefined : brandKey,
    fields: [
      field(weights.brand, product.brand === undefined ? [] : [product.brand], true),
      field(weights.title, [product.title], true),
      field(weights.options, options, true, true),
      field(weights.category, [product.category], false),
      field(weights.description, [product.description], false)
    ],
    sizes,
    colours,
    variantKeys
  }
}

// Products are immutable values: index each object once per vocabulary and reuse it across queries.
const cache = new WeakMap<Vocabulary, WeakMap<Product, ProductIndex>>()

export const indexOf = (product: Product, vocabulary: Vocabulary): ProductIndex => {
  let byProduct = cache.get(vocabulary)
  if (byProduct === undefined) {
    byProduct = new WeakMap()
    cache.set(vocabulary, byProduct)
  }
  const found = byProduct.get(product)
  if (found !== undefined) return found
  const built = build(product, vocabulary)
  byProduct.set(product, built)
  return built
}
