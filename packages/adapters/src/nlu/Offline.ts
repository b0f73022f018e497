import {
  Catalog,
  detectLanguage,
  type Intent,
  Nlu,
  type NluEntities,
  type NluInput,
  type NluResult
} from "@chatshop/domain"
import { Effect, Layer } from "effect"
import { findCity } from "./Cities.ts"
import {
  findAddress,
  findChoice,
  findCityName,
  findColour,
  findDelivery,
  findName,
  findOrderRef,
  findPhone,
  findQuantity,
  findSize
} from "./Entities.ts"
import * as L from "./Lexicon.ts"
import { findPhrase, hasPhrase } from "./Phrases.ts"
import { productQuery, productWords, type QueryOptions } from "./Query.ts"

/**
 * The offline NLU (SPEC §3.8, issue 5): English and Russian rules, no network. Good enough to
 * complete a sale; the LLM adapter falls back to it. Deterministic and pure per input.
 */

/** Long messages are cut: nobody orders in the 4,000th character, and rules stay fast. */
const MAX_CHARS = 1_000
const thumbsUp = /[👍👌✅🙏]/u

const result = (
  intent: Intent,
  language: NluResult["language"],
  entities: NluEntities,
  confidence: number
): NluResult => ({ intent, language, entities, confidence })

/** Extract every entity the message carries. */
const extract = (
  text: string,
  tokens: ReadonlyArray<string>,
  language: NluResult["language"],
  expecting: NluInput["expecting"],
  options: QueryOptions
): NluEntities => {
  const phone = findPhone(text)
  const address = findAddress(text, phone?.value, expecting === "address")
  // Numbers and colours inside a phone or an address ("ул. Красная 40") are not sizes or colours.
  let rest = text
  if (phone !== undefined) rest = rest.replace(phone.value, " ")
  if (address !== undefined) rest = rest.replace(address, " ")
  const restTokens = Catalog.Normalize.tokens(rest)
  const size = findSize(rest, restTokens, expecting === "size")
  const color = findColour(restTokens)
  const quantity = findQuantity(restTokens, expecting === "quantity")
  const choice = findChoice(rest, restTokens, expecting === "choice")
  const cityHere = findCity(restTokens)
  const cityText = address === undefined && phone === undefined ? text : rest
  // A city named inside the address ("Алматы, мкр Самал-2, дом 33") is the city too.
  const city = findCityName(tokens, cityText, language, expecting === "city" && address === undefined)
  const delivery = findDelivery(tokens)
  const name = findName(text, expecting === "name")
  const orderRef = findOrderRef(text)
  const skip = new Set<number>()
  if (cityHere !== undefined) for (let i = 0; i < cityHere.length; i++) skip.add(cityHere.start + i)
  const answering = expecting !== undefined && expecting !== "choice"
  const query =
    address === undefined
      ? productQuery(restTokens, Catalog.Normalize.typedWords(rest), skip, size, options, answering)
      : undefined
  const entities: { -readonly [K in keyof NluEntities]: NluEntities[K] } = {}
  if (query !== undefined) entities.query = query
  if (choice !== undefined && choice >= 1) entities.choice = choice
  if (size !== undefined) entities.size = size
  if (color !== undefined) entities.color = color
  if (quantity !== undefined && quantity >= 1) entities.quantity = quantity
  if (city !== undefined) entities.city = city
  if (phone !== undefined) entities.phone = phone.value
  if (address !== undefined) entities.address = address
  if (name !== undefined && city === undefined) entities.name = name
  if (delivery !== undefined) entities.delivery = delivery
  if (orderRef !== undefined) entities.orderRef = orderRef
  return entities
}

/** The FAQ subject, if the message asks one. */
const faqTopic = (
  text: string,
  tokens: ReadonlyArray<string>,
  expecting: NluInput["expecting"],
  e: NluEntities
): string | undefined => {
  if (hasPhrase(L.faqReturns, tokens)) return "returns"
  if (hasPhrase(L.faqPayment, tokens)) return "payment"
  if (hasPhrase(L.faqHours, tokens)) return "hours"
  if (hasPhrase(L.faqLocation, tokens)) return "location"
  const question = text.includes("?") || hasPhrase(L.questionWords, tokens)
  if (question && expecting !== "delivery" && e.address === undefined && hasPhrase(L.faqDelivery, tokens)) {
    return "delivery"
  }
  return undefined
}

const fieldKeys = ["phone", "address", "city", "delivery", "name"] as const

