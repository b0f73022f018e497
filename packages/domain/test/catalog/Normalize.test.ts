import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import { Catalog } from "@chatshop/domain"
import { CatalogArb, property } from "@chatshop/domain/testing"

const { normalize, tokens, typedWords, toLatin, toCyrillic, key, fold, textKey, hasCyrillic } = Catalog.Normalize
const { distance, typoBudget, closeEnough } = Catalog.Fuzzy

describe("search normalisation (SPEC §3.1)", () => {
  it("lowercases, strips diacritics and punctuation, keeps decimal sizes", () => {
    assert.strictEqual(normalize("  Crème BRÛLÉE!! "), "creme brulee")
    assert.strictEqual(normalize("Чёрная  сумка, 38,5?"), "черная сумка 38.5")
    assert.strictEqual(normalize("Platʼe plat'e l’amour"), "plate plate lamour")
    assert.strictEqual(normalize("size 38.5."), "size 38.5")
    assert.strictEqual(normalize("a.b,c 1,,2"), "a b c 1 2")
    assert.strictEqual(normalize("йогурт"), "иогурт")
    assert.strictEqual(normalize("İstanbul"), "istanbul")
    assert.strictEqual(normalize("--"), "")
    assert.deepStrictEqual(tokens(" Boots   38 "), ["boots", "38"])
    assert.deepStrictEqual(tokens("!!"), [])
  })

  it("transliterates Cyrillic to Latin and back", () => {
    assert.strictEqual(toLatin("щука жук цапля хорошо юла яма объём"), "shchuka zhuk tsaplya khorosho yula yama obyom")
    assert.strictEqual(toLatin("эй, ёж! nike"), "ey, yozh! nike")
    assert.strictEqual(toLatin("қазақ ұлы әже ғ ң ө ү һ і ї є ґ ў"), "kazak uly azhe g n o u h i i e g u")
    assert.strictEqual(toCyrillic("shchuka zhuk tsaplya khorosho yula yama"), "щука жук цапля хорошо юла яма")
    assert.strictEqual(toCyrillic("otshelnik"), "отшелник")
    assert.strictEqual(toCyrillic("jeans wax quick chanel h"), "джеанс вакс куикк чанел х")
    assert.strictEqual(toCyrillic("38 €"), "38 €")
    assert.strictEqual(toLatin("абвгдеёжзийклмнопрстуфхцчшщъыьэюя"), "abvgdeyozhziyklmnoprstufkhtschshshchyeyuya")
    assert.strictEqual(
      toCyrillic("shchtshzhkhtschshyuyaabvgdezijklmnoprstufyhcwxq"),
      "щтшжхцчшюяабвгдезиджклмнопрстуфыхквкск"
    )
    const pangram = "съешь же ещё этих мягких французских булок да выпей чаю"
    assert.strictEqual(toLatin(normalize(pangram)), "sesh zhe eshche etikh myagkikh frantsuzskikh bulok da vypei chayu")
    assert.isTrue(hasCyrillic("boots сумка"))
    assert.isFalse(hasCyrillic("boots"))
  })

  it("folds transliteration variants to one key", () => {
    assert.strictEqual(key("найк"), "naik")
    assert.strictEqual(key("nayk"), "naik")
    assert.strictEqual(key("naik"), "naik")
    assert.strictEqual(key("chernaja"), key("черная"))
    assert.strictEqual(key("rjukzak"), key("рюкзак"))
    assert.strictEqual(key("kroSSovki".toLowerCase()), key("кроссовки"))
    assert.strictEqual(key("schuka"), key("щука"))
    assert.strictEqual(key("khaki"), "haki")
    assert.strictEqual(key("phone"), "fone")
    assert.strictEqual(key("black"), "blak")
    assert.strictEqual(key("wax"), "vaks")
    assert.strictEqual(key("quilt"), "kuilt")
    assert.strictEqual(fold("kkh"), "h")
    assert.strictEqual(textKey("Louis  Vuitton!"), "louis vuiton")
  })

  it("keeps the words as typed, one per token: 'Есть Красный зонт, 38,5?'", () => {
    assert.deepStrictEqual(typedWords("Есть Красный зонт, 38,5?"), ["Есть", "Красный", "зонт", "38,5"])
    assert.deepStrictEqual(tokens("Есть Красный зонт, 38,5?"), ["есть", "красныи", "зонт", "38.5"])
    assert.deepStrictEqual(typedWords("тёмно-синий, a.b"), ["тёмно", "синий", "a", "b"])
  })

  property(
    "search-typed-words-aligned: the typed words normalise to the text's tokens, one each",
    [fc.oneof(fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }))],
    (s) => {
      const typed = typedWords(s)
      assert.deepStrictEqual(typed.map(normalize), tokens(s))
    },
    1000
  )

  property(
    "search-normalise-idempotent: normalize(normalize(s)) = normalize(s)",
    [fc.string({ unit: "grapheme" })],
    (s) => {
      assert.strictEqual(normalize(normalize(s)), normalize(s))
    },
    1000
  )

  property(
    "search-normalise-idempotent-binary: idempotent on any UTF-16 input",
    [fc.string({ unit: "binary" })],
    (s) => {
      assert.strictEqual(normalize(normalize(s)), normalize(s))
    },
    1000
  )

  property(
    "search-key-idempotent: a key is its own key",
    [fc.oneof(CatalogArb.titleWord, fc.string())],
    (s) => {
      const k = key(normalize(s))
      assert.strictEqual(key(k), k)
    },
    1000
  )

  property(
    "search-translit-roundtrip: toLatin(toCyrillic(toLatin(w))) = toLatin(w) for Russian words",
    [fc.array(CatalogArb.cyrillicWord(1, 12), { minLength: 1, maxLength: 4 }).map((ws) => ws.join(" "))],
    (text) => {
      const latin = toLatin(normalize(text))
      assert.strictEqual(toLatin(toCyrillic(latin)), latin)
    },
    2000
  )
})

