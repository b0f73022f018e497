import type { Sku } from "../shared/Ids.ts"
import type { Money } from "../shared/Money.ts"
import { closeEnough } from "./Fuzzy.ts"
import { colourKey, type Field, indexOf, type IndexToken, type ProductIndex, sizeKey, weights } from "./ProductIndex.ts"
import { effectivePrice, type Product, type Variant } from "./Model.ts"
import { parseQuery, type Query, type Term } from "./Query.ts"
import { defaultVocabulary, type Vocabulary } from "./Vocabulary.ts"

/** Units available per sku, as the stock ledger reports them; a missing sku has none. */
export type StockLookup = ReadonlyMap<Sku, number>

/** The size and colour the customer named, spelled as this product's variants spell them. */
export interface Requested {
  readonly size?: string
  readonly color?: string
}

export interface VariantAvailability {
  readonly variant: Variant
  readonly price: Money
  readonly available: number
  /** Has the requested size and colour (true for every variant when none was named). */
  readonly matches: boolean
}

export interface SearchResult {
  readonly product: Product
  readonly score: number
  readonly requested: Requested
  readonly variants: ReadonlyArray<VariantAvailability>
  /** Units available over the matching variants. */
  readonly available: number
}

export interface SearchOptions {
  readonly vocabulary?: Vocabulary
  /** Keep only the best `limit` results. */
  readonly limit?: number
}

/** Extra score when the query names the product's brand exactly. */
export const exactBrandBoost = 3

/** How well one key matches one indexed token: 1 exact, 0.8 prefix, 0.7 plural-like, 0.6 typo. */
const quality = (typed: string, token: IndexToken, fuzzy: boolean): number => {
  if (typed === token.key) return 1
  if (typed.length >= 3 && token.key.startsWith(typed)) return 0.8
  if (token.key.length >= 3 && typed.startsWith(token.key) && typed.length - token.key.length <= 2) return 0.7
  return fuzzy && closeEnough(typed, token.key) ? 0.6 : 0
}

/** The typed word against a field: its key, and its own spelling for same-script typos. */
const typedMatch = (key: string, norm: string, field: Field): number => {
  if (field.keys.has(key)) return 1
  let best = 0
  const fuzzy = field.fuzzy
  const latin = norm === key
  for (const token of field.tokens) {
    best = Math.max(best, quality(key, token, fuzzy))
    if (best < 0.6 && fuzzy && !(latin && token.norm === token.key) && closeEnough(norm, token.norm)) best = 0.6
    if (best >= 0.8) return best
  }
  return best
}

/** A term prepared once per query: each spelling split into words; only the typed one may be fuzzy. */
interface Spelling {
  readonly words: ReadonlyArray<string>
  readonly norms: ReadonlyArray<string>
  readonly typed: boolean
}

const compiled = new WeakMap<Term, ReadonlyArray<Spelling>>()

const spellings = (term: Term): ReadonlyArray<Spelling> => {
  const found = compiled.get(term)
  if (found !== undefined) return found
  const norms = term.text.split(" ")
  const built = term.keys.map((k, i) => {
    const words = k.split(" ")
    return { words, norms: i === 0 && norms.length === words.length ? norms : words, typed: i === 0 }
  })
  compiled.set(term, built)
  return built
}

/** Every word of a spelling must match; the weakest word decides. */
const spellingMatch = (spelling: Spelling, field: Field): number => {
  let worst = 1
  for (let i = 0; i < spelling.words.length; i++) {
    const k = spelling.words[i]!
    const q = spelling.typed ? typedMatch(k, spelling.norms[i]!, field) : field.keys.has(k) ? 1 : 0
    if (q < worst) worst = q
    if (worst === 0) return 0
  }
  return worst
}

/** How well a term matches what the product is (brand, title, category, description) and its options. */
interface TermHit {
  readonly item: number
  readonly option: number
}

const termHit = (term: Term, index: ProductIndex, category: string): TermHit => {
  let item = term.category !== undefined && term.category === category ? weights.category : 0
  // "коричневую" names the colour of a variant spelled "Brown" or "Коричневый": an option hit.
  let option = term.colour !== undefined && index.colours.has(term.colour) ? weights.options : 0
  const all = spellings(term)
  for (const field of index.fields) {
    const best = field.option ? option : item
    if (field.tokens.length === 0 || field.weight <= best) continue
    let found = best
    for (const spelling of all) {
      found = Math.max(found, field.weight * spellingMatch(spelling, field))
      if (found === field.weight) break
    }
    if (field.option) option = found
    else item = found
  }
  return { item, option }
}

const letterSizes = new Set(["xxs", "xs", "s", "m", "l", "xl", "xxl", "xxxl", "2xl", "3xl", "4xl"])

/**
 * A word that qualifies what was asked rather than naming it: a colour, a size or any number, or a
 * word this product has only among its options ("tan" for a bag in Tan).
 */
const isModifier = (term: Term, hit: TermHit): boolean =>
  (term.colour !== undefined && term.brand === undefined && term.category === undefined) ||
  /^\d+(?:[.,]\d+)?$/.test(term.text) ||
  letterSizes.has(term.text) ||
  (hit.item === 0 && hit.option > 0)

const brandNamed = (query: Query, index: ProductIndex): boolean => {
  const brand = index.brandKey
  if (brand === undefined) return false
  if (query.terms.some((t) => t.brand === brand)) return true
  return query.phrase.includes(` ${brand} `)
}

/** A product's relevance to what the customer named, and the share of the sizes and colours asked for it has. */
interface Rating {
  readonly score: number
  readonly named: boolean
  readonly options: number
}

