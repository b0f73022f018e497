// `pnpm start`: embedded mode (SPEC §2, §7) in one process. PGlite in CHATSHOP_DATA_DIR (migrated at
// start), the in-process queue and locks, the Hono server and the worker sharing the same store,
// queue, channel accounts and web chat hub; a demo shop seeded once. This file is the composition
// root: the only place that imports both apps (they never import each other), through their exports.
import { randomBytes } from "node:crypto"
import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { join, relative, resolve } from "node:path"
import { Webchat } from "@chatshop/adapters/channels"
import * as Env from "@chatshop/adapters/config"
import * as Server from "@chatshop/app-server"
import * as Worker from "@chatshop/app-worker"
import { ChannelAccount, DistributedLock, MessageQueue } from "@chatshop/domain"
import { NodeRuntime } from "@effect/platform-node"
import { Context, Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { issueDemoKey, seedDemo } from "./demo/seed.ts"
import { demoShopName, demoTenantId } from "./demo/shop.ts"

/** A path as the user would type it: relative below the working directory, absolute elsewhere. */
const display = (path: string) => {
  const rel = relative(process.cwd(), path)
  return rel === "" ? "." : rel.startsWith("..") ? path : rel
}
const say = (line: string) => Effect.sync(() => process.stdout.write(`${line}\n`))
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`

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
    catch: Env.startFailed
  })
  return Effect.acquireRelease(
    Effect.flatMap(take, (owner) =>
      owner === undefined
        ? Effect.void
        : Effect.fail(
            Env.invalid("CHATSHOP_DATA_DIR", `${display(dataDir)} is in use by another chatshop (pid ${owner})`)
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

/** Fails now, not after a minute of migrations, when the port is taken (the real listen checks again). */
const portFree = (port: number, hostname: string) =>
  Effect.callback<void, Env.StartFailed>((resume) => {
    const probe = createServer()
    probe.once("error", (error) =>
      resume(Effect.fail(new Env.StartFailed({ message: `cannot listen on ${hostname}:${port}: ${error.message}` })))
    )
    probe.listen(port, hostname, () => probe.close(() => resume(Effect.void)))
  })

/** The launcher's pieces of the environment: the server's, plus the worker's LLM; embedded mode only. */
const loadConfig = Effect.gen(function* () {
  const server = yield* Server.loadConfig
  if (server.mode._tag === "production") {
    return yield* Env.invalid(
      "DATABASE_URL",
      "`pnpm start` is embedded mode (PGlite); unset it, or run production as " +
        "`pnpm --filter @chatshop/app-server start` and `pnpm --filter @chatshop/app-worker start`"
    )
  }
  return { ...server, mode: server.mode, llm: yield* Env.llm }
})

const program = Effect.gen(function* () {
  yield* Env.stopSignals((line) => process.stdout.write(`\n${line}\n`))
  const envFile = yield* Env.loadDotEnv
  if (envFile !== undefined) process.stdout.write(`Settings read from ${envFile}\n`)
  const config = yield* loadConfig
  const { port, host } = config.listen
  const dataDir = resolve(config.mode.dataDir)
  const shown = display(dataDir)
  yield* lockDataDir(dataDir)
  yield* portFree(port, host)
  const secretKey = config.mode.secretKey ?? (yield* Env.embeddedSecretKey(dataDir)).value
  const admin =
    config.adminToken === undefined
      ? yield* Env.keptSecret(join(dataDir, "admin.token"), () => `adm_${randomBytes(24).toString("base64url")}`)
      : undefined
  const adminToken = config.adminToken ?? admin?.value ?? Redacted.make("")

  yield* say(`chatshop: embedded mode, data in ${shown}`)
  let since = performance.now()
  const pgdata = Server.pgliteDir(dataDir)
  yield* say(
    existsSync(pgdata)
      ? `  opening the database in ${display(pgdata)} and running migrations …`
      : `  creating the database in ${display(pgdata)} and running migrations (first start: up to a minute) …`
  )
  const redis = config.mode.redis
  const logLevel = Env.minimumLogLevel(config.logLevel)
  const runtime = ManagedRuntime.make(
    Layer.merge(Server.embeddedLayer({ dataDir, secretKey, ...(redis === undefined ? {} : { redis }) }), logLevel)
  )
  yield* Effect.addFinalizer(() => Effect.promise(() => runtime.dispose()))
  const context = yield* Effect.tryPromise({ try: () => runtime.context(), catch: Env.startFailed })
  yield* say(`  database ready (${seconds(since)})`)

  since = performance.now()
  yield* say("  seeding the demo shop …")
  const seeded = yield* seedDemo.pipe(Effect.provideContext(context), Effect.mapError(Env.startFailed))
  yield* say(
    seeded.created
      ? `  demo shop seeded: ${seeded.products} products, ${seeded.offers} offer, web chat (${seconds(since)})`
      : `  demo shop already seeded (${seconds(since)})`
  )
  // The demo shop's owner API key: the admin API shows a key once, so the launcher keeps it beside the
  // data and makes sure the database knows it (an id derived from its hash keeps this idempotent).
  const apiKey = Redacted.value((yield* Env.keptSecret(join(dataDir, "demo-api.key"), Server.generateApiKey)).value)
  const hash = Server.hashKey(apiKey)
  yield* issueDemoKey(`key-demo-${hash.slice(0, 16)}`, hash).pipe(
    Effect.provideContext(context),
    Effect.mapError(Env.startFailed)
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
    channels: Env.channelsConfig(config.channels),
    ...Worker.dialogWiring(config.llm)
  })
  // PGlite runs one query at a time: a slower outbox poll leaves room for turns (turns wake the sender).
  const worker = Worker.layer({ outbox: { pollMs: 1_000 } }).pipe(Layer.provide(ports), Layer.provide(logLevel))
  yield* Layer.build(worker).pipe(Effect.mapError(Env.startFailed))
  if (redis !== undefined) {
    // With Redis, webhooks are staged by the Redis intake: this process's worker relays them onto BullMQ.
    yield* Layer.build(Env.intakeRelay(redis).pipe(Layer.provide(shared(MessageQueue)))).pipe(
      Effect.mapError(Env.startFailed)
    )
  }
  const nlu = config.llm === undefined ? "offline NLU" : "LLM NLU"
  yield* say(
    `  worker running (${nlu}, ${redis === undefined ? "in-process queue" : "BullMQ on Redis"}, in-process locks)`
  )

  const app = Server.makeApp(runtime, { adminToken, apiRateLimitPerMinute: config.rateLimits.apiPerMinute })
  yield* Server.listen(app.fetch, port, host)
  // Listening on every interface: the browser still reaches it on localhost.
  const browserHost = host === "0.0.0.0" || host === "::" ? "localhost" : host
  const base = `http://${browserHost.includes(":") ? `[${browserHost}]` : browserHost}:${port}`
  yield* say(
    [
      "",
      `  Web chat:      ${base}/?shop=${demoTenantId}   (${demoShopName}; try "do you have chelsea boots?")`,
      `  Dashboard:     ${base}/dashboard   (sign in with the shop API key below)`,
      `  Tenant id:     ${demoTenantId}`,
      `  Admin token:   ${Redacted.value(adminToken)}${admin === undefined ? " (ADMIN_TOKEN)" : ` (kept in ${join(shown, "admin.token")})`}`,
      `  Shop API key:  ${apiKey}   (curl -H "authorization: Bearer …" ${base}/api/v1/products)`,
      `  Health:        ${base}/health`,
      "",
      "Ctrl-C stops."
    ].join("\n")
  )
  return yield* Effect.never
}).pipe(
  Effect.scoped,
  Effect.onInterrupt(() => say("chatshop stopped."))
)

NodeRuntime.runMain(program, Env.runMainOptions)