describe("typo tolerance (Damerau-Levenshtein)", () => {
  it("counts insertions, deletions, substitutions and swaps", () => {
    assert.strictEqual(distance("boots", "boots"), 0)
    assert.strictEqual(distance("", "abc"), 3)
    assert.strictEqual(distance("abc", ""), 3)
    assert.strictEqual(distance("boots", "bots"), 1)
    assert.strictEqual(distance("bots", "boots"), 1)
    assert.strictEqual(distance("boots", "boats"), 1)
    assert.strictEqual(distance("boots", "obots"), 1)
    assert.strictEqual(distance("chanel", "chaenl"), 1)
    assert.strictEqual(distance("ca", "abc"), 3)
    assert.strictEqual(distance("kitten", "sitting"), 3)
    assert.strictEqual(distance("sneakers", "snaekres"), 2)
  })

  it("stops early above the bound and reports bound + 1", () => {
    assert.strictEqual(distance("kitten", "sitting", 1), 2)
    assert.strictEqual(distance("a", "abcdef", 2), 3)
    assert.strictEqual(distance("abcdef", "uvwxyz", 2), 3)
    assert.strictEqual(distance("abcd", "abdc", 1), 1)
    assert.strictEqual(distance("ab", "ba", 0), 1)
  })

  it("allows no typo below 4 letters, one from 4, two from 8", () => {
    assert.deepStrictEqual([3, 4, 7, 8, 20].map(typoBudget), [0, 1, 1, 2, 2])
    assert.isFalse(closeEnough("bag", "bat"))
    assert.isTrue(closeEnough("bag", "bag"))
    assert.isTrue(closeEnough("boot", "boat"))
    assert.isFalse(closeEnough("boot", "beat"))
    assert.isFalse(closeEnough("jacket", "jackal"))
    assert.isTrue(closeEnough("sneakers", "snaekres"))
    assert.isFalse(closeEnough("sneakers", "snaekr"))
    assert.isTrue(closeEnough("bootss", "boots"))
  })

  property(
    "search-typo-distance: one edit of a word is within distance 1",
    [CatalogArb.latinWord(2, 12).chain((w) => CatalogArb.typo(w).map((t) => [w, t] as const))],
    ([word, typed]) => {
      assert.isAtMost(distance(word, typed), 1)
      assert.strictEqual(distance(word, typed), distance(typed, word))
    },
    1000
  )
})
