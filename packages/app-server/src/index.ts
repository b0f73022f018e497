/**
 * @chatshop/app-server: what the embedded launcher (`pnpm start`, server and worker in one process)
 * builds the server from. The standalone server is `main.ts`.
 */
export { generateApiKey, hashKey } from "./api/Auth.ts"
export { type AppOptions, makeApp } from "./app.ts"
export { loadConfig, type ServerConfig } from "./config.ts"
export {
  DatabaseNotMigrated,
  type EmbeddedOptions,
  embeddedLayer,
  memoryWithRedis,
  pgliteDir,
  type ProductionOptions,
  productionLayer,
  type RedisWiring,
  serverLayer,
  type SqlStorage
} from "./layers.ts"
export { listen } from "./listen.ts"
export { type AppRuntime, type AppServices, Readiness } from "./runtime.ts"
