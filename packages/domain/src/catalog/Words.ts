import type { Category } from "./Model.ts"

// Stryker disable all: word lists are data; search behaviour over them is tested by examples and properties.

/**
 * The default words search knows: brand aliases, product words (English and Russian) with their
 * category, colour names and stems, and words to ignore. Shops extend them with `makeVocabulary`.
 */

/** Canonical brand → how customers write it (Cyrillic and Latin; multi-word allowed). */
export const defaultBrands: Readonly<Record<string, ReadonlyArray<string>>> = {
  nike: ["найк", "найки", "найкі", "наик", "нике"],
  adidas: ["адидас", "адидаc", "адик"],
  puma: ["пума"],
  reebok: ["рибок", "рибоk"],
  "new balance": ["нью беланс", "нью баланс", "нб", "nb"],
  converse: ["конверс", "конверсы"],
  vans: ["ванс", "вансы"],
  "dr martens": ["доктор мартинс", "мартинсы", "мартенсы", "dr. martens", "doc martens"],
  timberland: ["тимберленд", "тимбы", "тимберленды"],
  chanel: ["шанель", "шанел"],
  gucci: ["гуччи", "гучи"],
  prada: ["прада"],
  "louis vuitton": ["луи виттон", "луи витон", "лв", "lv"],
  dior: ["диор"],
  hermes: ["гермес", "эрмес"],
  balenciaga: ["баленсиага", "баленсиаго"],
  versace: ["версаче"],
  fendi: ["фенди"],
  "yves saint laurent": ["ив сен лоран", "сен лоран", "ysl", "saint laurent"],
  "dolce gabbana": ["дольче габбана", "дольче", "d&g", "dolce & gabbana"],
  "michael kors": ["майкл корс", "михаэль корс"],
  "calvin klein": ["кельвин кляйн", "келвин кляйн"],
  "tommy hilfiger": ["томми хилфигер", "томми"],
  "ralph lauren": ["ральф лорен"],
  lacoste: ["лакост", "лакоста"],
  zara: ["зара"],
  "h&m": ["эйч энд эм", "hm", "h m"],
  mango: ["манго"],
  uniqlo: ["юникло"],
  levis: ["левис", "левайс", "levi's"],
  "the north face": ["норт фейс", "north face", "tnf"],
  "stone island": ["стон айленд", "стоник"],
  ugg: ["угги", "уги", "угг"],
  "massimo dutti": ["массимо дутти"],
  bershka: ["бершка"],
  "pull&bear": ["пул энд бир", "pull and bear"],
  guess: ["гесс", "гес"]
}

/** A product word and its synonyms in both languages, with the category it implies. */
export interface Concept {
  readonly category: Category
  readonly words: ReadonlyArray<string>
}

export const defaultConcepts: ReadonlyArray<Concept> = [
  { category: "shoes", words: ["shoes", "shoe", "обувь", "туфли", "туфля", "туфель"] },
  { category: "shoes", words: ["sneakers", "sneaker", "trainers", "кроссовки", "кроссовок", "кроссы", "кеды", "кед"] },
  { category: "shoes", words: ["boots", "boot", "ботинки", "ботинок", "сапоги", "сапог", "ботильоны", "челси"] },
  { category: "shoes", words: ["heels", "pumps", "каблуки", "лодочки"] },
  { category: "shoes", words: ["sandals", "сандалии", "босоножки", "шлепанцы", "slides", "сланцы"] },
  { category: "shoes", words: ["loafers", "лоферы", "мокасины", "moccasins"] },
  { category: "bag", words: ["bag", "bags", "handbag", "сумка", "сумки", "сумку", "сумочка", "сумочку"] },
  { category: "bag", words: ["backpack", "рюкзак", "рюкзаки"] },
  { category: "bag", words: ["clutch", "клатч"] },
  { category: "bag", words: ["tote", "шоппер", "shopper"] },
  { category: "clothing", words: ["clothes", "clothing", "одежда"] },
  { category: "clothing", words: ["dress", "платье", "платья", "сарафан"] },
  { category: "clothing", words: ["jacket", "куртка", "куртку", "пиджак", "жакет", "blazer"] },
  { category: "clothing", words: ["coat", "пальто", "тренч", "trench", "пуховик", "parka"] },
  { category: "clothing", words: ["jeans", "джинсы", "денимы", "denim"] },
  { category: "clothing", words: ["trousers", "pants", "брюки", "штаны"] },
  { category: "clothing", words: ["shirt", "рубашка", "рубашку", "блузка", "blouse"] },
  { category: "clothing", words: ["tshirt", "tee", "футболка", "футболку", "футболки", "майка"] },
  { category: "clothing", words: ["sweater", "jumper", "свитер", "кофта", "джемпер", "hoodie", "худи", "толстовка"] },
  { category: "clothing", words: ["skirt", "юбка", "юбку"] },
  { category: "clothing", words: ["shorts", "шорты"] },
  { category: "accessory", words: ["accessory", "accessories", "аксессуар", "аксессуары"] },
  { category: "accessory", words: ["belt", "ремень", "пояс"] },
  { category: "accessory", words: ["scarf", "шарф", "платок", "палантин"] },
  { category: "accessory", words: ["hat", "cap", "шапка", "шапку", "кепка", "кепку", "панама", "beanie"] },
  { category: "accessory", words: ["wallet", "кошелек", "портмоне", "cardholder", "картхолдер"] },
  { category: "accessory", words: ["sunglasses", "очки"] },
  { category: "accessory", words: ["watch", "часы"] },
  { category: "accessory", words: ["jewelry", "jewellery", "украшения", "серьги", "earrings", "кольцо", "ring"] }
]

