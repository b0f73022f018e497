import { Catalog, type Conversation, type DeliveryMethod } from "@chatshop/domain"
import { findCity } from "./Cities.ts"
import { findPhrase, phrases } from "./Phrases.ts"

/** Entity extraction for the offline NLU: sizes, colours, quantities, phones, addresses, names… */

const { normalize } = Catalog.Normalize

/** Phone numbers: an optional +, then 7–15 digits with spaces, dashes, dots or brackets between. */
const phonePattern = /(?:\+\s?)?\(?\d[\d\s().-]{5,20}\d/g

export const findPhone = (text: string): { readonly value: string; readonly index: number } | undefined => {
  for (const m of text.matchAll(phonePattern)) {
    const value = m[0].trim()
    const digits = value.replace(/\D/g, "").length
    // Sizes like "38.5" or dates are short; a phone has at least 7 digits and at most 15.
    if (digits >= 7 && digits <= 15 && !/^\d{1,2}[.,]\d$/.test(value)) return { value, index: m.index }
  }
  return undefined
}

// "ул.", "улица", "пр-т", "мкр", "street", "st.", "avenue"… followed or preceded by a house number.
const streetWords =
  /(?:^|[\s,])(ул\.?|улица|улице|пр\.|пр-т|проспект|пер\.|переулок|мкр\.?|микрорайон|бульвар|б-р|шоссе|наб\.|набережная|д\.|дом|кв\.?|квартира|street|st\.?|avenue|ave\.?|road|rd\.?|boulevard|blvd\.?|lane|ln\.?|drive|apt\.?|apartment|house)(?=[\s,.\d]|$)/iu
const leadIns =
  /^(?:(?:my\s+)?address\s*(?:is|:)?|deliver\s+to|ship\s+to|адрес\s*(?:доставки)?\s*:?|мой\s+адрес\s*:?|доставка\s+на|доставьте\s+(?:на|по\s+адресу)|по\s+адресу)\s*/iu

/** A street address: a street word and a number; the text around it without the phone or lead-in. */
export const findAddress = (text: string, phone: string | undefined, expecting: boolean): string | undefined => {
  const withoutPhone = (phone === undefined ? text : text.replace(phone, " ")).replace(/\s+/g, " ").trim()
  const hasNumber = /\d/.test(withoutPhone)
  if (!hasNumber) return undefined
  if (!streetWords.test(` ${withoutPhone}`) && !expecting) return undefined
  const cleaned = withoutPhone.replace(leadIns, "").replace(/^[\s,;:.-]+|[\s,;:-]+$/g, "")
  return cleaned.length >= 3 ? cleaned : undefined
}

const letterSizes = new Set(["xxs", "xs", "s", "m", "l", "xl", "xxl", "xxxl", "2xl", "3xl", "4xl"])
const sizeWords = phrases("size", "sizes", "eu", "размер*", "р", "разм*")
const sizeSuffix = /^(\d{2}(?:\.5)?)(?:-?(?:й|ый|ой|го|м|ти|ом))$/u

/**
 * A size: a shoe size 35–46 (with halves, "42-й"), a letter size (S…XXL) written in capitals or
 * after a size word; any number or letter size when the bot just asked for the size.
 */
export const findSize = (text: string, tokens: ReadonlyArray<string>, expecting: boolean): string | undefined => {
  const raw = text.split(/[\s,;!?()]+/).filter((w) => w !== "")
  for (const word of raw) {
    const suffixed = sizeSuffix.exec(word.toLowerCase())
    if (suffixed !== null && shoeSize(suffixed[1]!)) return suffixed[1]!
  }
  const afterSizeWord = (i: number) => i > 0 && findPhrase(sizeWords, [tokens[i - 1]!]) === 0
  const beforeSizeWord = (i: number) => i + 1 < tokens.length && findPhrase(sizeWords, [tokens[i + 1]!]) === 0
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!
    if (/^\d{2}(\.5)?$/.test(t) && (shoeSize(t) || afterSizeWord(i) || expecting)) return t
    if (/^\d{1,3}$/.test(t) && expecting) return t
    if (letterSizes.has(t)) {
      const capital = raw.some((w) => w.replace(/[^\p{L}\d]/gu, "") === t.toUpperCase())
      if (capital || afterSizeWord(i) || beforeSizeWord(i) || expecting) return t.toUpperCase()
    }
  }
  return undefined
}

const shoeSize = (t: string): boolean => {
  const n = Number(t)
  return Number.isFinite(n) && n >= 35 && n <= 46
}

/** The canonical colour a word names, with the Russian prepositional ending too ("в белом" → "white"). */
export const colourOfToken = (token: string): string | undefined => {
  const k = Catalog.Normalize.key(token)
  const colour = Catalog.colourOf(Catalog.defaultVocabulary, k)
  if (colour !== undefined || !/^\p{Script=Cyrillic}+(?:ом|ем)$/u.test(token)) return colour
  return Catalog.colourOf(Catalog.defaultVocabulary, k.slice(0, -2))
}

/** The canonical colour of the first colour word ("чёрную" → "black", "gray" → "grey"). */
export const findColour = (tokens: ReadonlyArray<string>): string | undefined => {
  for (const t of tokens) {
    const colour = colourOfToken(t)
    if (colour !== undefined) return colour
  }
  return undefined
}

