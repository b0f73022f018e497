import { type Catalog, type Nlu, PaymentEvidenceReader, ReplyWriter } from "@chatshop/domain"
import { Effect, Layer, Option } from "effect"
import * as OfflineNlu from "../nlu/index.ts"
import { type LlmConfigInvalid, type LlmOptions, loadConfig } from "./Config.ts"
import { layerEvidenceReader } from "./EvidenceReader.ts"
import { layerWithFallback } from "./Nlu.ts"
import { layerReplyWriter } from "./ReplyWriter.ts"

export { type AnswerFormat, answerFormat, type Completion, type LlmClient, LlmFailure, makeClient } from "./Client.ts"
export * from "./Config.ts"
export * from "./EvidenceReader.ts"
export * from "./Nlu.ts"
export * from "./ReplyWriter.ts"
export * as LlmMocks from "./testing/MockOpenAi.ts"

/** The three dialog ports over one OpenAI-compatible API: NLU (offline fallback), wording, vision. */
export type LlmPorts = Nlu | ReplyWriter | PaymentEvidenceReader

export const layer = (options: LlmOptions): Layer.Layer<LlmPorts, never, Catalog.CatalogRepository> =>
  Layer.mergeAll(layerWithFallback(options), layerReplyWriter(options), layerEvidenceReader(options))

/** No model: the offline NLU, template wording, and every screenshot to a human. */
export const layerOffline: Layer.Layer<LlmPorts, never, Catalog.CatalogRepository> = Layer.mergeAll(
  OfflineNlu.layerWithCatalog,
  ReplyWriter.layerMemory,
  PaymentEvidenceReader.layerMemory
)

/** SPEC §2: the LLM ports when `LLM_API_KEY` (or `OPENAI_API_KEY`) is set, else the offline ones. */
export const layerConfig: Layer.Layer<LlmPorts, LlmConfigInvalid, Catalog.CatalogRepository> = Layer.unwrap(
  Effect.map(loadConfig, Option.match({ onNone: () => layerOffline, onSome: layer }))
)
