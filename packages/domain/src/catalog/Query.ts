import type { Category } from "./Model.ts"
import { key, normalize } from "./Normalize.ts"
import { brandOf, colourOf, conceptOf, defaultVocabulary, type Vocabulary } from "./Vocabulary.ts"

/** One thing the customer asked for: a word (or a multi-word brand) and what it may also be written as. */
export interface Term {
  /** The normalised words as typed. */
  readonly text: string
  /** Keys to look for: the typed key first, then brand spellings and product-word synonyms. */
  readonly keys: ReadonlyArray<string>
  readonly brand?: string
  readonly category?: Category
  /** Canonical colour ("black") when the word names one. */
  readonly colour?: string
}

export interface Query {
  readonly terms: ReadonlyArray<Term>
  /** Every meaningful token key, in order (brand phrases). */
  readonly keys: ReadonlyArray<string>
  /** Every token key including stopwords: a size "S" must not be lost to the Russian "с". */
  readonly allKeys: ReadonlyArray<string>
  /** The meaningful keys joined and padded with spaces, to spot a multi-word brand cheaply. */
  readonly phrase: string
}

const unique = (keys: ReadonlyArray<string>): ReadonlyArray<string> => [...new Set(keys)]

/** A multi-word brand starting at `start` ("луи виттон", "new balance"), longest first. */
const phraseBrand = (
  vocabulary: Vocabulary,
  keys: ReadonlyArray<string>,
  start: number
): { readonly brand: string; readonly length: number } | undefined => {
  for (let n = Math.min(vocabulary.longestAlias, keys.length - start); n >= 2; n--) {
    const brand = brandOf(vocabulary, keys.slice(start, start + n).join(" "))
    if (brand !== undefined) return { brand, length: n }
  }
  return undefined
}

/** Single words: brand alias, product word, colour, or plain. */
const wordTerm = (vocabulary: Vocabulary, text: string, k: string): Term => {
  const colour = colourOf(vocabulary, k)
  // A colour word is no typo of a product word or brand: "белый" is not "belt".
  const brand = colour === undefined ? brandOf(vocabulary, k) : vocabulary.brands.get(k)
  const concept = colour === undefined ? conceptOf(vocabulary, k) : vocabulary.concepts.get(k)
  const keys = unique([
    k,
    ...(brand === undefined ? [] : (vocabulary.brandSpellings.get(brand) ?? [brand])),
    ...(concept?.keys ?? []),
    ...(colour === undefined ? [] : [key(colour)])
  ])
  return {
    text,
    keys,
    ...(brand === undefined ? {} : { brand }),
    ...(concept === undefined ? {} : { category: concept.category }),
    ...(colour === undefined ? {} : { colour })
  }
}

/**
 * Parse free text into terms: stopwords dropped (unless nothing else is left), multi-word brands
 * joined, aliases and Russian product words expanded.
 */
export const parseQuery = (text: string, vocabulary: Vocabulary = defaultVocabulary): Query => {
  const words = normalize(text)
    .split(" ")
    .filter((w) => w !== "")
  const all = words.map((w) => ({ text: w, key: key(w) }))
  const meaningful = all.filter((w) => !vocabulary.stopwords.has(w.key))
  const kept = meaningful.length > 0 ? meaningful : all
  const keys = kept.map((w) => w.key)
  const terms: Array<Term> = []
  for (let i = 0; i < kept.length; ) {
    const phrase = phraseBrand(vocabulary, keys, i)
    if (phrase !== undefined) {
      const slice = kept.slice(i, i + phrase.length)
      const typed = slice.map((w) => w.key).join(" ")
      const spellings = vocabulary.brandSpellings.get(phrase.brand) ?? [phrase.brand]
      terms.push({ text: slice.map((w) => w.text).join(" "), keys: unique([typed, ...spellings]), brand: phrase.brand })
      i += phrase.length
    } else {
      const word = kept[i]!
      terms.push(wordTerm(vocabulary, word.text, word.key))
      i += 1
    }
  }
  return { terms, keys, allKeys: all.map((w) => w.key), phrase: ` ${keys.join(" ")} ` }
}
