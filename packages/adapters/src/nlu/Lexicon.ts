import { phrases } from "./Phrases.ts"

/** The English and Russian phrases behind each intent of SPEC §3.8 (see Phrases.ts for the syntax). */

// biome-ignore format: a word list reads best packed
export const optOut = phrases(
  "unsubscribe", "opt out", "stop messaging", "stop sending", "stop writing", "dont message me", "dont write",
  "dont text", "stop texting", "dont message", "do not write", "no more messages", "отписаться", "отпиши*",
  "отписк*", "не пишите", "не пиши мне", "хватит писать", "больше не пиш*", "не присылайте"
)
/** "Sent!" alone, while a payment is awaited, is the payment. */
export const sentAlone = phrases("sent", "отправил*", "скинул*", "перевел*")

/** "stop" / "стоп" alone (a short message) is an opt-out; inside a sentence it may mean something else. */
export const stopWords = phrases("stop", "стоп", "хватит", "unsubscribe")

// biome-ignore format: a word list reads best packed
export const askHuman = phrases(
  "operator", "manager", "human", "real person", "live person", "a person", "real people", "live agent",
  "agent", "customer service", "talk to someone", "speak to someone", "talk to somebody", "оператор*",
  "менеджер*", "живо* человек*", "живым", "человек*", "консультант*", "сотрудник*", "позови*", "соедини*",
  "администратор*"
)

// biome-ignore format: a word list reads best packed
export const paymentSent = phrases(
  "paid", "i paid", "ive paid", "have paid", "payment done", "payment sent", "payment is done",
  "sent the money", "sent money", "sent you the money", "transferred", "made the payment", "made a transfer",
  "here is the receipt", "my payment", "received the payment", "got the payment", "receipt",
  "payment screenshot", "оплатил*", "оплачено", "оплатила", "перевел*", "перевела", "скинул* деньги",
  "отправил* деньги", "отправил* чек", "скинул* чек", "вот чек", "чек об оплате", "оплата прошла",
  "получили оплату", "получили деньги", "дошла оплата", "пришла оплата", "сделал* перевод", "внес* оплату"
)

// biome-ignore format: a word list reads best packed
export const orderStatus = phrases(
  "order status", "status of my order", "where is my order", "wheres my order", "where is the order",
  "track my order", "tracking", "when will it arrive", "when will my order", "when will i get",
  "when do i get", "when will it come", "has my order", "статус*", "где мои заказ", "где заказ",
  "где моя посылка", "что с заказом", "что с моим заказом", "когда доставят", "когда привезут", "когда придет"
)

// biome-ignore format: a word list reads best packed
export const cancel = phrases(
  "cancel*", "dont want it", "do not want it", "dont need it", "changed my mind", "call off", "отмен*",
  "не надо", "не нужно", "передумал*", "не буду брать", "уже не нужно"
)
/** A bare "no": declines what was proposed (the dialog decides what that means). */
// biome-ignore format: a word list reads best packed
export const decline = phrases(
  "no", "nope", "nah", "no thanks", "not now", "нет", "неа", "не", "нет спасибо", "пока нет"
)

// biome-ignore format: a word list reads best packed
export const confirm = phrases(
  "yes", "yep", "yeah", "yup", "sure", "ok", "okay", "confirm*", "correct", "right", "go ahead", "place it",
  "place the order", "sounds good", "perfect", "agreed", "да", "ага", "угу", "конечно", "подтвержда*", "верно",
  "все верно", "ок", "окей", "хорошо", "давай*", "оформля*", "согласен", "согласна", "отлично", "точно"
)

export const thanks = phrases("thanks", "thank you", "thx", "ty", "спасибо", "благодарю", "спс", "рахмет")

// biome-ignore format: a word list reads best packed
export const greeting = phrases(
  "hi", "hello", "hey", "hiya", "good morning", "good afternoon", "good evening", "greetings", "привет*",
  "здравствуй*", "здрасте", "добрый день", "добрый вечер", "доброе утро", "доброго дня", "салам", "салем",
  "hola"
)

