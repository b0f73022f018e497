import { Config, Effect, Option, Redacted, Schema } from "effect"

/**
 * How to reach an OpenAI-compatible chat completions API (SPEC §2). Plain data, so tests and
 * embedding apps pass it directly; `loadConfig` reads the same from the environment.
 */
export interface LlmOptions {
  readonly apiKey: Redacted.Redacted<string> | string
  /** Default: the OpenAI API. Any OpenAI-compatible server (vLLM, Ollama, OpenRouter, a mock). */
  readonly baseUrl?: string
  /** Default "gpt-4o-mini". */
  readonly model?: string
  /** The model that reads payment screenshots. Default: `model`. */
  readonly visionModel?: string
  /** Per NLU / wording call, default 4 s: past it the offline NLU or the template answers. */
  readonly timeoutMs?: number
  /** Per screenshot, default 20 s: vision is slower and a late answer only delays the receipt. */
  readonly visionTimeoutMs?: number
  /** SDK retries of 5xx/429/connection errors inside the timeout. Default 0: fall back fast. */
  readonly maxRetries?: number
}

/** `LlmOptions` with every default filled in. */
export interface LlmSettings {
  readonly apiKey: Redacted.Redacted<string>
  readonly baseUrl: string
  readonly model: string
  readonly visionModel: string
  readonly timeoutMs: number
  readonly visionTimeoutMs: number
  readonly maxRetries: number
}

export const defaults = {
  baseUrl: "https://api.openai.com/v1",
  model: "gpt-4o-mini",
  timeoutMs: 4_000,
  visionTimeoutMs: 20_000,
  maxRetries: 0
} as const

export const settingsOf = (options: LlmOptions): LlmSettings => {
  const model = options.model ?? defaults.model
  return {
    apiKey: typeof options.apiKey === "string" ? Redacted.make(options.apiKey) : options.apiKey,
    baseUrl: options.baseUrl ?? defaults.baseUrl,
    model,
    visionModel: options.visionModel ?? model,
    timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
    visionTimeoutMs: options.visionTimeoutMs ?? defaults.visionTimeoutMs,
    maxRetries: options.maxRetries ?? defaults.maxRetries
  }
}

/** One bad LLM_* variable: the app prints `message` as a single line and exits. */
export class LlmConfigInvalid extends Schema.TaggedError<LlmConfigInvalid>()("LlmConfigInvalid", {
  variable: Schema.String,
  message: Schema.String
}) {}

const line = (variable: string, why: string) =>
  new LlmConfigInvalid({ variable, message: `Invalid configuration: ${variable}: ${why}` })

const optional = (variable: string, config: Config.Config<string>) =>
  Effect.mapError(Config.option(config), (e) =>
    line(variable, e.message.split("\n")[0]?.trim() || "invalid value")
  ).pipe(Effect.map(Option.getOrUndefined))

const text = (variable: string) => optional(variable, Config.NonEmptyString(variable))

const positiveInt = (variable: string) =>
  Effect.flatMap(text(variable), (value) => {
    if (value === undefined) return Effect.succeed(undefined)
    const n = Number(value.trim())
    return Number.isSafeInteger(n) && n > 0
      ? Effect.succeed(n)
      : Effect.fail(line(variable, `expected a whole number of milliseconds above 0, got "${value}"`))
  })

/**
 * Reads `LLM_BASE_URL`, `LLM_API_KEY` (or `OPENAI_API_KEY`), `LLM_MODEL`, `LLM_VISION_MODEL`,
 * `LLM_TIMEOUT_MS`, `LLM_VISION_TIMEOUT_MS`. None when no key is set (the offline NLU then); the
 * other variables are checked either way, so a typo fails at start rather than when a key appears.
 */
export const loadConfig: Effect.Effect<Option.Option<LlmOptions>, LlmConfigInvalid> = Effect.gen(function* () {
  const baseUrl = yield* text("LLM_BASE_URL")
  if (baseUrl !== undefined && !/^https?:\/\//i.test(baseUrl.trim())) {
    return yield* line("LLM_BASE_URL", `not an http(s) URL: ${baseUrl}`)
  }
  if (baseUrl !== undefined && !URL.canParse(baseUrl.trim())) {
    return yield* line("LLM_BASE_URL", `not a URL: ${baseUrl}`)
  }
  const model = yield* text("LLM_MODEL")
  const visionModel = yield* text("LLM_VISION_MODEL")
  const timeoutMs = yield* positiveInt("LLM_TIMEOUT_MS")
  const visionTimeoutMs = yield* positiveInt("LLM_VISION_TIMEOUT_MS")
  const apiKey = (yield* text("LLM_API_KEY")) ?? (yield* text("OPENAI_API_KEY"))
  if (apiKey === undefined) return Option.none()
  return Option.some<LlmOptions>({
    apiKey: Redacted.make(apiKey.trim()),
    ...(baseUrl === undefined ? {} : { baseUrl: baseUrl.trim().replace(/\/+$/, "") }),
    ...(model === undefined ? {} : { model: model.trim() }),
    ...(visionModel === undefined ? {} : { visionModel: visionModel.trim() }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(visionTimeoutMs === undefined ? {} : { visionTimeoutMs })
  })
})
