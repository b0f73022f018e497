import { NodeRuntime } from "@effect/platform-node"
import { ChannelAccount } from "@chatshop/domain"
import { Effect, Layer, References } from "effect"
import { loadConfig } from "./Config.ts"
import { productionWorker } from "./Production.ts"

/**
 * `pnpm --filter @chatshop/app-worker start`: the worker as its own process (SPEC §2 production).
 * NodeRuntime.runMain turns SIGINT/SIGTERM into interruption: the consumers stop taking jobs,
 * jobs in flight finish, then the pools and Redis connections close. Bad configuration is one
 * line on stderr and exit code 1, never a stack trace.
 */
const program = Effect.gen(function* () {
  const config = yield* loadConfig
  // Channel accounts are written (and their secrets encrypted) by the server; until a SQL
  // ChannelAccountRepository ships in @chatshop/adapters the standalone worker cannot read them.
  const accounts = ChannelAccount.ChannelAccountRepository.layerMemory
  yield* Effect.logWarning("channel accounts: using an empty in-memory store (no SQL adapter yet)")
  return yield* Layer.launch(productionWorker(config, accounts)).pipe(
    Effect.provideService(References.MinimumLogLevel, config.logLevel)
  )
}).pipe(
  Effect.catchTag("ConfigInvalid", (error) =>
    Effect.sync(() => {
      process.stderr.write(`${error.message}\n`)
      process.exitCode = 1
    })
  )
)

NodeRuntime.runMain(program)