// biome-ignore format: a word table reads best packed
const numberWords: ReadonlyMap<string, number> = new Map([
  ["two", 2], ["three", 3], ["four", 4], ["five", 5], ["six", 6], ["seven", 7], ["eight", 8], ["nine", 9],
  ["ten", 10], ["couple", 2], ["pair", 1], ["один", 1], ["одна", 1], ["одну", 1], ["одно", 1], ["два", 2], ["две", 2], ["три", 3],
  ["четыре", 4], ["пять", 5], ["шесть", 6], ["семь", 7], ["восемь", 8], ["девять", 9], ["десять", 10]
].map(([w, n]) => [normalize(w as string), n as number]))

const countNouns = phrases("pcs", "pieces", "piece", "pairs", "pair", "items", "units", "шт", "штук*", "пар*", "x")

/** A quantity: "2 pairs", "x2", "two", "две", "3 шт"; a bare number only when the bot asked for one. */
export const findQuantity = (tokens: ReadonlyArray<string>, expecting: boolean): number | undefined => {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!
    const word = numberWords.get(t)
    if (word !== undefined) return word
    const times = /^x(\d{1,2})$/.exec(t) ?? /^(\d{1,2})x$/.exec(t)
    if (times !== null) return Number(times[1])
    if (/^\d{1,2}$/.test(t)) {
      const next = tokens[i + 1]
      const n = Number(t)
      if (n >= 1 && ((next !== undefined && findPhrase(countNouns, [next]) === 0) || expecting)) return n
    }
  }
  return undefined
}

// biome-ignore format: a word table reads best packed
const ordinals: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(first|1st|перв\p{L}*)$/u, 1], [/^(second|2nd|втор\p{L}*)$/u, 2], [/^(third|3rd|трет\p{L}*)$/u, 3],
  [/^(fourth|4th|четверт\p{L}*)$/u, 4], [/^(fifth|5th|пят(ый|ая|ую|ое|ого|ои))$/u, 5]
]
const numberMarks = phrases("number", "no", "nr", "num", "номер", "вариант", "option", "#", "№")

/** "The second one", "№2", "вариант 3", or a bare digit when the bot showed a list. */
export const findChoice = (text: string, tokens: ReadonlyArray<string>, expecting: boolean): number | undefined => {
  for (const t of tokens) for (const [pattern, n] of ordinals) if (pattern.test(t)) return n
  const marked = /(?:#|№)\s*(\d{1,2})\b/u.exec(text)
  if (marked !== null) return Number(marked[1])
  for (let i = 1; i < tokens.length; i++) {
    if (/^\d$/.test(tokens[i]!) && findPhrase(numberMarks, [tokens[i - 1]!]) === 0) return Number(tokens[i])
  }
  if (expecting && tokens.length <= 2) {
    const digit = tokens.find((t) => /^[1-9]$/.test(t))
    if (digit !== undefined) return Number(digit)
  }
  return undefined
}

const deliveryWords = phrases(
  "delivery",
  "deliver*",
  "courier",
  "ship it",
  "shipping",
  "доставк*",
  "доставить",
  "доставьте",
  "курьер*",
  "привезите"
)
const pickupWords = phrases(
  "pickup",
  "pick up",
  "pick it up",
  "collect",
  "self pickup",
  "самовывоз*",
  "заберу",
  "забрать",
  "заберем",
  "сам заберу"
)

export const findDelivery = (tokens: ReadonlyArray<string>): DeliveryMethod | undefined => {
  const pickup = findPhrase(pickupWords, tokens)
  const delivery = findPhrase(deliveryWords, tokens)
  if (pickup >= 0 && (delivery < 0 || pickup <= delivery)) return "pickup"
  return delivery >= 0 ? "delivery" : undefined
}

const namePrefix = /(?:my name is|name is|i am|i['’]m|меня зовут|моё имя|мое имя|имя)\s*:?\s*/iu
const nameWords = /^(\p{L}[\p{L}'-]*)(?:\s+(\p{Lu}[\p{L}'-]*))?/u

/** "My name is Anna", "меня зовут Айгерим"; when the bot asked for the name, the words themselves. */
export const findName = (text: string, expecting: boolean): string | undefined => {
  const m = namePrefix.exec(text)
  if (m !== null) {
    const words = nameWords.exec(text.slice(m.index + m[0].length))
    const first = words?.[1]
    // English "I am …" is a name only when capitalised ("I am looking" is not); Russian prefixes are unambiguous.
    if (
      words !== null &&
      first !== undefined &&
      (/\p{Lu}/u.test(first.charAt(0)) || /\p{Script=Cyrillic}/u.test(m[0]))
    ) {
      const name = words[2] === undefined ? first : `${first} ${words[2]}`
      return name.charAt(0).toUpperCase() + name.slice(1)
    }
  }
  const plain = text.trim()
  if (expecting && /^[\p{L}'-]+(?:\s+[\p{L}'-]+){0,2}$/u.test(plain)) return plain
  return undefined
}

/** A city from the list; when the bot asked for the city, a short word or two is taken as one. */
export const findCityName = (
  tokens: ReadonlyArray<string>,
  text: string,
  language: Conversation.Language,
  expecting: boolean
): string | undefined => {
  const city = findCity(tokens)
  if (city !== undefined) return language === "ru" ? city.ru : city.en
  const plain = text.trim()
  if (expecting && /^[\p{L}'-]+(?:[\s-][\p{L}'-]+){0,2}$/u.test(plain)) {
    return plain.charAt(0).toUpperCase() + plain.slice(1)
  }
  return undefined
}

const orderPattern = /(?:order|заказ\p{L}*)\s*(?:#|№|no\.?|number|номер)?\s*([\p{L}\d_-]*\d[\p{L}\d_-]*)/iu

/** An order number the customer quotes ("order #1042", "заказ №ord_12"). */
export const findOrderRef = (text: string): string | undefined => orderPattern.exec(text)?.[1]