const rate = (product: Product, query: Query, vocabulary: Vocabulary): Rating => {
  const index = indexOf(product, vocabulary)
  let namedTotal = 0
  let modifierTotal = 0
  let options = 0
  // Something named matched what the product is; or every word is a modifier the product has.
  let named = false
  let allModifiersHit = true
  for (const term of query.terms) {
    const hit = termHit(term, index, product.category)
    const best = Math.max(hit.item, hit.option)
    if (!isModifier(term, hit)) {
      allModifiersHit = false
      if (hit.item > 0) named = true
      namedTotal += best
    } else {
      if (best === 0) allModifiersHit = false
      options += Math.min(best, weights.options) / weights.options
      modifierTotal += best
    }
  }
  let total = named ? namedTotal : allModifiersHit ? modifierTotal : 0
  if (total === 0) return { score: 0, named: false, options: 0 }
  if (brandNamed(query, index)) total += exactBrandBoost
  return { score: Math.round(total * 1000) / 1000, named, options }
}

/**
 * The product's relevance to the query: 0 when nothing matches. A colour or size alone never makes
 * a match when the customer also named something else: "red umbrella" is no red bag. With something
 * named, sizes and colours add nothing here: `searchParsed` uses them to single out, among the
 * products named best, the ones that have them. A query of modifiers only ("red", "38") matches a
 * product that has every one of them.
 */
export const score = (product: Product, query: Query, vocabulary: Vocabulary = defaultVocabulary): number =>
  rate(product, query, vocabulary).score

/**
 * How much a size or colour raises a product named best that has it ("red bag": the red one half
 * again over the other bags). One named less well never gets it: "chelsea 39" is no reason to offer
 * sneakers that also come in 39, since they are only shoes, not Chelsea boots.
 */
export const modifierBoost = 0.5

/** The size and colour named in the query that this product offers ("boots 38", "черная сумка"). */
export const requestedOptions = (
  product: Product,
  query: Query,
  vocabulary: Vocabulary = defaultVocabulary
): Requested => {
  const index = indexOf(product, vocabulary)
  let size: string | undefined
  let color: string | undefined
  // Query keys are already normalised and folded, so they compare with size keys as they are.
  for (const k of query.allKeys) size ??= index.sizes.get(k)
  for (const term of query.terms) {
    color ??= index.colours.get(term.colour ?? term.keys[0]!)
  }
  return { ...(size === undefined ? {} : { size }), ...(color === undefined ? {} : { color }) }
}

/** Units a lookup reports for a sku, never negative, never NaN. */
export const availableOf = (stock: StockLookup, sku: Sku): number => {
  const units = stock.get(sku)
  return units !== undefined && Number.isFinite(units) && units > 0 ? Math.floor(units) : 0
}

/** Every variant with its price and live availability, flagged when it has the requested options. */
export const availability = (
  product: Product,
  stock: StockLookup,
  requested: Requested = {},
  vocabulary: Vocabulary = defaultVocabulary
): { readonly variants: ReadonlyArray<VariantAvailability>; readonly available: number } => {
  const index = indexOf(product, vocabulary)
  const wantSize = requested.size === undefined ? undefined : sizeKey(requested.size)
  const wantColour = requested.color === undefined ? undefined : colourKey(vocabulary, requested.color)
  let total = 0
  const variants = product.variants.map((variant, i): VariantAvailability => {
    const keys = index.variantKeys[i]!
    const sizeOk = wantSize === undefined || keys.size === wantSize
    const colourOk = wantColour === undefined || keys.colour === wantColour
    const matches = sizeOk && colourOk
    const available = availableOf(stock, variant.sku)
    if (matches) total += available
    return { variant, price: effectivePrice(product, variant), available, matches }
  })
  return { variants, available: total }
}

/** Best first; ties go to what is in stock, then to the product id, so the order never depends on input order. */
const byRank = (a: SearchResult, b: SearchResult): number =>
  b.score - a.score ||
  Number(b.available > 0) - Number(a.available > 0) ||
  (a.product.id < b.product.id ? -1 : a.product.id > b.product.id ? 1 : 0) ||
  (a.product.tenantId < b.product.tenantId ? -1 : a.product.tenantId > b.product.tenantId ? 1 : 0)

/** The products matching a parsed query, ranked, with availability. Pure. */
export const searchParsed = (
  products: ReadonlyArray<Product>,
  stock: StockLookup,
  query: Query,
  options: SearchOptions = {}
): ReadonlyArray<SearchResult> => {
  const vocabulary = options.vocabulary ?? defaultVocabulary
  const rated = products.flatMap((product) => {
    const rating = rate(product, query, vocabulary)
    return rating.score > 0 ? [{ product, rating }] : []
  })
  const best = Math.max(0, ...rated.map(({ rating }) => (rating.named ? rating.score : 0)))
  const results = rated.map(({ product, rating }): SearchResult => {
    const boosted = rating.named && rating.score === best ? 1 + modifierBoost * rating.options : 1
    const requested = requestedOptions(product, query, vocabulary)
    const s = Math.round(rating.score * boosted * 1000) / 1000
    return { product, score: s, requested, ...availability(product, stock, requested, vocabulary) }
  })
  results.sort(byRank)
  return options.limit === undefined ? results : results.slice(0, Math.max(0, options.limit))
}

/** SPEC §3.1: free text in English or Russian → ranked products with availability. Pure. */
export const search = (
  products: ReadonlyArray<Product>,
  stock: StockLookup,
  text: string,
  options: SearchOptions = {}
): ReadonlyArray<SearchResult> =>
  searchParsed(products, stock, parseQuery(text, options.vocabulary ?? defaultVocabulary), options)
