import type { Language } from "../conversation/Model.ts"
import type { ReplyIntent } from "../ports/ReplyWriter.ts"
import { currencies, format, type Money } from "../shared/Money.ts"
import type { Param, Params, ReplyAction } from "./Model.ts"

/**
 * Every reply the bot can send, in English and Russian (SPEC §3.8). `{name}` is a parameter;
 * `[ … ]` is an optional part, dropped when any parameter inside it is missing or empty.
 */
export const templates = {
  greeting: {
    en: "Hi! Welcome[ to {shop}]. What are you looking for today?",
    ru: "Здравствуйте! Добро пожаловать[ в {shop}]. Что вы ищете?"
  },
  welcome: {
    en: "You're welcome! Write if you need anything else.",
    ru: "Пожалуйста! Пишите, если что-то понадобится."
  },
  offers_intro: { en: "Today's deals:", ru: "Сегодняшние акции:" },
  offer_item: {
    en: "{n}. {title} — {price}[ (was {original})], {stock} left",
    ru: "{n}. {title} — {price}[ (было {original})], осталось {stock}"
  },
  search_intro: { en: "Here is what I found[ for “{query}”]:", ru: "Вот что нашлось[ по запросу «{query}»]:" },
  result_item: { en: "{n}. {title} — {price}, in stock", ru: "{n}. {title} — {price}, в наличии" },
  result_item_sold_out: { en: "{n}. {title} — {price}, sold out", ru: "{n}. {title} — {price}, нет в наличии" },
  choose_prompt: {
    en: "Reply with the number of the one you like.",
    ru: "Напишите номер понравившегося варианта."
  },
  nothing_found: {
    en: "Sorry, I couldn't find anything[ for “{query}”]. Try another word or brand.",
    ru: "К сожалению, ничего не нашлось[ по запросу «{query}»]. Попробуйте другое слово или бренд."
  },
  product: { en: "{title} — {price}.", ru: "{title} — {price}." },
  product_from: { en: "{title} — from {price}.", ru: "{title} — от {price}." },
  product_sold_out: { en: "{title} is sold out right now.", ru: "{title} сейчас нет в наличии." },
  measurements: { en: "Measurements (cm): {measurements}.", ru: "Замеры (см): {measurements}." },
  sizes_in_stock: { en: "Sizes in stock: {sizes}.", ru: "Размеры в наличии: {sizes}." },
  colours_in_stock: { en: "Colours in stock: {colours}.", ru: "Цвета в наличии: {colours}." },
  option_in_stock: {
    en: "Yes, {title}[ in size {size}][, {color}] is available: {stock} left, {price}.",
    ru: "Да, {title}[ размер {size}][, {color}] есть в наличии: осталось {stock}, {price}."
  },
  option_out_of_stock: {
    en: "Sorry, {title}[ in size {size}][, {color}] is out of stock.[ Available: {options}.]",
    ru: "К сожалению, {title}[ размер {size}][, {color}] нет в наличии.[ Есть: {options}.]"
  },
  size_not_offered: {
    en: "{title} doesn't come in size {size}.[ Sizes in stock: {sizes}.]",
    ru: "{title} нет в размере {size}.[ В наличии: {sizes}.]"
  },
  colour_not_offered: {
    en: "{title} doesn't come in {color}.[ Colours in stock: {colours}.]",
    ru: "{title} нет в цвете {color}.[ В наличии: {colours}.]"
  },
  ask_take: { en: "Would you like to order it?", ru: "Оформим заказ?" },
  added: {
    en: "Added {title}[, size {size}][, {color}] × {qty} — {lineTotal}.",
    ru: "Добавила {title}[, размер {size}][, {color}] × {qty} — {lineTotal}."
  },
  ask_city: { en: "Which city are you in?", ru: "В каком вы городе?" },
  ask_size: {
    en: "Which size of {title}?[ In stock: {sizes}.]",
    ru: "Какой размер {title}?[ В наличии: {sizes}.]"
  },
  ask_color: {
    en: "Which colour of {title}?[ In stock: {colours}.]",
    ru: "Какой цвет {title}?[ В наличии: {colours}.]"
  },
  ask_phone: { en: "Your phone number, please?", ru: "Ваш номер телефона, пожалуйста?" },
  ask_delivery: { en: "Delivery or pickup?", ru: "Доставка или самовывоз?" },
  ask_address: {
    en: "And the delivery address (street, house, flat)?",
    ru: "И адрес доставки (улица, дом, квартира)?"
  },
  summary_line: {
    en: "{n}. {title}[, size {size}][, {color}] × {qty} — {lineTotal}",
    ru: "{n}. {title}[, размер {size}][, {color}] × {qty} — {lineTotal}"
  },
  summary_delivery: {
    en: "Total: {total}. Delivery to {city}[, {address}]. Phone: {phone}.",
    ru: "Итого: {total}. Доставка: {city}[, {address}]. Телефон: {phone}."
  },
  summary_pickup: {
    en: "Total: {total}. Pickup in {city}. Phone: {phone}.",
    ru: "Итого: {total}. Самовывоз, {city}. Телефон: {phone}."
  },
  confirm_prompt: { en: "Shall I place the order?", ru: "Оформляю заказ?" },
  order_placed: {
    en: "Order {ref} is placed. We hold it for you for {hours} h.",
    ru: "Заказ {ref} оформлен. Мы держим его для вас {hours} ч."
  },
  payment_instructions: {
    en: "Please pay {total} to {details} and send a screenshot of the payment here.",
    ru: "Пожалуйста, оплатите {total}: {details} — и пришлите сюда скриншот оплаты."
  },
  payment_instructions_manager: {
    en: "Please pay {total}; a manager will send you the payment details. Then send a screenshot here.",
    ru: "К оплате {total}; менеджер пришлёт реквизиты. После оплаты пришлите сюда скриншот."
  },
  send_screenshot: {
    en: "Please send a screenshot of the payment[ for order {ref}].",
    ru: "Пришлите, пожалуйста, скриншот оплаты[ заказа {ref}]."
  },
  payment_accepted: {
    en: "Thank you! Payment for order {ref} is confirmed.",
    ru: "Спасибо! Оплата заказа {ref} подтверждена."
  },
  payment_review: {
    en: "Thanks! We're checking the payment for order {ref} and will confirm shortly.",
    ru: "Спасибо! Проверяем оплату заказа {ref} и скоро подтвердим."
  },
  payment_not_confirmed: {
    en: "We couldn't confirm the payment for order {ref}. Please send a clearer screenshot.",
    ru: "Не удалось подтвердить оплату заказа {ref}. Пришлите, пожалуйста, более чёткий скриншот."
  },
  order_status_draft: {
    en: "Your order isn't placed yet[ (so far {total})].",
    ru: "Заказ ещё не оформлен[ (пока {total})]."
  },
  order_status_placed: {
    en: "Order {ref} ({total}) is placed and waiting for payment.",
    ru: "Заказ {ref} ({total}) оформлен и ждёт оплаты."
  },
  order_status_payment_review: {
    en: "We're checking the payment for order {ref} ({total}).",
    ru: "Проверяем оплату заказа {ref} ({total})."
  },
  order_status_paid: {
    en: "Order {ref} ({total}) is paid and being prepared.",
    ru: "Заказ {ref} ({total}) оплачен и собирается."
  },
  order_status_fulfilled: { en: "Order {ref} has been handed over.", ru: "Заказ {ref} выдан." },
  order_status_cancelled: { en: "Order {ref} was cancelled.", ru: "Заказ {ref} отменён." },
  order_status_expired: {
    en: "Order {ref} expired because it wasn't paid in time.",
    ru: "Заказ {ref} истёк: оплата не поступила вовремя."
  },
  no_order: { en: "You have no orders yet.", ru: "У вас пока нет заказов." },
  order_cancelled: { en: "Order {ref} is cancelled.", ru: "Заказ {ref} отменён." },
  cannot_cancel: {
    en: "Order {ref} can't be cancelled in chat now; a manager will help you.",
    ru: "Заказ {ref} уже нельзя отменить в чате; вам поможет менеджер."
  },
  nothing_to_cancel: { en: "There is nothing to cancel.", ru: "Отменять нечего." },
  what_to_change: {
    en: "What would you like to change? Or write “cancel” to cancel the order.",
    ru: "Что изменить? Или напишите «отмена», чтобы отменить заказ."
  },
  line_sold_out: {
    en: "Sorry, {title}[ size {size}][, {color}] just sold out.",
    ru: "К сожалению, {title}[ размер {size}][, {color}] только что закончился."
  },
  offer_claimed: {
    en: "Reserved {qty} × {title} — {total}, pay at pickup.",
    ru: "Забронировано {qty} × {title} — {total}, оплата при получении."
  },
  offer_unavailable: {
    en: "Sorry, that deal is no longer available.",
    ru: "К сожалению, эта акция уже недоступна."
  },
  handoff: {
    en: "I'm connecting you with a manager; they'll reply here soon.",
    ru: "Передаю вас менеджеру, он скоро ответит здесь."
  },
  opted_out: {
    en: "Okay, no more reminders. Write anytime if you need something.",
    ru: "Хорошо, больше не будем напоминать. Пишите, если что-то понадобится."
  },
  unknown: {
    en: "Sorry, I didn't get that. You can ask about a product, its price or sizes, or your order.",
    ru: "Извините, не поняла. Спросите о товаре, цене, размерах или о своём заказе."
  },
  choose_first: {
    en: "Which product would you like? Tell me what you're looking for.",
    ru: "Какой товар вас интересует? Напишите, что вы ищете."
  },
  invalid_phone: {
    en: "That doesn't look like a phone number. Please send it like +7 701 234 56 78.",
    ru: "Похоже, это не номер телефона. Напишите, например: +7 701 234 56 78."
  },
  invalid_field: {
    en: "Sorry, I couldn't take that. Could you write it again?",
    ru: "Не получилось это записать. Напишите, пожалуйста, ещё раз."
  },
  faq_delivery: {
    en: "We deliver by courier in the city; the manager confirms the time. Pickup is free.",
    ru: "Доставляем курьером по городу, время подтвердит менеджер. Самовывоз бесплатный."
  },
  faq_returns: {
    en: "You can return or exchange an item within 14 days if it wasn't worn.",
    ru: "Вернуть или обменять товар можно в течение 14 дней, если его не носили."
  },
  faq_hours: { en: "We're open {open}–{close}.", ru: "Мы работаем с {open} до {close}." },
  faq_payment: {
    en: "You pay by bank transfer after the order is placed and send us a screenshot.",
    ru: "Оплата переводом после оформления заказа, затем пришлите нам скриншот."
  },
  faq_general: {
    en: "Good question! A manager will answer it; meanwhile I can help you choose and order.",
    ru: "Хороший вопрос! На него ответит менеджер, а пока я помогу выбрать и оформить заказ."
  },
  nudge_browse: {
    en: "Still looking? I can show you more options.",
    ru: "Всё ещё выбираете? Могу показать ещё варианты."
  },
  nudge_order: {
    en: "Your order is almost ready; just answer my last question to finish it.",
    ru: "Заказ почти готов, ответьте на последний вопрос, и я его оформлю."
  },
  nudge_payment: {
    en: "A reminder: your order[ {ref}] is waiting for payment. Send the screenshot when you've paid.",
    ru: "Напоминаем: заказ[ {ref}] ждёт оплаты. Пришлите скриншот после оплаты."
  },
  error: {
    en: "Something went wrong on our side; please try again.",
    ru: "У нас что-то пошло не так, попробуйте ещё раз."
  }
} as const satisfies Record<string, Readonly<Record<Language, string>>>

