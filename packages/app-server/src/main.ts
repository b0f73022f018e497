import { randomBytes } from "node:crypto"
import { type ServerType, serve } from "@hono/node-server"
import { NodeRuntime } from "@effect/platform-node"
import { Cause, Console, Effect, Exit, ManagedRuntime, Redacted, References, Runtime, Schema } from "effect"
import { makeApp } from "./app.ts"
import { ConfigInvalid, loadConfig, type ServerConfig } from "./config.ts"
import { memoryWithRedis } from "./layers.ts"
import { type AppRuntime, memoryLayer } from "./runtime.ts"

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

const serveWith = (config: ServerConfig) =>
  Effect.gen(function* () {
    if (config.databaseUrl !== undefined) {
      return yield* new ConfigInvalid({
        variable: "DATABASE_URL",
        message:
          "Invalid configuration: DATABASE_URL: PostgreSQL mode is not wired into the server yet; unset it for embedded mode"
      })
    }
    const layer = config.redisUrl === undefined ? memoryLayer() : memoryWithRedis({ url: config.redisUrl })
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
    const app = makeApp(runtime, { adminToken })
    yield* listen(app, config.port, config.host)
    yield* Effect.log(
      `chatshop server listening on http://${config.host}:${config.port} (${config.redisUrl === undefined ? "embedded" : "redis"} mode)`
    )
    return yield* Effect.never
  })

// A signal (SIGINT/SIGTERM) interrupts the program: after the graceful shutdown that is a clean exit.
NodeRuntime.runMain(program, {
  teardown: (exit, onExit) =>
    Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause) ? onExit(0) : Runtime.defaultTeardown(exit, onExit)
})
