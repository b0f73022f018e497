import * as Env from "@chatshop/adapters/config"
import { NodeRuntime } from "@effect/platform-node"
import { Effect, Layer, References } from "effect"
import { loadConfig } from "./Config.ts"
import { productionWorker } from "./Production.ts"

/**
 * `pnpm --filter @chatshop/app-worker start`: the worker as its own process (SPEC §2 production).
 * SIGINT/SIGTERM interrupt it: the consumers stop taking jobs, jobs in flight finish, the pools and
 * Redis connections close, exit 0. Bad configuration is one line on stderr and exit 1.
 */
const program = Effect.gen(function* () {
  yield* Env.stopSignals((line) => process.stdout.write(`${line}\n`))
  yield* Env.loadDotEnv
  const config = yield* loadConfig
  return yield* Layer.launch(productionWorker(config)).pipe(
    Effect.provideService(References.MinimumLogLevel, config.logLevel)
  )
}).pipe(Effect.scoped)

NodeRuntime.runMain(program, Env.runMainOptions)
