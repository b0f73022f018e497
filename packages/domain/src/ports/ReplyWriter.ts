import { Context, Effect, Layer, Schema } from "effect"
import { Language } from "../conversation/Model.ts"
import type { TenantId } from "../shared/Ids.ts"

export const PersonaTone = Schema.Literals(["friendly", "formal", "playful"])
export type PersonaTone = typeof PersonaTone.Type

/** How the shop sounds in chat. */
export const Persona = Schema.Struct({
  shopName: Schema.String,
  tone: PersonaTone,
  emoji: Schema.Boolean
})
export type Persona = typeof Persona.Type

export const defaultPersona: Persona = { shopName: "", tone: "friendly", emoji: false }

/**
 * One reply as `decide` chose it (SPEC §3.8: only `decide` confirms orders or quotes stock and
 * prices). `text` is the template wording with the facts filled in; a writer may reword it but
 * must keep every fact verbatim.
 */
export const ReplyIntent = Schema.Struct({
  /** What the reply does: "ask_size", "quote_price", "order_placed"… */
  key: Schema.String,
  text: Schema.String.check(Schema.isMinLength(1)),
  /** Prices, quantities, sizes, order numbers: each must appear unchanged in the wording. */
  facts: Schema.Array(Schema.String)
})
export type ReplyIntent = typeof ReplyIntent.Type

export const ReplyRequest = Schema.Struct({
  intent: ReplyIntent,
  language: Language,
  persona: Persona
})
export type ReplyRequest = typeof ReplyRequest.Type

/** The writer could not answer (LLM down): the caller sends the template text instead. */
export class ReplyWriterUnavailable extends Schema.TaggedError<ReplyWriterUnavailable>()("ReplyWriterUnavailable", {
  reason: Schema.String
}) {}

/** A wording may be sent only if it says something and keeps every fact; otherwise send the template. */
export const wordingKeepsFacts = (intent: ReplyIntent, text: string): boolean =>
  text.trim() !== "" && intent.facts.every((fact) => text.includes(fact))

/** Words a reply for chat in the conversation's language and the shop's persona (SPEC §4). */
export class ReplyWriter extends Context.Service<
  ReplyWriter,
  {
    readonly word: (tenantId: TenantId, request: ReplyRequest) => Effect.Effect<string, ReplyWriterUnavailable>
  }
>()("@chatshop/domain/ports/ReplyWriter") {
  /** The template pass-through: the reply is the intent's text. */
  static readonly layerMemory: Layer.Layer<ReplyWriter> = Layer.succeed(
    ReplyWriter,
    ReplyWriter.of({ word: (_tenantId, request) => Effect.succeed(request.intent.text) })
  )
}
