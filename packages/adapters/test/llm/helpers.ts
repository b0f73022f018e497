import type { LlmMocks, LlmOptions } from "@chatshop/adapters/llm"
import type { NluResult } from "@chatshop/domain"
import { Effect, Logger } from "effect"

/** Options aimed at the mock; short timeouts so failure tests finish fast. */
export const optionsFor = (mock: LlmMocks.MockOpenAi, overrides: Partial<LlmOptions> = {}): LlmOptions => ({
  apiKey: "sk-test",
  baseUrl: mock.url,
  model: "text-model",
  visionModel: "vision-model",
  timeoutMs: 1_500,
  visionTimeoutMs: 1_500,
  ...overrides
})

const entityKeys = [
  "query",
  "productRef",
  "choice",
  "size",
  "color",
  "quantity",
  "city",
  "phone",
  "address",
  "name",
  "delivery",
  "orderRef",
  "topic"
] as const

/** What a strict-mode model answers: every entity key present, null when not mentioned. */
export const nluAnswer = (result: NluResult): string =>
  JSON.stringify({
    ...result,
    entities: Object.fromEntries(entityKeys.map((k) => [k, result.entities[k] ?? null]))
  })

/** Warnings logged while `effect` runs (replaces the default logger for it). */
export const capturingWarnings = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const warnings: Array<string> = []
    const logger = Logger.make((options) => {
      if (options.logLevel !== "Warn") return
      const message = options.message
      warnings.push(Array.isArray(message) ? message.map(String).join(" ") : String(message))
    })
    const value = yield* effect.pipe(Effect.provide(Logger.layer([logger])))
    return { value, warnings }
  })

/** Wall-clock ms an effect took (the mock answers in real time). */
export const timed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const started = performance.now()
    const value = yield* effect
    return { value, ms: performance.now() - started }
  })
