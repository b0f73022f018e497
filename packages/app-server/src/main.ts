import { randomBytes } from "node:crypto"
import * as Env from "@chatshop/adapters/config"
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, ManagedRuntime, Redacted, References } from "effect"
import { makeApp } from "./app.ts"
import { loadConfig, type ServerConfig } from "./config.ts"
import { pgliteDir, serverLayer } from "./layers.ts"
import { listen } from "./listen.ts"
import type { AppRuntime } from "./runtime.ts"

/** Production says where it runs; embedded mode keeps (or generates once) its secret key in the data dir. */
const describeMode = (mode: Env.Mode) =>
  Effect.gen(function* () {
    const redis = mode.redis === undefined ? "" : " + Redis"
    if (mode._tag === "production") return { key: mode.secretKey, text: `production mode: PostgreSQL${redis}` }
    let key = mode.secretKey
    if (key === undefined) {
      const kept = yield* Env.embeddedSecretKey(mode.dataDir)
      if (kept.created) yield* Effect.log(`generated CHATSHOP_SECRET_KEY in ${Env.secretKeyFile(mode.dataDir)}`)
      key = kept.value
    }
    return { key, text: `embedded mode: PGlite in ${pgliteDir(mode.dataDir)}${redis}` }
  })

const serve = (config: ServerConfig) =>
  Effect.gen(function* () {
    const mode = yield* describeMode(config.mode)
    const runtime: AppRuntime = ManagedRuntime.make(serverLayer(config.mode, mode.key, config.logLevel))
    yield* Effect.addFinalizer(() => Effect.promise(() => runtime.dispose()))
    // Build every layer now: an unreachable Redis fails the start instead of the first webhook.
    yield* Effect.tryPromise({ try: () => runtime.context(), catch: Env.startFailed })
    let adminToken = config.adminToken
    if (adminToken === undefined) {
      adminToken = Redacted.make(`adm_${randomBytes(24).toString("base64url")}`)
      yield* Console.log(`ADMIN_TOKEN (generated for this run): ${Redacted.value(adminToken)}`)
    }
    const app = makeApp(runtime, { adminToken, apiRateLimitPerMinute: config.rateLimits.apiPerMinute })
    const { port, host } = config.listen
    yield* listen(app.fetch, port, host)
    yield* Effect.log(`chatshop server listening on http://${host}:${port} (${mode.text})`)
    return yield* Effect.never
  })

/**
 * `pnpm --filter @chatshop/app-server start`. SIGINT/SIGTERM: stop taking connections, finish the
 * requests in flight, close the pools, exit 0. Bad configuration: one line on stderr, exit 1.
 */
const program = Effect.gen(function* () {
  yield* Env.stopSignals((line) => process.stdout.write(`${line}\n`))
  yield* Env.loadDotEnv
  const config = yield* loadConfig
  return yield* serve(config).pipe(Effect.provideService(References.MinimumLogLevel, config.logLevel))
}).pipe(Effect.scoped)

NodeRuntime.runMain(program, Env.runMainOptions)
