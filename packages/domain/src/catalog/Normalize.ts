/**
 * Text normalisation for search (SPEC §3.1): pure string functions, no allocation beyond the
 * result, safe to call per token per query. Three layers:
 *  - `normalize`: lowercase, no diacritics (NFD + combining marks removed, so "ё"→"е", "й"→"и",
 *    "é"→"e"), punctuation to spaces, decimal sizes kept ("38,5" → "38.5");
 *  - `toLatin` / `toCyrillic`: a reversible Russian transliteration (plus a few neighbouring letters);
 *  - `key`: the Latin spelling folded so common transliteration variants meet ("nayk" = "naik").
 */

const marks = /\p{M}+/gu
const apostrophes = /['’ʼ`´]/g
const separators = /[^\p{L}\p{N}.,]+/gu
const decimalComma = /(?<=\d)[.,](?=\d)/g
const strayPoints = /[.,]/g
const spaces = / +/g

const once = (text: string): string =>
  text
    .toLowerCase()
    .normalize("NFD")
    .replace(marks, "")
    .replace(apostrophes, "")
    .replace(separators, " ")
    .replace(decimalComma, "\u0000")
    .replace(strayPoints, " ")
    .replaceAll("\u0000", ".")
    .replace(spaces, " ")
    .trim()

/** Lowercase words and numbers separated by single spaces. Idempotent: `normalize(normalize(s)) = normalize(s)`. */
export const normalize = (text: string): string => {
  // A few characters change again on a second pass (lowercasing after decomposition); iterate to the fixpoint.
  let current = once(text)
  for (let i = 0; i < 4; i++) {
    const next = once(current)
    if (next === current) return current
    current = next
  }
  return current
}

/** The normalised words of a text. */
export const tokens = (text: string): ReadonlyArray<string> => {
  const n = normalize(text)
  return n === "" ? [] : n.split(" ")
}

/**
 * The words of a text as the customer typed them (case and letters kept: "Красный", not "красныи"),
 * one per token of `tokens(text)`, in the same order (for echoing the customer's words back). A
 * word that normalises to several tokens ("a.b") gives those tokens instead, so the two stay aligned.
 */
export const typedWords = (text: string): ReadonlyArray<string> =>
  text
    .normalize("NFC")
    .replace(apostrophes, "")
    .split(/[^\p{L}\p{M}\p{N}.,]+/u)
    .flatMap((word) => {
      const normalised = tokens(word)
      const bare = word.replace(/^[.,]+|[.,]+$/g, "")
      return normalised.length === 1 ? [bare] : normalised
    })

/** Cyrillic → Latin, one letter at a time (BGN/PCGN-like, ь and ъ silent). */
// biome-ignore format: a letter table reads best as a table
const latinOf: Readonly<Record<string, string>> = {
  а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ё: "yo", ж: "zh", з: "z", и: "i", й: "y", к: "k", л: "l", м: "m",
  н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch",
  ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya", і: "i", ї: "i", є: "e", ґ: "g", ў: "u", ә: "a", ғ: "g", қ: "k",
  ң: "n", ө: "o", ұ: "u", ү: "u", һ: "h"
}

/** Latin → Cyrillic, longest spelling first; the exact inverse of `latinOf` on what it produces. */
// biome-ignore format: a letter table reads best as a table
const cyrillicOf: ReadonlyArray<readonly [string, string]> = [
  ["shch", "щ"], ["tsh", "тш"], ["zh", "ж"], ["kh", "х"], ["ts", "ц"], ["ch", "ч"], ["sh", "ш"], ["yu", "ю"],
  ["ya", "я"], ["a", "а"], ["b", "б"], ["v", "в"], ["g", "г"], ["d", "д"], ["e", "е"], ["z", "з"], ["i", "и"],
  ["k", "к"], ["l", "л"], ["m", "м"], ["n", "н"], ["o", "о"], ["p", "п"], ["r", "р"], ["s", "с"], ["t", "т"],
  ["u", "у"], ["f", "ф"], ["y", "ы"], ["h", "х"], ["c", "к"], ["j", "дж"], ["w", "в"], ["x", "кс"], ["q", "к"]
]

/** Cyrillic letters to Latin; everything else is kept as it is. */
export const toLatin = (text: string): string => {
  let out = ""
  for (const ch of text) out += latinOf[ch] ?? ch
  return out
}

/** Latin letters to Cyrillic; `toLatin(toCyrillic(toLatin(s))) = toLatin(s)` for normalised Russian text. */
export const toCyrillic = (text: string): string => {
  let out = ""
  let i = 0
  outer: while (i < text.length) {
    for (const [latin, cyrillic] of cyrillicOf) {
      if (text.startsWith(latin, i)) {
        out += cyrillic
        i += latin.length
        continue outer
      }
    }
    out += text[i]
    i += 1
  }
  return out
}

export const hasCyrillic = (text: string): boolean => /[\u0400-\u04FF]/.test(text)

/** Spelling variants of the same sound, folded to one (applied left to right). */
const folds: ReadonlyArray<readonly [RegExp, string]> = [
  [/shch|sch/g, "sh"],
  [/kh/g, "h"],
  [/ph/g, "f"],
  [/ck/g, "k"],
  [/[yj](?=[aeiou])/g, "i"],
  [/y/g, "i"],
  [/w/g, "v"],
  [/q/g, "k"],
  [/x/g, "ks"],
  [/(\p{L})\1+/gu, "$1"]
]

const foldOnce = (latin: string): string => {
  let s = latin
  for (const [pattern, replacement] of folds) s = s.replace(pattern, replacement)
  return s
}

/** Fold a Latin spelling until it stops changing. */
export const fold = (latin: string): string => {
  let current = foldOnce(latin)
  for (let next = foldOnce(current); next !== current; next = foldOnce(current)) current = next
  return current
}

/** The comparison key of one normalised token: Latin, folded. "Найк", "nayk" and "naik" share one key. */
export const key = (token: string): string => fold(toLatin(token))

/** The key of a whole text: its tokens' keys joined by single spaces. */
export const textKey = (text: string): string => tokens(text).map(key).join(" ")
