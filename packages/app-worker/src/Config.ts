import * as Env from "@chatshop/adapters/config"
import type { LlmOptions } from "@chatshop/adapters/llm"
import { Effect, type LogLevel } from "effect"

export { ConfigInvalid } from "@chatshop/adapters/config"

/** The worker process's pieces of the environment (SPEC §2): it runs in production mode only. */
export interface WorkerConfig {
  /** PostgreSQL (DATABASE_URL, DATABASE_POOL_SIZE), Redis + QUEUE_PREFIX, CHATSHOP_SECRET_KEY (the server's). */
  readonly mode: Env.Production
  /** WORKER_CONCURRENCY: inbound jobs run at once. */
  readonly concurrency: number
  readonly logLevel: LogLevel.LogLevel
  readonly channels: Env.ChannelBaseUrls
  /** Set when `LLM_API_KEY` (or `OPENAI_API_KEY`) is: NLU, wording and vision over the LLM (SPEC §2). */
  readonly llm?: LlmOptions
}

/** Reads and checks every variable the worker uses; the first bad one fails with `ConfigInvalid` naming it. */
export const loadConfig: Effect.Effect<WorkerConfig, Env.ConfigInvalid> = Effect.gen(function* () {
  const mode = yield* Env.mode
  if (mode._tag === "embedded") {
    return yield* Env.invalid(
      "DATABASE_URL",
      "required (the standalone worker runs in production mode; embedded mode runs inside `pnpm start`)"
    )
  }
  const concurrency = yield* Env.workerConcurrency
  const logLevel = yield* Env.logLevel
  const channels = yield* Env.channelBaseUrls
  const llm = yield* Env.llm
  return { mode, concurrency, logLevel, channels, ...(llm === undefined ? {} : { llm }) }
})