/** The intent, by rules in priority order (a stop or a call for a person beats everything). */
const intentOf = (
  text: string,
  tokens: ReadonlyArray<string>,
  expecting: NluInput["expecting"],
  e: NluEntities
): { readonly intent: Intent; readonly confidence: number; readonly topic?: string } => {
  const short = tokens.length <= 3
  if (hasPhrase(L.optOut, tokens) || (tokens.length <= 2 && hasPhrase(L.stopWords, tokens))) {
    return { intent: "opt_out", confidence: 0.95 }
  }
  if (hasPhrase(L.askHuman, tokens)) return { intent: "ask_human", confidence: 0.9 }
  if (hasPhrase(L.paymentSent, tokens) || (tokens.length <= 2 && findPhrase(L.sentAlone, tokens) === 0)) {
    return { intent: "payment_sent", confidence: 0.85 }
  }
  if (hasPhrase(L.orderStatus, tokens) || (e.orderRef !== undefined && e.query === undefined)) {
    return { intent: "order_status", confidence: 0.85 }
  }
  const topic = faqTopic(text, tokens, expecting, e)
  if (topic !== undefined) return { intent: "faq", confidence: 0.8, topic }
  if (hasPhrase(L.cancel, tokens)) return { intent: "cancel", confidence: 0.85 }
  if (short && findPhrase(L.decline, tokens) === 0) return { intent: "cancel", confidence: 0.7, topic: "decline" }
  const picks = e.choice !== undefined && (expecting === "choice" || tokens.length <= 4)
  if (hasPhrase(L.choose, tokens) || picks) return { intent: "choose_product", confidence: 0.85 }
  // "Хочу челси 39": a product named with its size is the pair wanted, not a question about it.
  if (hasPhrase(L.want, tokens) && e.query !== undefined && e.size !== undefined) {
    return { intent: "choose_product", confidence: 0.8 }
  }
  if (hasPhrase(L.askPrice, tokens)) return { intent: "ask_price", confidence: 0.85 }
  if (hasPhrase(L.askSize, tokens) && e.size === undefined) return { intent: "ask_size", confidence: 0.85 }
  if (hasPhrase(L.askColours, tokens) && e.color === undefined) return { intent: "ask_availability", confidence: 0.8 }
  if (expecting !== undefined && expecting !== "choice" && e[expecting] !== undefined && e.query === undefined) {
    return { intent: "provide_field", confidence: 0.85 }
  }
  if (
    hasPhrase(L.askAvailability, tokens) &&
    (e.query !== undefined || e.size !== undefined || e.color !== undefined)
  ) {
    return { intent: "ask_availability", confidence: 0.85 }
  }
  if (e.query !== undefined) return { intent: "search", confidence: 0.8 }
  if (fieldKeys.some((k) => e[k] !== undefined)) return { intent: "provide_field", confidence: 0.8 }
  if (short && (hasPhrase(L.confirm, tokens) || thumbsUp.test(text))) return { intent: "confirm", confidence: 0.8 }
  if (hasPhrase(L.confirm, tokens) && /confirm|подтвер/iu.test(text)) return { intent: "confirm", confidence: 0.8 }
  if (e.size !== undefined || e.color !== undefined || e.quantity !== undefined) {
    return { intent: "provide_field", confidence: 0.6 }
  }
  if (hasPhrase(L.greeting, tokens)) return { intent: "greeting", confidence: 0.9 }
  if (hasPhrase(L.thanks, tokens)) return { intent: "greeting", confidence: 0.8, topic: "thanks" }
  if (hasPhrase(L.browseAll, tokens)) return { intent: "search", confidence: 0.7 }
  // "No, change the size": a refusal first, whatever follows.
  if (findPhrase(L.decline, tokens) === 0) return { intent: "cancel", confidence: 0.6, topic: "decline" }
  return { intent: "unknown", confidence: 0 }
}

/** Classify one customer turn. Pure: the same input always gives the same result. */
export const classify = (input: NluInput, options: QueryOptions = {}): NluResult => {
  const text = input.text.slice(0, MAX_CHARS)
  const language = detectLanguage(text, input.language)
  const tokens = Catalog.Normalize.tokens(text)
  if (tokens.length === 0) {
    return thumbsUp.test(text) ? result("confirm", language, {}, 0.6) : result("unknown", language, {}, 0)
  }
  // "Yes", "hi", "no" are never the city or name the bot asked for.
  const replyWords = [L.confirm, L.decline, L.greeting, L.thanks, L.cancel, L.askHuman, L.stopWords]
  const expecting = replyWords.some((set) => findPhrase(set, tokens) === 0) ? undefined : input.expecting
  const entities = extract(text, tokens, language, expecting, options)
  const { intent, confidence, topic } = intentOf(text, tokens, input.expecting, entities)
  const withTopic = topic === undefined ? entities : { ...entities, topic }
  return result(intent, language, intent === "unknown" ? {} : withTopic, confidence)
}

/** The offline NLU with the default vocabulary (brands, product words, colours). */
export const layer: Layer.Layer<Nlu> = Layer.succeed(
  Nlu,
  Nlu.of({ classify: (_tenantId, input) => Effect.sync(() => classify(input)) })
)

/** The offline NLU that also knows the words of the tenant's own product titles (read per turn). */
export const layerWithCatalog: Layer.Layer<Nlu, never, Catalog.CatalogRepository> = Layer.effect(
  Nlu,
  Effect.gen(function* () {
    const repository = yield* Catalog.CatalogRepository
    return Nlu.of({
      classify: (tenantId, input) =>
        Effect.map(repository.list(tenantId), (products) => classify(input, { knownWords: productWords(products) }))
    })
  })
)