export type TemplateKey = keyof typeof templates
export const templateKeys = Object.keys(templates) as ReadonlyArray<TemplateKey>

export const isTemplateKey = (key: string): key is TemplateKey => Object.hasOwn(templates, key)

const isMoney = (p: Param): p is Money => typeof p === "object" && p !== null

/** A parameter as text: Money via Money.format, counts as whole numbers; nonsense renders as "". */
export const renderParam = (p: Param | undefined): string => {
  if (p === undefined) return ""
  if (typeof p === "number") return Number.isFinite(p) ? String(Math.trunc(p)) : ""
  if (isMoney(p)) {
    const ok = Number.isSafeInteger(p.amount) && Object.hasOwn(currencies, p.currency)
    return ok ? format(p) : ""
  }
  // Customer text must not look like template syntax.
  return p
    .replace(/[{}[\]]/g, "")
    .replace(/\s+/g, " ")
    .trim()
}

const placeholder = /\{(\w+)\}/g
const optional = /\[([^\]]*)\]/g

const fill = (text: string, values: ReadonlyMap<string, string>): string =>
  text.replace(placeholder, (_, name: string) => values.get(name) ?? "")

/** The text of a template with its parameters, plus the facts a rewording must keep verbatim. */
export const render = (key: string, params: Params, language: Language): ReplyIntent => {
  const template = isTemplateKey(key) ? templates[key][language] : templates.error[language]
  const values = new Map<string, string>()
  for (const [name, value] of Object.entries(params)) values.set(name, renderParam(value))
  // Keep an optional part only when every parameter in it has a value; then fill in text order.
  const flat = template.replace(optional, (_, inner: string) =>
    [...inner.matchAll(placeholder)].some((m) => (values.get(m[1]!) ?? "") === "") ? "" : inner
  )
  const facts: Array<string> = []
  for (const [, name] of flat.matchAll(placeholder)) {
    const v = values.get(name!) ?? ""
    if (v !== "" && !facts.includes(v)) facts.push(v)
  }
  const text = fill(flat, values).replace(/ {2,}/g, " ").trim()
  return { key, text: text === "" ? templates.error[language] : text, facts }
}

/** Render a Reply action. */
export const renderReply = (reply: ReplyAction): ReplyIntent => render(reply.key, reply.params, reply.language)
