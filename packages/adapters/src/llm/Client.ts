import { Duration, Effect, Redacted, Schema } from "effect"
import * as OpenAiStructuredOutput from "effect/ai/OpenAiStructuredOutput"
import OpenAI, { APIError } from "openai"
import type { LlmSettings } from "./Config.ts"

/** Why one call to the model gave nothing usable. Internal: each port maps it to its own error. */
export class LlmFailure extends Schema.TaggedError<LlmFailure>()("LlmFailure", { reason: Schema.String }) {}

/**
 * An answer format for structured output: the JSON Schema the API is given and the codec that
 * decodes the answer, both derived from one Effect Schema (optional keys become required
 * nullable properties, as OpenAI's strict mode wants; the codec maps nulls back to absent keys).
 */
export interface AnswerFormat<A> {
  readonly name: string
  readonly jsonSchema: Readonly<Record<string, unknown>>
  readonly decode: (input: unknown) => Effect.Effect<A, Schema.SchemaError>
}

export const answerFormat = <A, E>(name: string, schema: Schema.ConstraintCodec<A, E>): AnswerFormat<A> => {
  const { codec, jsonSchema } = OpenAiStructuredOutput.toCodecOpenAI(schema)
  return {
    name,
    jsonSchema: jsonSchema as Readonly<Record<string, unknown>>,
    decode: Schema.decodeUnknownEffect(codec)
  }
}

export interface Completion {
  readonly model: string
  readonly messages: ReadonlyArray<OpenAI.ChatCompletionMessageParam>
  readonly timeoutMs: number
}

/** The first line of an error, without the stack: what the fallback log says. */
const describe = (cause: unknown): string => {
  if (cause instanceof APIError && cause.status !== undefined) {
    return `HTTP ${cause.status}: ${(cause.message.split("\n")[0] ?? "").slice(0, 200)}`
  }
  if (cause instanceof Error) return cause.message.split("\n")[0] ?? cause.name
  return String(cause)
}

export interface LlmClient {
  /** One chat completion answered in `format`, decoded; fails with `LlmFailure` on anything else. */
  readonly complete: <A>(request: Completion, format: AnswerFormat<A>) => Effect.Effect<A, LlmFailure>
}

/** A client of `settings.baseUrl` (`/chat/completions` under it). */
export const makeClient = (settings: LlmSettings): LlmClient => {
  const client = new OpenAI({
    apiKey: Redacted.value(settings.apiKey),
    baseURL: settings.baseUrl,
    maxRetries: settings.maxRetries,
    timeout: settings.timeoutMs
  })
  const complete = <A>(request: Completion, format: AnswerFormat<A>): Effect.Effect<A, LlmFailure> =>
    Effect.gen(function* () {
      const completion = yield* Effect.tryPromise({
        try: (signal) =>
          client.chat.completions.create(
            {
              model: request.model,
              messages: [...request.messages],
              temperature: 0,
              response_format: {
                type: "json_schema",
                json_schema: { name: format.name, schema: { ...format.jsonSchema }, strict: true }
              }
            },
            { signal, timeout: request.timeoutMs }
          ),
        catch: (cause) => new LlmFailure({ reason: describe(cause) })
      }).pipe(
        // Effect's timer too (not only the SDK's): interruption aborts the request through `signal`.
        Effect.timeoutOrElse({
          duration: Duration.millis(request.timeoutMs),
          orElse: () => Effect.fail(new LlmFailure({ reason: `no answer within ${request.timeoutMs} ms` }))
        })
      )
      const message = completion.choices[0]?.message
      if (message?.refusal) return yield* new LlmFailure({ reason: `the model refused: ${message.refusal}` })
      const content = message?.content
      if (content === undefined || content === null || content.trim() === "") {
        return yield* new LlmFailure({ reason: "the answer has no content" })
      }
      const json = yield* Effect.try({
        try: () => JSON.parse(content) as unknown,
        catch: () => new LlmFailure({ reason: `the answer is not JSON: ${content.slice(0, 80)}` })
      })
      return yield* format
        .decode(json)
        .pipe(
          Effect.mapError(
            (e) => new LlmFailure({ reason: `the answer does not match ${format.name}: ${e.message.split("\n")[0]}` })
          )
        )
    })
  return { complete }
}
