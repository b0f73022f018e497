import { DistributedLock } from "@chatshop/domain"
import { Config, Effect, Layer } from "effect"
import { layerClient, type RedisConnectionConfig } from "./Client.ts"
import { layerFromClient, type RedisLockOptions } from "./DistributedLock.ts"

export {
  call,
  connect,
  layerClient,
  layerClientConfig,
  ping,
  RedisClient,
  type RedisConnectionConfig,
  RedisError,
  redactUrl
} from "./Client.ts"
export { layer, layerFromClient, lockKeys, makeRedisLock, type RedisLockOptions } from "./DistributedLock.ts"

/** Redis locks over a connection the layer opens and closes; `RedisClient` too, for health checks. */
export const layerUrl = (config: RedisConnectionConfig & RedisLockOptions) =>
  layerFromClient(config.prefix === undefined ? {} : { prefix: config.prefix }).pipe(
    Layer.provideMerge(layerClient(config))
  )

/** `layerUrl` from the environment: REDIS_URL (required), REDIS_KEY_PREFIX (default "chatshop:"). */
export const layerConfig = Layer.unwrap(
  Effect.gen(function* () {
    const url = yield* Config.Redacted("REDIS_URL")
    const prefix = yield* Config.String("REDIS_KEY_PREFIX").pipe(Config.withDefault("chatshop:"))
    return layerUrl({ url, prefix })
  })
)

/** In-process locks (embedded mode and tests): the domain's memory implementation. */
export const layerTest: Layer.Layer<DistributedLock> = DistributedLock.layerMemory
export { layerDedupe, makeRedisDedupe, type RedisDedupeOptions } from "./InboundDedupe.ts"
export { layerWebchatHub, makeRedisWebchatHub, type RedisWebchatHubOptions } from "./WebchatHub.ts"
export {
  type IntakeRelayOptions,
  layerIntake,
  layerIntakeRelay,
  makeRedisIntake,
  type RedisIntakeOptions,
  relayIntake
} from "./Intake.ts"
