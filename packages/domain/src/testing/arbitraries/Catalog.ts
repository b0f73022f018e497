import * as fc from "fast-check"
import { type Category, categories, type NewProduct, type Product, type Variant } from "../../catalog/Model.ts"
import { defaultBrands } from "../../catalog/Words.ts"
import { ProductId, Sku, TenantId } from "../../shared/Ids.ts"

export const tenantId = TenantId.make("t-catalog")
export const otherTenantId = TenantId.make("t-other")

/** Small pools so products share words, sizes and colours and queries hit several at once. */
export const englishWords = [
  "boots",
  "chelsea",
  "leather",
  "classic",
  "sneakers",
  "bag",
  "tote",
  "dress",
  "silk",
  "jacket",
  "denim",
  "vintage",
  "suede",
  "loafers",
  "scarf",
  "wool",
  "air",
  "max",
  "runner"
]
export const russianWords = [
  "ботинки",
  "кожаные",
  "сумка",
  "платье",
  "шелковое",
  "куртка",
  "джинсовая",
  "винтаж",
  "замшевые",
  "кроссовки",
  "шарф",
  "шерстяной",
  "лоферы",
  "рюкзак"
]
export const sizePool = ["36", "37", "38", "38.5", "39", "40", "41", "S", "M", "L", "XL"]
export const colourPool = ["Black", "White", "Red", "Beige", "Navy", "Черный", "Белый", "Коричневый", "Mocha"]
/** Brands with Cyrillic aliases, spelled as a shop would ("Louis Vuitton"). */
export const aliasedBrands = Object.entries(defaultBrands)
  .filter(([, aliases]) => aliases.some((a) => /[\u0400-\u04FF]/.test(a)))
  .map(([brand]) => brand.replace(/\b\p{L}/gu, (c) => c.toUpperCase()))

const latinLetters = "abcdefghijklmnopqrstuvwxyz"
const cyrillicLetters = "абвгдежзиклмнопрстуфхцчшщыэюя"

const wordOf = (alphabet: string, minLength: number, maxLength: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength, maxLength }).map((cs) => cs.join(""))

export const latinWord = (minLength = 2, maxLength = 10) => wordOf(latinLetters, minLength, maxLength)
export const cyrillicWord = (minLength = 2, maxLength = 10) => wordOf(cyrillicLetters, minLength, maxLength)

/** A title word: a shop word in either language, or an invented one in either alphabet. */
export const titleWord: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...englishWords),
  fc.constantFrom(...russianWords),
  latinWord(),
  cyrillicWord(),
  fc.integer({ min: 1, max: 999 }).map(String)
)

const capitalise = (w: string) => (w.length === 0 ? w : w[0]!.toUpperCase() + w.slice(1))

export const title: fc.Arbitrary<string> = fc
  .array(titleWord, { minLength: 1, maxLength: 4 })
  .chain((words) => fc.boolean().map((cap) => (cap ? words.map(capitalise) : words).join(" ")))

export const category: fc.Arbitrary<Category> = fc.constantFrom(...categories)

export const price = fc.integer({ min: 0, max: 500_000 }).map((amount) => ({ amount, currency: "USD" as const }))

const variantFor = (sku: Sku): fc.Arbitrary<Variant> =>
  fc
    .record({
      size: fc.option(fc.constantFrom(...sizePool), { nil: undefined }),
      color: fc.option(fc.constantFrom(...colourPool), { nil: undefined }),
      price: fc.option(price, { nil: undefined }),
      oneOfAKind: fc.boolean(),
      chest: fc.option(fc.integer({ min: 30, max: 80 }), { nil: undefined })
    })
    .map(({ size, color, price, oneOfAKind, chest }) => ({
      sku,
      options: { ...(size === undefined ? {} : { size }), ...(color === undefined ? {} : { color }) },
      ...(price === undefined ? {} : { price }),
      ...(oneOfAKind && chest !== undefined ? { measurements: { chest } } : {}),
      oneOfAKind
    }))

