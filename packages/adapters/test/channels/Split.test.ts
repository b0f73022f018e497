import { numberedOptions, splitText, truncate } from "@chatshop/adapters/channels"
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"

const words = (s: string) => s.split(/\s+/).filter((w) => w.length > 0)
const isLoneHigh = (s: string) => /[\uD800-\uDBFF]$/.test(s)
const isLoneLow = (s: string) => /^[\uDC00-\uDFFF]/.test(s)

const word = fc.oneof(
  fc.stringMatching(/^[a-zа-я0-9.,!?]{1,12}$/),
  fc.constantFrom("👢", "👜✨", "размер", "https://shop.example/p/38")
)
const gap = fc.constantFrom(" ", "  ", "\n", "\n\n", "\t")
const text = fc
  .array(fc.tuple(word, gap), { minLength: 0, maxLength: 80 })
  .map((pairs) => pairs.map(([w, g]) => w + g).join(""))

describe("splitText", () => {
  it("split-limits: every part is non-empty, trimmed and within the limit; the characters are kept in order", () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 60 }), (t, limit) => {
        const parts = splitText(t, limit)
        for (const p of parts) {
          assert.isAbove(p.length, 0)
          assert.isAtMost(p.length, limit)
          assert.strictEqual(p, p.trim())
          assert.isFalse(isLoneHigh(p) || isLoneLow(p), `surrogate pair split in ${JSON.stringify(p)}`)
        }
        assert.strictEqual(parts.join("").replace(/\s+/g, ""), t.replace(/\s+/g, ""))
      }),
      { numRuns: 500 }
    )
  })

  it("split-words: when every word fits the limit, no word is cut", () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 30, max: 80 }), (t, limit) => {
        const parts = splitText(t, limit)
        assert.deepStrictEqual(parts.flatMap(words), words(t))
      }),
      { numRuns: 500 }
    )
  })

  it("split-fits: text within the limit is one part (trimmed); blank text is no part", () => {
    assert.deepStrictEqual(splitText("  hello world \n", 20), ["hello world"])
    assert.deepStrictEqual(splitText(" \n\t ", 20), [])
    assert.deepStrictEqual(splitText("", 20), [])
    assert.deepStrictEqual(splitText("abcd", 4), ["abcd"])
  })

  it("breaks at the last space before the limit", () => {
    assert.deepStrictEqual(splitText("one two three four", 9), ["one two", "three", "four"])
    assert.deepStrictEqual(splitText("aaaa bbbb", 5), ["aaaa", "bbbb"])
    // The whitespace exactly at the limit is a break point.
    assert.deepStrictEqual(splitText("aaaa bbbb", 4), ["aaaa", "bbbb"])
  })

  it("prefers a line break in the second half of the window", () => {
    assert.deepStrictEqual(splitText("first line here\nsecond part of it", 25), [
      "first line here",
      "second part of it"
    ])
    // A line break too early is ignored in favour of the last space.
    assert.deepStrictEqual(splitText("ab\ncd ef gh ij kl mn", 12), ["ab\ncd ef gh", "ij kl mn"])
  })

  it("cuts a word longer than the limit, never inside an emoji", () => {
    assert.deepStrictEqual(splitText("abcdefghij", 4), ["abcd", "efgh", "ij"])
    assert.deepStrictEqual(splitText("ab👢cd", 3), ["ab", "👢c", "d"])
  })

  it("rejects a limit below 2", () => {
    assert.throws(() => splitText("abc", 1), RangeError)
    assert.throws(() => splitText("abc", 2.5), RangeError)
  })
})

describe("labels", () => {
  it("truncate keeps short labels and ends long ones with an ellipsis within the limit", () => {
    assert.strictEqual(truncate("Black", 20), "Black")
    assert.strictEqual(truncate("12345678901234567890", 20), "12345678901234567890")
    assert.strictEqual(truncate("123456789012345678901", 20), "1234567890123456789…")
    assert.strictEqual(truncate("Deep burgundy with gold", 20), "Deep burgundy with…")
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 2, max: 30 }), (s, n) => assert.isAtMost(truncate(s, n).length, n))
    )
  })

  it("numberedOptions lists the titles under the text", () => {
    assert.strictEqual(numberedOptions("Size?", ["38", "39"]), "Size?\n\n1. 38\n2. 39")
  })
})
