import { Nlu, type NluInput, NluResult, NluUnavailable } from "@chatshop/domain"
import { Effect, Layer } from "effect"
import * as OfflineNlu from "../nlu/index.ts"
import { answerFormat, type LlmClient, makeClient } from "./Client.ts"
import { type LlmOptions, settingsOf } from "./Config.ts"

/** The answer format: JSON Schema and decoder both derived from the domain's `NluResult`. */
export const nluFormat = answerFormat("nlu_result", NluResult)

/** Nobody orders in the 2,000th character; the cut keeps prompts (and bills) small. */
const MAX_CHARS = 2_000

const intentGuide = `intent — what the customer wants with this message:
- greeting: hello, thanks, small talk
- search: looks for products or browses ("black boots", "what bags do you have")
- ask_availability: asks whether something is in stock, in a size or a colour
- ask_price: asks what something costs
- ask_size: asks which sizes exist or how it fits
- choose_product: picks an item the shop showed ("the second one", "I'll take them")
- provide_field: gives an order detail (city, size, colour, quantity, phone, address, name, delivery or pickup)
- confirm: says yes to the order summary or the shop's question
- cancel: says no, or cancels the order
- order_status: asks where the order is
- payment_sent: says they paid or sent the transfer
- ask_human: wants a person, a manager, an operator
- faq: asks about delivery, returns, payment methods, opening hours or location (entities.topic: that subject in one English word)
- opt_out: asks the shop to stop writing
- unknown: none of these`

const fieldGuide: Record<NonNullable<NluInput["expecting"]>, string> = {
  choice: "which item of the list it showed (entities.choice, 1-based)",
  size: "the size (entities.size)",
  color: "the colour (entities.color)",
  quantity: "how many (entities.quantity)",
  city: "the city (entities.city)",
  phone: "the phone number (entities.phone)",
  address: "the delivery address (entities.address)",
  name: "the customer's name (entities.name)",
  delivery: 'delivery or pickup (entities.delivery: "delivery" | "pickup")'
}

/** The instructions: SPEC §3.8's intents, the language rule and what the bot just asked. */
export const nluPrompt = (input: NluInput): string =>
  [
    "You read one chat message a customer sent to a small online shop (shoes, clothing, bags, accessories) and answer with JSON in the given schema.",
    intentGuide,
    `language: "ru" when the message is Russian, "en" when it is English; when the message does not tell (digits, emoji) answer "${input.language ?? "en"}", the conversation's language.`,
    "entities: only what the message itself says, copied as the customer wrote it; null for everything not mentioned. query: the product words to search for (brand, type, colour). productRef: a sku, product id or title the customer points at. orderRef: an order number the customer quotes.",
    input.expecting === undefined
      ? "The shop did not just ask for an order detail."
      : `The shop just asked for ${fieldGuide[input.expecting]}: a bare answer such as "38" or "Almaty" is that detail (intent provide_field), unless the message clearly says something else.`,
    "confidence: from 0 to 1, how sure you are of the intent. Never invent products, prices or stock."
  ].join("\n\n")

/** The NLU over the model alone: any failure is `NluUnavailable` (see `withFallback`). */
export const makeNlu = (client: LlmClient, model: string, timeoutMs: number): Nlu["Service"] =>
  Nlu.of({
    classify: (_tenantId, input) =>
      client
        .complete(
          {
            model,
            timeoutMs,
            messages: [
              { role: "system", content: nluPrompt(input) },
              { role: "user", content: input.text.slice(0, MAX_CHARS) }
            ]
          },
          nluFormat
        )
        .pipe(Effect.mapError((e) => new NluUnavailable({ reason: e.reason })))
  })

/** `primary`, and on any failure `fallback` for the same input, logging why once per call. */
export const withFallback = (primary: Nlu["Service"], fallback: Nlu["Service"]): Nlu["Service"] =>
  Nlu.of({
    classify: (tenantId, input) =>
      primary
        .classify(tenantId, input)
        .pipe(
          Effect.catchTag("NluUnavailable", (e) =>
            Effect.logWarning(`LLM NLU unavailable, using the offline NLU: ${e.reason}`).pipe(
              Effect.andThen(fallback.classify(tenantId, input))
            )
          )
        )
  })

/** The LLM NLU without a fallback: for callers that handle `NluUnavailable` themselves. */
export const layerNlu = (options: LlmOptions): Layer.Layer<Nlu> =>
  Layer.sync(Nlu, () => {
    const settings = settingsOf(options)
    return makeNlu(makeClient(settings), settings.model, settings.timeoutMs)
  })

/** The LLM NLU falling back to `fallback` (any Nlu layer) on HTTP errors, timeouts and bad answers. */
export const layerWithFallbackTo = <E, R>(options: LlmOptions, fallback: Layer.Layer<Nlu, E, R>) =>
  Layer.effect(
    Nlu,
    Effect.gen(function* () {
      const offline = yield* Nlu
      const settings = settingsOf(options)
      return withFallback(makeNlu(makeClient(settings), settings.model, settings.timeoutMs), offline)
    })
  ).pipe(Layer.provide(fallback))

/** The production NLU (SPEC §2): the LLM, falling back to the offline NLU over the shop's catalog. */
export const layerWithFallback = (options: LlmOptions) => layerWithFallbackTo(options, OfflineNlu.layerWithCatalog)
