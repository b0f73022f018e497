import { Catalog } from "@chatshop/domain"

/**
 * Major cities of the shops' markets (KZ, RU, KH, US, EU and neighbours) with the spellings
 * customers use. Matching is on the catalog's keys (so "Алматы" = "Almaty"), and a Russian case
 * ending is tolerated ("в Москве", "Астану", "Казани").
 */
interface City {
  readonly en: string
  readonly ru: string
  readonly aliases: ReadonlyArray<string>
}

// biome-ignore format: a table reads best as a table
const cities: ReadonlyArray<City> = [
  { en: "Almaty", ru: "Алматы", aliases: ["алма-ата", "алма ата", "alma-ata", "алмата"] },
  { en: "Astana", ru: "Астана", aliases: ["нур-султан", "nur-sultan", "акмола"] },
  { en: "Shymkent", ru: "Шымкент", aliases: ["чимкент"] },
  { en: "Karaganda", ru: "Караганда", aliases: ["karagandy", "караганды"] },
  { en: "Aktobe", ru: "Актобе", aliases: ["актюбинск"] },
  { en: "Taraz", ru: "Тараз", aliases: [] },
  { en: "Pavlodar", ru: "Павлодар", aliases: [] },
  { en: "Oskemen", ru: "Усть-Каменогорск", aliases: ["ust-kamenogorsk", "оскемен", "усть каменогорск"] },
  { en: "Semey", ru: "Семей", aliases: ["семипалатинск"] },
  { en: "Atyrau", ru: "Атырау", aliases: [] },
  { en: "Kostanay", ru: "Костанай", aliases: [] },
  { en: "Aktau", ru: "Актау", aliases: [] },
  { en: "Kyzylorda", ru: "Кызылорда", aliases: [] },
  { en: "Petropavl", ru: "Петропавловск", aliases: [] },
  { en: "Turkestan", ru: "Туркестан", aliases: [] },
  { en: "Moscow", ru: "Москва", aliases: ["moskva", "мск"] },
  { en: "Saint Petersburg", ru: "Санкт-Петербург", aliases: ["st petersburg", "petersburg", "питер", "спб", "петербург", "санкт петербург"] },
  { en: "Novosibirsk", ru: "Новосибирск", aliases: [] },
  { en: "Yekaterinburg", ru: "Екатеринбург", aliases: ["ekaterinburg", "екб"] },
  { en: "Kazan", ru: "Казань", aliases: [] },
  { en: "Nizhny Novgorod", ru: "Нижний Новгород", aliases: ["нижний"] },
  { en: "Chelyabinsk", ru: "Челябинск", aliases: [] },
  { en: "Samara", ru: "Самара", aliases: [] },
  { en: "Omsk", ru: "Омск", aliases: [] },
  { en: "Rostov-on-Don", ru: "Ростов-на-Дону", aliases: ["rostov", "ростов"] },
  { en: "Ufa", ru: "Уфа", aliases: [] },
  { en: "Krasnoyarsk", ru: "Красноярск", aliases: [] },
  { en: "Voronezh", ru: "Воронеж", aliases: [] },
  { en: "Perm", ru: "Пермь", aliases: [] },
  { en: "Volgograd", ru: "Волгоград", aliases: [] },
  { en: "Krasnodar", ru: "Краснодар", aliases: [] },
  { en: "Sochi", ru: "Сочи", aliases: [] },
  { en: "Vladivostok", ru: "Владивосток", aliases: [] },
  { en: "Phnom Penh", ru: "Пномпень", aliases: ["пном пень", "phnompenh"] },
  { en: "Siem Reap", ru: "Сиемреап", aliases: ["сием реап"] },
  { en: "Battambang", ru: "Баттамбанг", aliases: [] },
  { en: "Sihanoukville", ru: "Сиануквиль", aliases: [] },
  { en: "New York", ru: "Нью-Йорк", aliases: ["nyc", "нью йорк"] },
  { en: "Los Angeles", ru: "Лос-Анджелес", aliases: ["la", "лос анджелес"] },
  { en: "Chicago", ru: "Чикаго", aliases: [] },
  { en: "Houston", ru: "Хьюстон", aliases: [] },
  { en: "San Francisco", ru: "Сан-Франциско", aliases: ["sf", "сан франциско"] },
  { en: "Seattle", ru: "Сиэтл", aliases: [] },
  { en: "Miami", ru: "Майами", aliases: [] },
  { en: "Boston", ru: "Бостон", aliases: [] },
  { en: "London", ru: "Лондон", aliases: [] },
  { en: "Paris", ru: "Париж", aliases: [] },
  { en: "Berlin", ru: "Берлин", aliases: [] },
  { en: "Madrid", ru: "Мадрид", aliases: [] },
  { en: "Barcelona", ru: "Барселона", aliases: [] },
  { en: "Rome", ru: "Рим", aliases: ["roma"] },
  { en: "Milan", ru: "Милан", aliases: ["milano"] },
  { en: "Amsterdam", ru: "Амстердам", aliases: [] },
  { en: "Vienna", ru: "Вена", aliases: ["wien"] },
  { en: "Prague", ru: "Прага", aliases: ["praha"] },
  { en: "Warsaw", ru: "Варшава", aliases: [] },
  { en: "Lisbon", ru: "Лиссабон", aliases: [] },
  { en: "Munich", ru: "Мюнхен", aliases: [] },
  { en: "Brussels", ru: "Брюссель", aliases: [] },
  { en: "Dublin", ru: "Дублин", aliases: [] },
  { en: "Bishkek", ru: "Бишкек", aliases: [] },
  { en: "Tashkent", ru: "Ташкент", aliases: [] },
  { en: "Minsk", ru: "Минск", aliases: [] },
  { en: "Kyiv", ru: "Киев", aliases: ["kiev", "київ"] },
  { en: "Istanbul", ru: "Стамбул", aliases: [] },
  { en: "Dubai", ru: "Дубай", aliases: ["дубаи"] },
  { en: "Tbilisi", ru: "Тбилиси", aliases: [] },
  { en: "Baku", ru: "Баку", aliases: [] }
]