/** A valid product; its skus are `<id>-<n>` so they never collide across products. */
export const productWith = (
  id: ProductId,
  tenant: TenantId = tenantId,
  titles: fc.Arbitrary<string> = title
): fc.Arbitrary<Product> =>
  fc
    .record({
      title: titles,
      brand: fc.option(fc.oneof(fc.constantFrom(...aliasedBrands), latinWord(3, 8).map(capitalise)), {
        nil: undefined
      }),
      category,
      description: fc.oneof(fc.constant(""), title),
      price,
      variantCount: fc.integer({ min: 1, max: 4 })
    })
    .chain(({ variantCount, ...fields }) =>
      fc
        .tuple(...Array.from({ length: variantCount }, (_, n) => variantFor(Sku.make(`${id}-${n + 1}`))))
        .map(([first, ...rest]): Product => {
          const { brand, ...rest2 } = fields
          return {
            id,
            tenantId: tenant,
            ...rest2,
            ...(brand === undefined ? {} : { brand }),
            photos: [`https://img.example/${id}.jpg`],
            variants: [first!, ...rest]
          }
        })
    )

export const productIds = ["p1", "p2", "p3", "p4", "p5", "p6"].map((id) => ProductId.make(id))
export const product: fc.Arbitrary<Product> = fc.constantFrom(...productIds).chain((id) => productWith(id))

/** Up to six products with distinct ids (one shop's catalog). */
export const products = (tenant: TenantId = tenantId): fc.Arbitrary<ReadonlyArray<Product>> =>
  fc
    .uniqueArray(fc.constantFrom(...productIds), { minLength: 1, maxLength: productIds.length })
    .chain((ids) => fc.tuple(...ids.map((id) => productWith(id, tenant))))

/** Units per sku, including skus the ledger doesn't know and nonsense the lookup must treat as none. */
export const stockFor = (items: ReadonlyArray<Product>): fc.Arbitrary<ReadonlyMap<Sku, number>> => {
  const skus = items.flatMap((p) => p.variants.map((v) => v.sku))
  return fc
    .array(fc.tuple(fc.constantFrom(...skus), fc.oneof(fc.integer({ min: -2, max: 6 }), fc.constant(Number.NaN))), {
      maxLength: skus.length
    })
    .map((entries) => new Map(entries))
}

/** A new product with opening stock that satisfies every rule (one-of-a-kind pieces start at 1). */
export const newProduct = (id: ProductId, tenant: TenantId = tenantId): fc.Arbitrary<NewProduct> =>
  productWith(id, tenant).chain((p) =>
    fc
      .tuple(...p.variants.map((v) => (v.oneOfAKind ? fc.constant(1) : fc.integer({ min: 0, max: 9 }))))
      .map((stocks): NewProduct => {
        const [first, ...rest] = p.variants.map((v, i) => ({ ...v, stock: stocks[i]! }))
        return { ...p, variants: [first!, ...rest] }
      })
  )

/** One edit of `word` using letters of its own alphabet: substitute, delete, insert or swap neighbours. */
export const typo = (word: string): fc.Arbitrary<string> => {
  const alphabet = /[\u0400-\u04FF]/.test(word) ? cyrillicLetters : latinLetters
  const at = fc.integer({ min: 0, max: word.length - 1 })
  const letter = fc.constantFrom(...alphabet)
  return fc.oneof(
    fc.tuple(at, letter).map(([i, c]) => word.slice(0, i) + c + word.slice(i + 1)),
    at.map((i) => word.slice(0, i) + word.slice(i + 1)),
    fc.tuple(fc.integer({ min: 0, max: word.length }), letter).map(([i, c]) => word.slice(0, i) + c + word.slice(i)),
    fc
      .integer({ min: 0, max: word.length - 2 })
      .map((i) => word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2))
  )
}
