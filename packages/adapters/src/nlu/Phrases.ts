import { Catalog } from "@chatshop/domain"

/**
 * A tiny phrase matcher over normalised tokens (the catalog's `normalize`: lower case, ё→е, й→и,
 * punctuation dropped). A phrase is words separated by spaces; `word*` matches any token starting
 * with `word` (Russian endings: "оплатил*" = оплатил, оплатила, оплатили); `_` matches any one token.
 */

interface Pattern {
  readonly words: ReadonlyArray<{ readonly text: string; readonly prefix: boolean; readonly any: boolean }>
}

const compile = (phrase: string): Pattern => ({
  words: phrase
    .split(" ")
    .filter((w) => w !== "")
    .map((w) => {
      const prefix = w.endsWith("*")
      const text = Catalog.Normalize.normalize(prefix ? w.slice(0, -1) : w)
      return { text, prefix, any: w === "_" }
    })
})

export type PhraseSet = ReadonlyArray<Pattern>

export const phrases = (...list: ReadonlyArray<string>): PhraseSet => list.map(compile)

const matchesAt = (pattern: Pattern, tokens: ReadonlyArray<string>, start: number): boolean =>
  pattern.words.every((w, i) => {
    const token = tokens[start + i]
    if (token === undefined) return false
    if (w.any) return true
    return w.prefix ? token.startsWith(w.text) : token === w.text
  })

/** Where the first phrase of the set starts in the tokens, or -1. */
export const findPhrase = (set: PhraseSet, tokens: ReadonlyArray<string>): number => {
  for (let start = 0; start < tokens.length; start++) {
    for (const pattern of set) if (pattern.words.length > 0 && matchesAt(pattern, tokens, start)) return start
  }
  return -1
}

export const hasPhrase = (set: PhraseSet, tokens: ReadonlyArray<string>): boolean => findPhrase(set, tokens) >= 0

/** Every token covered by some phrase of the set (to keep intent words out of the search query). */
export const coveredBy = (set: PhraseSet, tokens: ReadonlyArray<string>): ReadonlySet<number> => {
  const covered = new Set<number>()
  for (let start = 0; start < tokens.length; start++) {
    for (const pattern of set) {
      if (pattern.words.length > 0 && matchesAt(pattern, tokens, start)) {
        for (let i = 0; i < pattern.words.length; i++) covered.add(start + i)
      }
    }
  }
  return covered
}
