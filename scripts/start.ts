// `pnpm start`: embedded mode (SPEC §2, §7) in one process. PGlite in CHATSHOP_DATA_DIR (migrated at
// start), the in-process queue and locks, the Hono server and the worker sharing the same store,
// queue, channel accounts and web chat hub; a demo shop seeded once. This file is the composition
// root: the only place that imports both apps (they never import each other).
import { randomBytes } from "node:crypto"
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs"
import type { IncomingMessage, Server } from "node:http"
import { createServer, type Socket } from "node:net"
import { join, relative, resolve } from "node:path"
import { ChannelAccount, DistributedLock, MessageQueue } from "@chatshop/domain"
import { Cause, Context, Effect, Exit, Layer, ManagedRuntime, Redacted, References, Schema } from "effect"
import type { ChannelsConfig } from "../packages/adapters/src/channels/index.ts"
import { Webchat } from "../packages/adapters/src/channels/index.ts"
import { type ServerType, serve } from "../packages/app-server/node_modules/@hono/node-server/dist/index.mjs"
import { generateApiKey, hashKey } from "../packages/app-server/src/api/Auth.ts"
import { makeApp } from "../packages/app-server/src/app.ts"
import { ConfigInvalid, embeddedSecretKey, loadConfig, type ServerConfig } from "../packages/app-server/src/config.ts"
import { embeddedLayer, intakeRelay, pgliteDir, redisWiring } from "../packages/app-server/src/layers.ts"
import * as Worker from "../packages/app-worker/src/index.ts"
import { issueDemoKey, seedDemo } from "./demo/seed.ts"
import { demoShopName, demoTenantId } from "./demo/shop.ts"

/** Something outside the configuration stopped the start (port taken, data dir unusable). */
class StartFailed extends Schema.TaggedError<StartFailed>()("StartFailed", { message: Schema.String }) {}

