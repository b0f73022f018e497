import { Context, Effect, Layer, Schema } from "effect"
import { Language } from "../conversation/Model.ts"
import type { TenantId } from "../shared/Ids.ts"

/** What the customer wants this turn (SPEC §3.8). */
export const Intent = Schema.Literals([
  "greeting",
  "search",
  "ask_availability",
  "ask_price",
  "ask_size",
  "choose_product",
  "provide_field",
  "confirm",
  "cancel",
  "order_status",
  "payment_sent",
  "ask_human",
  "faq",
  "opt_out",
  "unknown"
])
export type Intent = typeof Intent.Type
export const intents: ReadonlyArray<Intent> = Intent.literals

export const DeliveryMethod = Schema.Literals(["delivery", "pickup"])
export type DeliveryMethod = typeof DeliveryMethod.Type

const Text = Schema.String.check(Schema.isMinLength(1))

/**
 * What the message mentions. Everything is optional and free text as the customer wrote it; the
 * dialog checks it against the catalog and the order policy. Schemas so an LLM adapter can derive
 * its JSON Schema (`Schema.toJsonSchemaDocument(NluResult)`).
 */
export const NluEntities = Schema.Struct({
  /** What to search for: "black boots", "шанель сумка". */
  query: Schema.optionalKey(Text),
  /** A sku, product id or title the customer points at. */
  productRef: Schema.optionalKey(Text),
  /** "The second one": 1-based position in the last list the bot showed. */
  choice: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))),
  size: Schema.optionalKey(Text),
  color: Schema.optionalKey(Text),
  quantity: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))),
  city: Schema.optionalKey(Text),
  phone: Schema.optionalKey(Text),
  address: Schema.optionalKey(Text),
  name: Schema.optionalKey(Text),
  delivery: Schema.optionalKey(DeliveryMethod),
  /** An order number the customer quotes. */
  orderRef: Schema.optionalKey(Text),
  /** The FAQ subject: "delivery", "returns", "hours"… */
  topic: Schema.optionalKey(Text)
})
export type NluEntities = typeof NluEntities.Type

export const NluConfidence = Schema.Number.check(Schema.isBetween({ minimum: 0, maximum: 1 }))

export const NluResult = Schema.Struct({
  intent: Intent,
  language: Language,
  entities: NluEntities,
  confidence: NluConfidence
})
export type NluResult = typeof NluResult.Type

/** The order field the bot just asked for: lets a bare "38" or "Almaty" be read as that field. */
export const NluExpectedField = Schema.Literals([
  "choice",
  "size",
  "color",
  "quantity",
  "city",
  "phone",
  "address",
  "name",
  "delivery"
])
export type NluExpectedField = typeof NluExpectedField.Type

export const NluInput = Schema.Struct({
  text: Schema.String,
  /** The conversation's language so far; the text decides when it clearly says otherwise. */
  language: Schema.optionalKey(Language),
  expecting: Schema.optionalKey(NluExpectedField)
})
export type NluInput = typeof NluInput.Type

/** The NLU could not answer (LLM down, quota): the dialog falls back to the offline NLU or counts a miss. */
export class NluUnavailable extends Schema.TaggedError<NluUnavailable>()("NluUnavailable", {
  reason: Schema.String
}) {}

/** Classify the intent and extract the entities of one customer turn (SPEC §4). */
export class Nlu extends Context.Service<
  Nlu,
  {
    readonly classify: (tenantId: TenantId, input: NluInput) => Effect.Effect<NluResult, NluUnavailable>
  }
>()("@chatshop/domain/ports/Nlu") {
  /** Knows no phrases: every text is `unknown` in its detected language. */
  static readonly layerMemory: Layer.Layer<Nlu> = Layer.effect(
    Nlu,
    Effect.sync(() => makeMemory(new Map()))
  )
  /** Answers from a table of phrases (compared trimmed, lower-case, single-spaced). */
  static readonly layerFrom = (table: Iterable<readonly [string, NluResult]>): Layer.Layer<Nlu> =>
    Layer.effect(
      Nlu,
      Effect.sync(() => makeMemory(new Map([...table].map(([text, result]) => [normalizePhrase(text), result]))))
    )
}

/** Trimmed, lower-case, single-spaced: how the memory NLU compares phrases. */
export function normalizePhrase(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, " ")
}

/**
 * Russian when the text has more Cyrillic than Latin letters, English when the reverse, else the
 * hint (digits, emoji and empty text say nothing about the language).
 */
export function detectLanguage(text: string, hint: Language = "en"): Language {
  const cyrillic = text.match(/\p{Script=Cyrillic}/gu)?.length ?? 0
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0
  return cyrillic > latin ? "ru" : latin > cyrillic ? "en" : hint
}

function makeMemory(table: ReadonlyMap<string, NluResult>): Nlu["Service"] {
  return Nlu.of({
    classify: (_tenantId, input) =>
      Effect.sync(
        () =>
          table.get(normalizePhrase(input.text)) ?? {
            intent: "unknown",
            language: detectLanguage(input.text, input.language),
            entities: {},
            confidence: 0
          }
      )
  })
}
