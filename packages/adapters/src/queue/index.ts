import { MessageQueue } from "@chatshop/domain"
import { Config, Effect, Layer } from "effect"
import { layer } from "./BullMq.ts"

export { type BullMqConfig, bullJobId, bullQueueName, layer, makeBullMq } from "./BullMq.ts"

/** `layer` from the environment: REDIS_URL (required), QUEUE_PREFIX (default "chatshop"). */
export const layerConfig = Layer.unwrap(
  Effect.gen(function* () {
    const url = yield* Config.Redacted("REDIS_URL")
    const prefix = yield* Config.String("QUEUE_PREFIX").pipe(Config.withDefault("chatshop"))
    return layer({ url, prefix })
  })
)

/** The in-process queue (embedded mode and tests): the domain's memory implementation. */
export const layerMemory: Layer.Layer<MessageQueue> = MessageQueue.layerMemory
export const layerTest: Layer.Layer<MessageQueue> = MessageQueue.layerMemory
