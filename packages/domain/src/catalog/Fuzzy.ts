/**
 * Typo tolerance (SPEC §3.1): Damerau-Levenshtein distance in its optimal-string-alignment form
 * (insert, delete, substitute, swap two neighbours), bounded so most comparisons stop early.
 */

/** How many edits a word of this length may carry: 0 below 4 letters, 1 from 4, 2 from 8. */
export const typoBudget = (length: number): number => (length >= 8 ? 2 : length >= 4 ? 1 : 0)

let scratch = new Int32Array(96)

/**
 * The edit distance between `a` and `b`, or `max + 1` as soon as it is known to exceed `max`.
 * Works on UTF-16 units: search keys are Latin or Cyrillic letters, one unit each.
 */
export const distance = (a: string, b: string, max = Number.POSITIVE_INFINITY): number => {
  if (a === b) return 0
  const n = a.length
  const m = b.length
  if (Math.abs(n - m) > max) return max + 1
  if (n === 0) return m
  if (m === 0) return n
  // Three rolling rows in one scratch buffer: search calls this per word pair, so no allocation per call.
  if (scratch.length < 3 * (m + 1)) scratch = new Int32Array(3 * (m + 1) * 2)
  const row = m + 1
  let before = 0
  let previous = row
  let current = 2 * row
  for (let j = 0; j <= m; j++) scratch[previous + j] = j
  for (let i = 1; i <= n; i++) {
    scratch[current] = i
    let rowMin = i
    const ai = a.charCodeAt(i - 1)
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(j - 1)
      let d = Math.min(
        scratch[previous + j]! + 1,
        scratch[current + j - 1]! + 1,
        scratch[previous + j - 1]! + (ai === bj ? 0 : 1)
      )
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        d = Math.min(d, scratch[before + j - 2]! + 1)
      }
      scratch[current + j] = d
      if (d < rowMin) rowMin = d
    }
    if (rowMin > max) return max + 1
    const spare = before
    before = previous
    previous = current
    current = spare
  }
  const result = scratch[previous + m]!
  return result > max ? max + 1 : result
}

/** True when `typed` is within the typo budget of `known` (budget from the shorter word). */
export const closeEnough = (typed: string, known: string): boolean => {
  if (typed === known) return true
  const budget = typoBudget(Math.min(typed.length, known.length))
  return budget > 0 && distance(typed, known, budget) <= budget
}