/** Canonical colour → English names and Russian stems (a stem matches with an adjective ending). */
export const defaultColours: Readonly<
  Record<string, { readonly names: ReadonlyArray<string>; readonly stems: ReadonlyArray<string> }>
> = {
  black: { names: ["black"], stems: ["черн"] },
  white: { names: ["white"], stems: ["бел"] },
  red: { names: ["red"], stems: ["красн"] },
  blue: { names: ["blue", "navy"], stems: ["син", "голуб"] },
  green: { names: ["green", "olive"], stems: ["зелен", "оливков"] },
  yellow: { names: ["yellow"], stems: ["желт"] },
  brown: { names: ["brown", "chocolate"], stems: ["коричнев", "шоколадн"] },
  grey: { names: ["grey", "gray"], stems: ["сер"] },
  pink: { names: ["pink"], stems: ["розов"] },
  beige: { names: ["beige", "nude"], stems: ["бежев", "нюдов"] },
  purple: { names: ["purple", "violet", "lilac"], stems: ["фиолетов", "сиренев"] },
  orange: { names: ["orange"], stems: ["оранжев"] },
  burgundy: { names: ["burgundy"], stems: ["бордов"] },
  gold: { names: ["gold", "golden"], stems: ["золот"] },
  silver: { names: ["silver"], stems: ["серебрян", "серебрист"] },
  cream: { names: ["cream", "ivory"], stems: ["молочн", "кремов"] },
  khaki: { names: ["khaki"], stems: ["хаки"] }
}

/** Words that carry no product meaning in a shop chat. */
// biome-ignore format: a word list reads best packed
export const defaultStopwords: ReadonlyArray<string> = [
  "a", "an", "the", "do", "you", "have", "has", "any", "in", "on", "of", "for", "with", "and", "or", "is", "are",
  "these", "those", "this", "that", "size", "sizes", "please", "pls", "i", "want", "need", "looking", "me", "my",
  "color", "colour", "show", "available", "stock", "there", "it", "to", "у", "вас", "есть", "в", "на", "и", "или",
  "с", "для", "ли", "эти", "этот", "эта", "такие", "такой", "размер", "размера", "размере", "цвет", "цвета", "цвете",
  "пожалуйста", "хочу", "нужна", "нужен", "нужны", "нужно", "мне", "покажите", "наличии", "а", "по", "из", "какие",
  "какая", "какой", "сколько", "стоит"
]

/** Adjective endings of a Russian colour in key space: "черная" = "chern" + "aia", "синий" = "sin" + "i". */
// biome-ignore format: a word list reads best packed
export const colourEndings = new Set([
  "", "a", "o", "i", "e", "ia", "aia", "iaia", "ie", "oe", "ee", "uiu", "iuiu", "oi", "ogo", "ego", "ih", "im",
  "omu", "emu", "ami", "imi"
])
