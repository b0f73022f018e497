import type { Category } from "./Model.ts"
import { closeEnough } from "./Fuzzy.ts"
import { key, textKey } from "./Normalize.ts"
import {
  type Concept,
  colourEndings,
  defaultBrands,
  defaultColours,
  defaultConcepts,
  defaultStopwords
} from "./Words.ts"

/** What search knows about words, compiled to key-space tables; `makeVocabulary` adds a shop's own. */

export interface Vocabulary {
  /** key of an alias (or canonical name) → canonical brand key. */
  readonly brands: ReadonlyMap<string, string>
  /** canonical brand key → every key it is written as (for matching Russian titles). */
  readonly brandSpellings: ReadonlyMap<string, ReadonlyArray<string>>
  /** key of a product word → its concept (all synonym keys and the category). */
  readonly concepts: ReadonlyMap<string, { readonly category: Category; readonly keys: ReadonlyArray<string> }>
  readonly colourNames: ReadonlyMap<string, string>
  readonly colourStems: ReadonlyArray<readonly [stem: string, colour: string]>
  readonly stopwords: ReadonlySet<string>
  /** The longest alias in words, so the query scanner knows how far to look ahead. */
  readonly longestAlias: number
}

export interface VocabularyExtension {
  readonly brands?: Readonly<Record<string, ReadonlyArray<string>>>
  readonly concepts?: ReadonlyArray<Concept>
  readonly stopwords?: ReadonlyArray<string>
}

/** The default vocabulary plus a shop's own brands and words (a shop's entries win on conflicts). */
export const makeVocabulary = (extension: VocabularyExtension = {}): Vocabulary => {
  const brands = new Map<string, string>()
  const brandSpellings = new Map<string, Array<string>>()
  let longestAlias = 1
  const allBrands = { ...defaultBrands, ...extension.brands }
  for (const [canonical, aliases] of Object.entries(allBrands)) {
    const brand = textKey(canonical)
    if (brand === "") continue
    const spellings = brandSpellings.get(brand) ?? []
    for (const alias of [canonical, ...aliases]) {
      const k = textKey(alias)
      if (k === "") continue
      brands.set(k, brand)
      if (!spellings.includes(k)) spellings.push(k)
      longestAlias = Math.max(longestAlias, k.split(" ").length)
    }
    brandSpellings.set(brand, spellings)
  }
  const concepts = new Map<string, { category: Category; keys: ReadonlyArray<string> }>()
  for (const concept of [...defaultConcepts, ...(extension.concepts ?? [])]) {
    const keys = [...new Set(concept.words.map(textKey).filter((k) => k !== ""))]
    for (const k of keys) concepts.set(k, { category: concept.category, keys })
  }
  const colourNames = new Map<string, string>()
  const colourStems: Array<readonly [string, string]> = []
  for (const [colour, { names, stems }] of Object.entries(defaultColours)) {
    for (const name of names) colourNames.set(key(name), colour)
    for (const stem of stems) colourStems.push([key(stem), colour])
  }
  // Longer stems first: "серебрян" must win over "сер".
  colourStems.sort((a, b) => b[0].length - a[0].length)
  const stopwords = new Set([...defaultStopwords, ...(extension.stopwords ?? [])].map(textKey))
  return { brands, brandSpellings, concepts, colourNames, colourStems, stopwords, longestAlias }
}

export const defaultVocabulary: Vocabulary = makeVocabulary()

/** The canonical colour a word names ("черную" → "black", "Navy" → "blue"), if any. */
export const colourOf = (vocabulary: Vocabulary, tokenKey: string): string | undefined => {
  const named = vocabulary.colourNames.get(tokenKey)
  if (named !== undefined) return named
  for (const [stem, colour] of vocabulary.colourStems) {
    if (tokenKey.startsWith(stem) && colourEndings.has(tokenKey.slice(stem.length))) return colour
  }
  return undefined
}

/** Exact lookup first; then the first entry within the typo budget with as many words (table order). */
const lookup = <A>(table: ReadonlyMap<string, A>, k: string): A | undefined => {
  const exact = table.get(k)
  if (exact !== undefined) return exact
  const words = k.split(" ").length
  for (const [candidate, value] of table) {
    if (candidate.split(" ").length === words && closeEnough(k, candidate)) return value
  }
  return undefined
}

/** The canonical brand key an alias names ("шанель" → "chanel", "луи витон" → "louis vuiton"), typos allowed. */
export const brandOf = (vocabulary: Vocabulary, aliasKey: string): string | undefined =>
  lookup(vocabulary.brands, aliasKey)

/** The concept a product word belongs to ("кросовки" → shoes, with "sneakers", "trainers"…), typos allowed. */
export const conceptOf = (
  vocabulary: Vocabulary,
  wordKey: string
): { readonly category: Category; readonly keys: ReadonlyArray<string> } | undefined =>
  lookup(vocabulary.concepts, wordKey)
