import { Catalog } from "@chatshop/domain"
import { colourOfToken } from "./Entities.ts"
import * as L from "./Lexicon.ts"
import { coveredBy, hasPhrase, type PhraseSet, phrases } from "./Phrases.ts"

/**
 * The product part of a message, for catalog search: brands (with aliases, шанель → chanel),
 * product words (кроссовки, boots), words of the shop's own titles, and deal words. Intent
 * phrases, stopwords, cities and numbers that are no size stay out.
 */

const intentWords: ReadonlyArray<PhraseSet> = [
  L.greeting,
  L.searchCue,
  L.askPrice,
  L.askSize,
  L.askAvailability,
  L.choose,
  L.filler,
  L.confirm,
  L.questionWords
]

export interface QueryOptions {
  readonly vocabulary?: Catalog.Vocabulary
  /** Keys of words in the shop's product titles and brands (`productWords`). */
  readonly knownWords?: ReadonlySet<string>
}

/** Keys of the words in these products' titles and brands, for `QueryOptions.knownWords`. */
export const productWords = (products: ReadonlyArray<Catalog.Product>): ReadonlySet<string> => {
  const words = new Set<string>()
  for (const p of products) {
    for (const k of Catalog.Normalize.textKey(`${p.title} ${p.brand ?? ""}`).split(" ")) {
      if (k.length >= 3 && !/^\d+$/.test(k)) words.add(k)
    }
  }
  return words
}

const fuzzyFrom = 6

/** A word naming a product: exact brand/product word, or within the typo budget when it is long. */
const isProductWord = (token: string, k: string, options: QueryOptions): boolean => {
  const vocabulary = options.vocabulary ?? Catalog.defaultVocabulary
  if (vocabulary.brands.has(k) || vocabulary.concepts.has(k) || options.knownWords?.has(k) === true) return true
  if (hasPhrase(L.dealWords, [token])) return true
  if (k.length < fuzzyFrom) return false
  return Catalog.brandOf(vocabulary, k) !== undefined || Catalog.conceptOf(vocabulary, k) !== undefined
}

/** Words that shade a colour ("dark red", "тёмно-синий"): part of the colour, never a product. */
const shades = phrases("dark*", "light*", "bright*", "pale", "deep", "темн*", "светл*", "ярк*", "бледн*")

/** A word next to a colour or the size ("red umbrella", "зонт красный", "umbrella 38") names what is asked for. */
const nextToModifier = (tokens: ReadonlyArray<string>, i: number, size: string | undefined): boolean =>
  [tokens[i - 1], tokens[i + 1]].some(
    (t) => t !== undefined && (colourOfToken(t) !== undefined || (size !== undefined && t === size.toLowerCase()))
  )

/**
 * The search text, or undefined when the message names no product. `skip` are token positions
 * already read as something else (a city); `size` is kept so search can report that size's stock.
 * A word we don't know right next to a colour or the size ("red umbrella") asks for that thing,
 * unless the bot just asked for a field (`answering`): then the words are the answer. The words are
 * kept as typed (`typed`, aligned with `tokens`): the reply echoes them ("красный зонт", not "красныи").
 */
export const productQuery = (
  tokens: ReadonlyArray<string>,
  typed: ReadonlyArray<string>,
  skip: ReadonlySet<number>,
  size: string | undefined,
  options: QueryOptions = {},
  answering = false
): string | undefined => {
  const vocabulary = options.vocabulary ?? Catalog.defaultVocabulary
  const covered = new Set<number>()
  for (const set of intentWords) for (const i of coveredBy(set, tokens)) covered.add(i)
  const kept: Array<string> = []
  let named = false
  let plain = 0
  let qualified = false
  tokens.forEach((token, i) => {
    if (skip.has(i) || covered.has(i)) return
    const k = Catalog.Normalize.key(token)
    if (vocabulary.stopwords.has(k) || /\d/.test(token)) return
    if (isProductWord(token, k, options)) named = true
    else if (colourOfToken(token) === undefined && token.length >= 3 && !hasPhrase(shades, [token])) {
      plain += 1
      if (!answering && nextToModifier(tokens, i, size)) qualified = true
    }
    kept.push(typed.length === tokens.length ? typed[i]! : token)
  })
  const cue = hasPhrase(L.searchCue, tokens) || hasPhrase(L.askAvailability, tokens) || hasPhrase(L.askPrice, tokens)
  if (!named && !qualified && !(cue && plain > 0)) return undefined
  if (size !== undefined && !kept.some((w) => w.toLowerCase() === size.toLowerCase())) kept.push(size.toLowerCase())
  return kept.length > 0 ? kept.join(" ") : undefined
}
