import { NodeRuntime } from "@effect/platform-node"
import * as Postgres from "@chatshop/adapters/postgres"
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
  // Channel accounts are written (secrets encrypted with CHATSHOP_SECRET_KEY) by the server.
  const accounts = Postgres.layerChannelAccounts(config.secretKey).pipe(
    Layer.provide(
      Postgres.layerDb({ url: config.databaseUrl, poolSize: 2, applicationName: "chatshop-worker-accounts" })
    ),
    Layer.orDie
  )
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
