import { randomBytes } from "node:crypto"
import { type ServerType, serve } from "@hono/node-server"
import { NodeRuntime } from "@effect/platform-node"
import { Cause, Console, Effect, Exit, ManagedRuntime, Redacted, References, Runtime, Schema } from "effect"
import { makeApp } from "./app.ts"
import { embeddedSecretKey, loadConfig, type ServerConfig, secretKeyFile } from "./config.ts"
import { embeddedLayer, pgliteDir, productionLayer, redisWiring } from "./layers.ts"
import type { AppRuntime } from "./runtime.ts"

/** The server could not start (port taken, Redis unreachable): one line on stderr, exit 1. */
class StartFailed extends Schema.TaggedError<StartFailed>()("StartFailed", { message: Schema.String }) {}

const listen = (app: ReturnType<typeof makeApp>, port: number, hostname: string) =>
  Effect.acquireRelease(
    Effect.callback<ServerType, StartFailed>((resume) => {
      const server = serve({ fetch: app.fetch, port, hostname }, () => {
        resume(Effect.succeed(server))
      })
      server.once("error", (error) => {
        resume(Effect.fail(new StartFailed({ message: `cannot listen on ${hostname}:${port}: ${error.message}` })))
      })
    }),
    // Stop taking connections and let in-flight requests finish; then the runtime closes its pools.
    (server) =>
      Effect.callback<void>((resume) => {
        server.close(() => resume(Effect.void))
      })
  )

const program: Effect.Effect<void> = Effect.gen(function* () {
  const config = yield* loadConfig
  return yield* serveWith(config).pipe(Effect.provideService(References.MinimumLogLevel, config.logLevel))
}).pipe(
  Effect.scoped,
  Effect.catchTags({
    ConfigInvalid: (error) => exitWith(error.message),
    StartFailed: (error) => exitWith(`Cannot start: ${error.message.split("\n")[0]}`)
  })
)

const exitWith = (line: string) =>
  Effect.sync(() => {
    process.stderr.write(`${line}\n`)
    process.exitCode = 1
  })

/**
 * DATABASE_URL set: production (PostgreSQL + Redis; loadConfig already demanded CHATSHOP_SECRET_KEY
 * and REDIS_URL). Unset: embedded, PGlite in CHATSHOP_DATA_DIR with the key kept beside it.
 */
const chooseLayer = (config: ServerConfig) =>
  Effect.gen(function* () {
    if (config.databaseUrl !== undefined && config.secretKey !== undefined) {
      return {
        mode: `production mode: PostgreSQL${config.redisUrl === undefined ? "" : " + Redis"}`,
        layer: productionLayer({
          databaseUrl: config.databaseUrl,
          redisUrl: config.redisUrl,
          secretKey: config.secretKey,
          ...(config.queuePrefix === undefined ? {} : { redisPrefix: config.queuePrefix })
        })
      }
    }
    let secretKey = config.secretKey
    if (secretKey === undefined) {
      const kept = yield* embeddedSecretKey(config.dataDir)
      if (kept.created) yield* Effect.log(`generated CHATSHOP_SECRET_KEY in ${secretKeyFile(config.dataDir)}`)
      secretKey = kept.key
    }
    return {
      mode: `embedded mode: PGlite in ${pgliteDir(config.dataDir)}${config.redisUrl === undefined ? "" : " + Redis"}`,
      layer: embeddedLayer({
        dataDir: config.dataDir,
        secretKey,
        ...redisWiring(config.redisUrl)
      })
    }
  })

const serveWith = (config: ServerConfig) =>
  Effect.gen(function* () {
    const { mode, layer } = yield* chooseLayer(config)
    const runtime: AppRuntime = ManagedRuntime.make(layer)
    yield* Effect.addFinalizer(() => Effect.promise(() => runtime.dispose()))
    // Build every layer now: an unreachable Redis fails the start instead of the first webhook.
    yield* Effect.tryPromise({
      try: () => runtime.context(),
      catch: (error) => new StartFailed({ message: error instanceof Error ? error.message : String(error) })
    })
    let adminToken = config.adminToken
    if (adminToken === undefined) {
      adminToken = Redacted.make(`adm_${randomBytes(24).toString("base64url")}`)
      yield* Console.log(`ADMIN_TOKEN (generated for this run): ${Redacted.value(adminToken)}`)
    }
    const app = makeApp(runtime, { adminToken, apiRateLimitPerMinute: config.apiRateLimitPerMinute })
    yield* listen(app, config.port, config.host)
    yield* Effect.log(`chatshop server listening on http://${config.host}:${config.port} (${mode})`)
    return yield* Effect.never
  })

// A signal (SIGINT/SIGTERM) interrupts the program: after the graceful shutdown that is a clean exit.
NodeRuntime.runMain(program, {
  teardown: (exit, onExit) =>
    Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause) ? onExit(0) : Runtime.defaultTeardown(exit, onExit)
})