/** A path as the user would type it: relative below the working directory, absolute elsewhere. */
const display = (path: string) => {
  const rel = relative(process.cwd(), path)
  return rel === "" ? "." : rel.startsWith("..") ? path : rel
}
const say = (line: string) => Effect.sync(() => process.stdout.write(`${line}\n`))
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`
const failed = (error: unknown) =>
  new StartFailed({ message: (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "" })

/**
 * A secret kept in the data dir (0600): read it, or create it once. `wx` makes two starts racing on
 * one data dir agree on the first writer's value.
 */
const keptSecret = (file: string, make: () => string) =>
  Effect.try({
    try: () => {
      mkdirSync(join(file, ".."), { recursive: true, mode: 0o700 })
      let created = false
      try {
        writeFileSync(file, `${make()}\n`, { mode: 0o600, flag: "wx" })
        created = true
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error
      }
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600)
      const value = readFileSync(file, "utf8").trim()
      if (value === "") throw new Error(`${file} is empty: delete it to generate a new one`)
      return { value, created }
    },
    catch: (error) =>
      new ConfigInvalid({
        variable: "CHATSHOP_DATA_DIR",
        message: `Invalid configuration: CHATSHOP_DATA_DIR: cannot keep ${file}: ${failed(error).message}`
      })
  })

/**
 * One launcher per data dir: PGlite is a single-process database, so a second start on the same
 * directory is refused (a pid file whose process is gone is taken over). Removed on exit.
 */
const lockDataDir = (dataDir: string) => {
  const file = join(dataDir, "chatshop.pid")
  const take = Effect.try({
    try: () => {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 })
      try {
        writeFileSync(file, String(process.pid), { flag: "wx" })
        return undefined
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error
      }
      const owner = Number(readFileSync(file, "utf8").trim())
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) return owner
      writeFileSync(file, String(process.pid))
      return undefined
    },
    catch: (error) => failed(error)
  })
  return Effect.acquireRelease(
    Effect.flatMap(take, (owner) =>
      owner === undefined
        ? Effect.void
        : Effect.fail(
            new ConfigInvalid({
              variable: "CHATSHOP_DATA_DIR",
              message: `Invalid configuration: CHATSHOP_DATA_DIR: ${display(dataDir)} is in use by another chatshop (pid ${owner})`
            })
          )
    ),
    () =>
      Effect.sync(() => {
        if (existsSync(file) && readFileSync(file, "utf8").trim() === String(process.pid)) unlinkSync(file)
      })
  )
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

const channelsOf = (urls: ServerConfig["baseUrls"]): ChannelsConfig => ({
  ...(urls.whatsapp === undefined ? {} : { whatsapp: { baseUrl: urls.whatsapp } }),
  ...(urls.messenger === undefined ? {} : { messenger: { baseUrl: urls.messenger } }),
  ...(urls.telegram === undefined ? {} : { telegram: { baseUrl: urls.telegram } }),
  ...(urls.tiktok === undefined ? {} : { tiktok: { baseUrl: urls.tiktok } }),
  ...(urls.greenapi === undefined ? {} : { greenapi: { baseUrl: urls.greenapi } })
})

/** The sockets of open web chat event streams (`GET /chat/:tenant/events`). */
const streams = new Set<Socket>()
const eventStream = /^\/chat\/[^/?]+\/events(?:\?|$)/

const listen = (fetch: (request: Request) => Response | Promise<Response>, port: number, hostname: string) =>
  Effect.acquireRelease(
    Effect.callback<ServerType, StartFailed>((resume) => {
      const server = serve({ fetch, port, hostname }, () => resume(Effect.succeed(server)))
      server.on("request", (request: IncomingMessage) => {
        if (request.method !== "GET" || !eventStream.test(request.url ?? "")) return
        const socket = request.socket
        streams.add(socket)
        socket.once("close", () => streams.delete(socket))
      })
      server.once("error", (error) =>
        resume(Effect.fail(new StartFailed({ message: `cannot listen on ${hostname}:${port}: ${error.message}` })))
      )
    }),
    // Stop taking connections and let requests in flight finish; event streams never finish, so they
    // are cut at once (browsers reconnect elsewhere), and anything else still open after 2 s.
    (server) =>
      Effect.callback<void>((resume) => {
        const http = server as Server
        for (const stream of streams) stream.destroy()
        const force = setTimeout(() => http.closeAllConnections(), 2_000)
        http.close(() => {
          clearTimeout(force)
          // Closed streams' handlers still unsubscribe through the runtime: give them a tick before it goes.
          setTimeout(() => resume(Effect.void), 100)
        })
        http.closeIdleConnections()
      })
  )

/** Fails now, not after a minute of migrations, when the port is taken (the real listen checks again). */
const portFree = (port: number, hostname: string) =>
  Effect.callback<void, StartFailed>((resume) => {
    const probe = createServer()
    probe.once("error", (error) =>
      resume(Effect.fail(new StartFailed({ message: `cannot listen on ${hostname}:${port}: ${error.message}` })))
    )
    probe.listen(port, hostname, () => probe.close(() => resume(Effect.void)))
  })

const program = Effect.gen(function* () {
  const config = yield* loadConfig
  if (config.databaseUrl !== undefined) {
    return yield* new ConfigInvalid({
      variable: "DATABASE_URL",
      message:
        "Invalid configuration: DATABASE_URL: `pnpm start` is embedded mode (PGlite); unset it, or run production as " +
        "`pnpm --filter @chatshop/app-server start` and `pnpm --filter @chatshop/app-worker start`"
    })
  }
  const dataDir = resolve(config.dataDir)
  const shown = display(dataDir)
  yield* lockDataDir(dataDir)
  yield* portFree(config.port, config.host)
  const secretKey = config.secretKey ?? (yield* embeddedSecretKey(dataDir)).key
  const admin =
    config.adminToken === undefined
      ? yield* keptSecret(join(dataDir, "admin.token"), () => `adm_${randomBytes(24).toString("base64url")}`)
      : undefined
  const adminToken = config.adminToken ?? Redacted.make(admin?.value ?? "")

  yield* say(`chatshop: embedded mode, data in ${shown}`)
  let since = performance.now()
  const fresh = !existsSync(pgliteDir(dataDir))
  yield* say(
    fresh
      ? `  creating the database in ${display(pgliteDir(dataDir))} and running migrations (first start: up to a minute) …`
      : `  opening the database in ${display(pgliteDir(dataDir))} and running migrations …`
  )
  const wiring = redisWiring(config.redisUrl, config.queuePrefix)
  const layer = Layer.merge(
    embeddedLayer({
      dataDir,
      secretKey,
      ...wiring
    }),
    Layer.succeed(References.MinimumLogLevel, config.logLevel)
  )
  const runtime = ManagedRuntime.make(layer)
  yield* Effect.addFinalizer(() => Effect.promise(() => runtime.dispose()))
  const context = yield* Effect.tryPromise({ try: () => runtime.context(), catch: failed })
  yield* say(`  database ready (${seconds(since)})`)

  since = performance.now()
  yield* say("  seeding the demo shop …")
  const seeded = yield* seedDemo.pipe(Effect.provideContext(context), Effect.mapError(failed))
  yield* say(
    seeded.created
      ? `  demo shop seeded: ${seeded.products} products, ${seeded.offers} offer, web chat (${seconds(since)})`
      : `  demo shop already seeded (${seconds(since)})`
  )
  // The demo shop's owner API key: the admin API shows a key once, so the launcher keeps it beside the
  // data and makes sure the database knows it (an id derived from its hash keeps this idempotent).
  const apiKey = yield* keptSecret(join(dataDir, "demo-api.key"), generateApiKey)
  const hash = hashKey(apiKey.value)
  yield* issueDemoKey(`key-demo-${hash.slice(0, 16)}`, hash).pipe(
    Effect.provideContext(context),
    Effect.mapError(failed)
  )

  // The worker over the server's own instances: same store, queue, accounts and web chat hub.
  type Built = typeof context extends Context.Context<infer R> ? R : never
  const shared = <I extends Built, S>(key: Context.Key<I, S>) => Layer.succeed(key, Context.get(context, key))
  const ports = Worker.workerPorts({
    storage: Layer.succeedContext(context),
    queue: shared(MessageQueue),
    locks: DistributedLock.layerMemory,
    accounts: shared(ChannelAccount.ChannelAccountRepository),
    webchat: shared(Webchat.WebchatHub),
    channels: channelsOf(config.baseUrls)
  })
  // PGlite runs one query at a time: a slower outbox poll leaves room for turns (turns wake the sender).
  const worker = Worker.layer({ outbox: { pollMs: 1_000 } }).pipe(
    Layer.provide(ports),
    Layer.provide(Layer.succeed(References.MinimumLogLevel, config.logLevel))
  )
  yield* Layer.build(worker).pipe(Effect.mapError(failed))
  if (wiring.redis !== undefined) {
    // With Redis, webhooks are staged by the Redis intake: this process's worker relays them onto BullMQ.
    yield* Layer.build(intakeRelay(wiring.redis).pipe(Layer.provide(shared(MessageQueue)))).pipe(
      Effect.mapError(failed)
    )
  }
  yield* say(
    `  worker running (offline NLU, ${config.redisUrl === undefined ? "in-process queue" : "BullMQ on Redis"}, in-process locks)`
  )

  const app = makeApp(runtime, { adminToken, apiRateLimitPerMinute: config.apiRateLimitPerMinute })
  yield* listen(app.fetch, config.port, config.host)
  // Listening on every interface: the browser still reaches it on localhost.
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host
  const base = `http://${host.includes(":") ? `[${host}]` : host}:${config.port}`
  yield* say(
    [
      "",
      `  Web chat:      ${base}/?shop=${demoTenantId}   (${demoShopName}; try "do you have chelsea boots?")`,
      `  Dashboard:     ${base}/dashboard   (sign in with the shop API key below)`,
      `  Tenant id:     ${demoTenantId}`,
      `  Admin token:   ${Redacted.value(adminToken)}${admin === undefined ? " (ADMIN_TOKEN)" : ` (kept in ${join(shown, "admin.token")})`}`,
      `  Shop API key:  ${apiKey.value}   (curl -H "authorization: Bearer …" ${base}/api/v1/products)`,
      `  Health:        ${base}/health`,
      "",
      "Ctrl-C stops."
    ].join("\n")
  )
  return yield* Effect.never
}).pipe(Effect.scoped)

const controller = new AbortController()
let stopping = false
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    // A second signal while shutting down: stop now.
    if (stopping) process.exit(130)
    stopping = true
    process.stdout.write(`\n${signal}: stopping (finishing requests and jobs in flight) …\n`)
    controller.abort()
  })
}

const exit = await Effect.runPromiseExit(program, { signal: controller.signal })
if (Exit.isSuccess(exit) || Cause.hasInterruptsOnly(exit.cause)) {
  // Everything is closed; leftover timers (an event stream's keep-alive sleep) must not delay the exit.
  process.stdout.write("chatshop stopped.\n", () => process.exit(0))
} else {
  const error = Cause.findErrorOption(exit.cause)
  const line =
    error._tag === "Some"
      ? error.value._tag === "ConfigInvalid"
        ? error.value.message
        : `Cannot start: ${error.value.message}`
      : `chatshop stopped on an unexpected error: ${Cause.pretty(exit.cause).split("\n")[0]}`
  process.stderr.write(`${line}\n`, () => process.exit(1))
}
