/**
 * @chatshop/adapters/config: the environment read once into typed pieces (SPEC §2), the adapter
 * layers built from them, and how a process ends. The server, the worker and `pnpm start` each take
 * the pieces they need; every bad variable is a `ConfigInvalid` naming it on one line.
 */
export { loadDotEnv } from "./DotEnv.ts"
export { type ChannelBaseUrls, channelBaseUrls, channelsConfig } from "./Channels.ts"
export {
  bullMq,
  intakeRelay,
  minimumLogLevel,
  postgres,
  redisClient,
  redisDedupe,
  redisIntake,
  redisKeys,
  redisLocks,
  redisWebchatHub
} from "./Layers.ts"
export { logLevel, logLevelNames, parseLogLevel } from "./LogLevel.ts"
export {
  adminToken,
  dataDir,
  type Embedded,
  listen,
  llm,
  type Mode,
  mode,
  type Production,
  poolSize,
  queuePrefix,
  type RedisConfig,
  rateLimits,
  redis,
  workerConcurrency
} from "./Pieces.ts"
export { failureReport, runMainOptions, StartFailed, startFailed, stopSignals, teardown } from "./Process.ts"
export { ConfigInvalid, invalid } from "./Read.ts"
export { embeddedSecretKey, keptSecret, secretKeyFile } from "./Secrets.ts"
