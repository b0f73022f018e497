/** @chatshop/app-worker: what the standalone main and the embedded launcher (server + worker in one process) use. */
export { ConfigInvalid, loadConfig, type WorkerConfig } from "./Config.ts"
export { credentialsOf, layerCredentialsFromAccounts } from "./Credentials.ts"
export { dialogStateOf, runDialog } from "./DialogRunner.ts"
export {
  layerOutboxSender,
  makeOutboxSender,
  type OutboxSenderOptions,
  OutboxWakeup,
  runOutboxSender
} from "./OutboxSender.ts"
export { layerOrderPolicy, TurnLockTtl } from "./Policy.ts"
export {
  dialogWiring,
  productionPorts,
  productionWorker,
  type SqlStorage,
  type WorkerWiring,
  workerPorts
} from "./Production.ts"
export {
  runSchedulers,
  type SchedulerOptions,
  sweepHolds,
  sweepLowStock,
  sweepNudges,
  sweepOffers
} from "./Schedulers.ts"
export { handleInbound, turnLockKey } from "./Turn.ts"
export { TurnStore } from "./TurnStore.ts"
export { layer, makeWorker, type WorkerOptions, type WorkerServices } from "./Worker.ts"
