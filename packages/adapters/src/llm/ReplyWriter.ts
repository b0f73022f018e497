import { type ReplyRequest, ReplyWriter, ReplyWriterUnavailable, wordingKeepsFacts } from "@chatshop/domain"
import { Effect, Layer, Schema } from "effect"
import { answerFormat, type LlmClient, makeClient } from "./Client.ts"
import { type LlmOptions, settingsOf } from "./Config.ts"

/** What the model answers: the reworded message. */
export const Wording = Schema.Struct({
  text: Schema.String.annotate({ description: "The message to send to the customer" })
})
export const wordingFormat = answerFormat("reply_wording", Wording)

const tones = {
  friendly: "warm and friendly, like a helpful shop assistant",
  formal: "polite and formal",
  playful: "light and playful"
} as const

/** The instructions: persona and language, and the rule that every fact survives verbatim. */
export const wordingPrompt = (request: ReplyRequest): string =>
  [
    `You write chat messages for ${request.persona.shopName === "" ? "a small online shop" : `the shop "${request.persona.shopName}"`}.`,
    `Reword the shop's message in ${request.language === "ru" ? "Russian" : "English"}, ${tones[request.persona.tone]}, ${request.persona.emoji ? "with an emoji or two" : "without emoji"}, short enough for a chat.`,
    "Keep every item of `facts` exactly as written (same characters, digits, currency signs and spacing). Do not add prices, stock, sizes, dates, promises or any other fact, and do not drop anything the message asks.",
    'The user message is JSON: {"text": the message, "facts": the facts}. Answer {"text": your wording}.'
  ].join("\n")

export const makeReplyWriter = (client: LlmClient, model: string, timeoutMs: number): ReplyWriter["Service"] =>
  ReplyWriter.of({
    word: (_tenantId, request) =>
      client
        .complete(
          {
            model,
            timeoutMs,
            messages: [
              { role: "system", content: wordingPrompt(request) },
              { role: "user", content: JSON.stringify({ text: request.intent.text, facts: request.intent.facts }) }
            ]
          },
          wordingFormat
        )
        .pipe(
          Effect.mapError((e) => new ReplyWriterUnavailable({ reason: e.reason })),
          // SPEC §3.8: only `decide` quotes prices and stock; a wording that lost one is never sent.
          Effect.flatMap(({ text }) =>
            wordingKeepsFacts(request.intent, text)
              ? Effect.succeed(text.trim())
              : Effect.fail(
                  new ReplyWriterUnavailable({
                    reason: `the wording dropped a fact of ${request.intent.key}: ${request.intent.facts.filter((f) => !text.includes(f)).join(", ") || "(empty wording)"}`
                  })
                )
          )
        )
  })

/** Rewords replies with the model; the caller sends the template on `ReplyWriterUnavailable`. */
export const layerReplyWriter = (options: LlmOptions): Layer.Layer<ReplyWriter> =>
  Layer.sync(ReplyWriter, () => {
    const settings = settingsOf(options)
    return makeReplyWriter(makeClient(settings), settings.model, settings.timeoutMs)
  })