interface Entry {
  readonly keys: ReadonlyArray<string>
  readonly city: City
}

const entries: ReadonlyArray<Entry> = cities
  .flatMap((city) =>
    [city.en, city.ru, ...city.aliases].map((name) => ({
      keys: Catalog.Normalize.textKey(name).split(" "),
      city
    }))
  )
  // Longest first: "Нижний Новгород" before "Нижний".
  .sort((a, b) => b.keys.length - a.keys.length)

/** Russian case endings on a city name, in key space (Москв-е, Астан-у, Казан-и, Алмат-ы). */
const endings = new Set(["a", "u", "e", "i", "om", "oi", "ei", "ia", "iu", "ie"])

const stemOf = (k: string): string => (k.length > 4 && /[aeiou]$/.test(k) ? k.slice(0, -1) : k)

const wordMatches = (typed: string, name: string): boolean => {
  if (typed === name) return true
  if (name.length < 4) return false
  const stem = stemOf(name)
  return typed.startsWith(stem) && endings.has(typed.slice(stem.length))
}

export interface CityMatch {
  readonly en: string
  readonly ru: string
  /** Token positions the name covers. */
  readonly start: number
  readonly length: number
}

/** The first city named in the tokens (normalised words), if any. */
export const findCity = (tokens: ReadonlyArray<string>): CityMatch | undefined => {
  const keys = tokens.map(Catalog.Normalize.key)
  for (let start = 0; start < keys.length; start++) {
    for (const entry of entries) {
      const n = entry.keys.length
      if (start + n > keys.length) continue
      // Two-letter aliases ("la", "sf") only as the whole message: too ambiguous inside a sentence.
      if (n === 1 && entry.keys[0]!.length < 3 && keys.length > 1) continue
      if (entry.keys.every((k, i) => wordMatches(keys[start + i]!, k))) {
        return { en: entry.city.en, ru: entry.city.ru, start, length: n }
      }
    }
  }
  return undefined
}