// biome-ignore format: a word list reads best packed
export const faqReturns = phrases(
  "return*", "refund*", "exchange", "возврат*", "вернуть", "обмен*", "поменять", "обменять"
)
// biome-ignore format: a word list reads best packed
export const faqHours = phrases(
  "open", "opening hours", "working hours", "business hours", "what time", "when do you close", "работаете",
  "часы работы", "график*", "до скольки", "во сколько"
)
// biome-ignore format: a word list reads best packed
export const faqPayment = phrases(
  "how can i pay", "how do i pay", "how to pay", "payment method*", "pay by card", "pay with card",
  "pay in cash", "как оплатить", "как можно оплатить", "способ* оплат*", "оплата картой", "можно картой",
  "оплатить картой", "наличными"
)
export const faqDelivery = phrases("deliver*", "shipping", "ship", "доставк*", "доставля*", "доставит*")
// biome-ignore format: a word list reads best packed
export const faqLocation = phrases(
  "where are you", "where is your shop", "where is the shop", "your address", "где вы", "где находитесь",
  "где магазин", "адрес магазина"
)
/** A question cue: makes "delivery" a question rather than an answer. */
// biome-ignore format: a word list reads best packed
export const questionWords = phrases(
  "how", "how much", "how long", "when", "do you", "is there", "can you", "сколько", "как", "когда", "есть ли",
  "можно ли", "вы доставляете", "делаете"
)

// biome-ignore format: a word list reads best packed
export const choose = phrases(
  "ill take", "i will take", "id take", "take it", "take this", "take that", "take the", "i want this",
  "i want these", "i want them", "want these", "add to cart", "add to basket", "i want that", "i want it",
  "i want the", "ill buy", "buy it", "buy this", "order it", "order this", "id like to order", "want to order",
  "like to buy", "this one", "that one", "беру", "хочу их", "в корзину", "закажу", "закажем", "возьму",
  "берем", "хочу эт*", "хочу заказать", "хочу купить", "заказать", "заказываю", "покупаю", "куплю", "оформите",
  "оформить"
)

/** "Хочу челси 39", "I want chelsea in 39": with a product and its size, the one wanted (see Offline.ts). */
export const want = phrases("хочу", "want")

// biome-ignore format: a word list reads best packed
export const askPrice = phrases(
  "how much", "price", "prices", "cost", "costs", "сколько стоит", "сколько стоят", "цена", "цену", "цены",
  "почем", "стоимость"
)
// biome-ignore format: a word list reads best packed
export const askSize = phrases(
  "what sizes", "which sizes", "what size", "which size", "sizes", "size chart", "size guide", "какие размеры",
  "какой размер", "размеры", "размерн*"
)
// biome-ignore format: a word list reads best packed
export const askColours = phrases(
  "what colour", "what color", "which colour", "which color", "какой цвет", "какого цвета", "photo*",
  "picture*", "pics", "фото*", "фотк*", "what colours", "what colors", "which colours", "which colors",
  "other colours", "other colors", "colours", "colors", "какие цвета", "другие цвета", "цвета", "расцветк*"
)
/** "Show me what you have": browsing without a product named. */
// biome-ignore format: a word list reads best packed
export const browseAll = phrases(
  "what do you have", "what have you got", "show me everything", "catalog", "catalogue", "что есть",
  "что у вас есть", "покажи* что", "ассортимент*", "каталог*"
)
// biome-ignore format: a word list reads best packed
export const askAvailability = phrases(
  "do you have", "have you got", "got any", "is there", "are there", "in stock", "available", "availability",
  "left", "есть ли", "у вас есть", "есть", "в наличии", "имеется", "остал*"
)
// biome-ignore format: a word list reads best packed
export const searchCue = phrases(
  "looking for", "look for", "searching for", "show me", "show", "i need", "i want", "id like", "any",
  "do you sell", "ищу", "поищите", "покажи*", "нужн*", "хочу", "интересу*", "подберите", "посмотреть"
)
export const dealWords = phrases("deal*", "offer*", "sale", "discount*", "акци*", "скидк*", "распродаж*")

/** Words that say nothing about the product: kept out of the search query. */
// biome-ignore format: a word list reads best packed
export const filler = phrases(
  "it", "them", "this", "that", "these", "those", "one", "ones", "something", "anything", "some", "what",
  "which", "got", "can", "get", "buy", "would", "like", "thanks", "thank you", "other", "another", "else",
  "другие", "другой", "другую", "bot", "robot", "photo", "photos", "picture", "pictures", "pics", "фото",
  "фотографии", "whats", "phone", "number", "mobile", "address", "delivery", "deliver", "pickup", "please",
  "pls", "plz", "телефон", "номер", "адрес", "доставка", "доставкой", "самовывоз", "бот", "im", "ive", "id",
  "ill", "lets", "его", "ее", "их", "это", "эту", "что", "то", "нибудь", "можно", "купить", "спасибо", "бы",
  "ещё", "еще", "там", "они", "он", "она"
)
