import { resolve } from "node:path"
import { Webchat } from "@chatshop/adapters/channels"
import * as Env from "@chatshop/adapters/config"
import * as Postgres from "@chatshop/adapters/postgres"
import { ping, RedisClient } from "@chatshop/adapters/redis"
import { IdGenerator, type InboundDedupe, InboundIntake, MessageQueue } from "@chatshop/domain"
import { Effect, Layer, type LogLevel, type Redacted, Schema } from "effect"
import {
  type AppServices,
  domainServices,
  intakeOverPorts,
  memoryDomain,
  memoryStores,
  Readiness,
  type ReadinessCheck
} from "./runtime.ts"

/** Redis for the server: its URL and QUEUE_PREFIX (the adapters' "chatshop" when unset). */
export type RedisWiring = Env.RedisConfig

const redisCheck = Effect.map(
  RedisClient,
  (c: RedisClient["Service"]): ReadinessCheck => ({ name: "redis", check: ping(c) })
)

/**
 * Production ingest over Redis: the intake (dedupe record + staged job in one script per batch;
 * workers relay staged jobs onto BullMQ), the dedupe records it writes, BullMQ queues, and `/ready`
 * pinging Redis. Commands fail fast while Redis is down (no offline queue), so webhooks answer 503.
 */
export const redisLayer = (redis: RedisWiring) => {
  // Auto-pipelining sends the dedupe commands of concurrent webhooks in one write per tick (SPEC §8 B1).
  const client = Env.redisClient(redis, { enableOfflineQueue: false, enableAutoPipelining: true })
  const readiness = Layer.effect(
    Readiness,
    Effect.map(redisCheck, (c) => [c])
  )
  return {
    client,
    // Web chat replies published by workers in other processes reach this server's SSE streams.
    webchat: Env.redisWebchatHub(redis).pipe(Layer.provide(client)),
    dedupe: Env.redisDedupe(redis).pipe(Layer.provide(client)),
    intake: Env.redisIntake(redis).pipe(Layer.provide(client)),
    readiness: readiness.pipe(Layer.provide(client)),
    queue: Env.bullMq(redis)
  }
}

/** Memory stores with the Redis intake and dedupe, BullMQ and the Redis readiness check (tests, B1). */
export const memoryWithRedis = (redis: RedisWiring) => {
  const r = redisLayer(redis)
  return Layer.mergeAll(
    memoryDomain().pipe(Layer.provideMerge(memoryStores())),
    r.intake,
    r.dedupe,
    r.queue,
    r.readiness
  )
}

/** What the SQL adapters provide: every repository, the ledger, the outbox, the dedupe port and `Db`. */
export type SqlStorage = Layer.Success<ReturnType<typeof Postgres.layerPglite>>

const databaseCheck = Effect.map(
  Postgres.Db,
  ({ kysely }): ReadinessCheck => ({
    name: "database",
    check: Postgres.run(() => kysely.selectNoFrom((eb) => eb.val(1).as("ok")).execute()).pipe(
      Effect.as(true),
      Effect.orElseSucceed(() => false)
    )
  })
)

export interface SqlWiring<E> {
  /** `Postgres.layer(…)` (production) or `Postgres.layerPglite(…)` (embedded); shared with an in-process worker. */
  readonly storage: Layer.Layer<SqlStorage, E>
  /** CHATSHOP_SECRET_KEY: channel secrets are sealed with it (AES-256-GCM). */
  readonly secretKey: string | Redacted.Redacted<string>
  /** Redis dedupe + BullMQ + its readiness check; without it, the SQL dedupe and an in-process queue. */
  readonly redis?: RedisWiring
  /** Replace the queue (an embedded launcher shares its in-process queue with the worker). */
  readonly queue?: Layer.Layer<MessageQueue>
  readonly webchat?: Layer.Layer<Webchat.WebchatHub>
}

/**
 * Every service the server needs over SQL storage: the repositories of `storage`, the channel
 * accounts sealed under `secretKey`, the domain services, dedupe + queue (Redis or SQL + in-process)
 * and `/ready` checking the database (and Redis).
 */
export const sqlLayer = <E>(wiring: SqlWiring<E>) => {
  const redis = wiring.redis === undefined ? undefined : redisLayer(wiring.redis)
  // The same `redis.client` layer as the dedupe's: one build shares one connection.
  const readiness =
    redis === undefined
      ? Layer.effect(
          Readiness,
          Effect.map(databaseCheck, (db) => [db])
        )
      : Layer.effect(Readiness, Effect.all([databaseCheck, redisCheck])).pipe(Layer.provide(redis.client))
  const stores = Layer.mergeAll(
    Postgres.layerChannelAccounts(wiring.secretKey),
    IdGenerator.layerRandom,
    wiring.webchat ?? redis?.webchat ?? Webchat.WebchatHub.layerMemory,
    readiness
  ).pipe(Layer.provideMerge(wiring.storage))
  // Later layers win: Redis dedupe replaces the SQL one that `storage` brings. The Redis intake
  // stages jobs for the workers to relay onto BullMQ, so it needs BullMQ as the queue; any other
  // queue (an embedded launcher's in-process one) takes jobs through the intake over the ports.
  const ingest: Layer.Layer<MessageQueue | InboundIntake, unknown, InboundDedupe> =
    redis === undefined
      ? InboundIntake.layerPorts.pipe(Layer.provideMerge(wiring.queue ?? MessageQueue.layerMemory))
      : wiring.queue === undefined
        ? Layer.mergeAll(redis.queue, redis.dedupe, redis.intake)
        : intakeOverPorts(wiring.queue, redis.dedupe)
  return domainServices().pipe(Layer.provideMerge(Layer.mergeAll(stores, ingest.pipe(Layer.provide(stores)))))
}

/** A PGlite instance (the type comes through the adapters: this package does not depend on PGlite). */
type PGlite = Extract<Postgres.PgliteOptions, { readonly pglite: unknown }>["pglite"]

export interface EmbeddedOptions {
  /** CHATSHOP_DATA_DIR: the PGlite database lives in `<dataDir>/pgdata`. */
  readonly dataDir: string
  /** CHATSHOP_SECRET_KEY (main.ts keeps a generated one in `<dataDir>/secret.key`, see config.ts). */
  readonly secretKey: string | Redacted.Redacted<string>
  /** Use this PGlite instead of opening `dataDir` (a launcher sharing one instance with the worker). */
  readonly pglite?: PGlite
  /** A throw-away in-memory PGlite instead of `dataDir` (tests, demos). */
  readonly memory?: boolean
  readonly redis?: RedisWiring
  readonly queue?: Layer.Layer<MessageQueue>
  readonly webchat?: Layer.Layer<Webchat.WebchatHub>
}

/** The PGlite directory inside a data dir. */
export const pgliteDir = (dataDir: string): string => resolve(dataDir, "pgdata")

/** Embedded mode (SPEC §2): PGlite in the data dir (migrated at start), in-process queue unless Redis is given. */
export const embeddedLayer = (options: EmbeddedOptions) =>
  sqlLayer({
    storage: Postgres.layerPglite(
      options.pglite !== undefined
        ? { pglite: options.pglite }
        : options.memory === true
          ? { memory: true }
          : { dataDir: pgliteDir(options.dataDir) }
    ),
    secretKey: options.secretKey,
    ...(options.redis === undefined ? {} : { redis: options.redis }),
    ...(options.queue === undefined ? {} : { queue: options.queue }),
    ...(options.webchat === undefined ? {} : { webchat: options.webchat })
  })

export interface ProductionOptions {
  readonly databaseUrl: string | Redacted.Redacted<string>
  readonly secretKey: string | Redacted.Redacted<string>
  /** Redis dedupe + BullMQ; without it the queue is in-process (only useful with the worker in this process). */
  readonly redis?: RedisWiring | undefined
  readonly poolSize?: number
  /** Run the migrations at start (default false: production runs `pnpm db:migrate`). */
  readonly migrate?: boolean
  readonly queue?: Layer.Layer<MessageQueue>
  readonly webchat?: Layer.Layer<Webchat.WebchatHub>
}

/** The database is behind this code's migrations: the server would answer 500 to everything. */
export class DatabaseNotMigrated extends Schema.TaggedError<DatabaseNotMigrated>()("DatabaseNotMigrated", {
  pending: Schema.Array(Schema.String),
  message: Schema.String
}) {}

/** Fails the start when a migration this code knows is not applied (production migrates with `pnpm db:migrate`). */
export const requireMigrated = Effect.gen(function* () {
  const { kysely } = yield* Postgres.Db
  // No table yet (a fresh database) reads as nothing applied.
  const applied = yield* Postgres.run(() =>
    kysely.withTables<{ kysely_migration: { name: string } }>().selectFrom("kysely_migration").select("name").execute()
  ).pipe(
    Effect.map((rows) => new Set(rows.map((r) => r.name))),
    Effect.orElseSucceed(() => new Set<string>())
  )
  const pending = Object.keys(Postgres.migrations).filter((name) => !applied.has(name))
  if (pending.length > 0) {
    return yield* new DatabaseNotMigrated({
      pending,
      message: `the database is not migrated (${pending.length} pending, first ${pending[0]}): run \`pnpm db:migrate\` with this DATABASE_URL`
    })
  }
})

/** Production (SPEC §2): PostgreSQL for every store, Redis dedupe + BullMQ when `redis` is given. */
export const productionLayer = (options: ProductionOptions) => {
  const pg = Env.postgres(options, "chatshop-server", options.migrate === undefined ? {} : { migrate: options.migrate })
  return sqlLayer({
    storage: options.migrate === true ? pg : Layer.effectDiscard(requireMigrated).pipe(Layer.provideMerge(pg)),
    secretKey: options.secretKey,
    ...(options.redis === undefined ? {} : { redis: options.redis }),
    ...(options.queue === undefined ? {} : { queue: options.queue }),
    ...(options.webchat === undefined ? {} : { webchat: options.webchat })
  })
}

/**
 * The server's services for the mode the environment chose (SPEC §2), logging from `logLevel` up:
 * PostgreSQL + Redis in production, PGlite in the data dir (Redis when given) embedded.
 */
export const serverLayer = (
  mode: Env.Mode,
  secretKey: Redacted.Redacted<string>,
  logLevel: LogLevel.LogLevel
): Layer.Layer<AppServices, unknown> => {
  const services: Layer.Layer<AppServices, unknown> =
    mode._tag === "production"
      ? productionLayer({ databaseUrl: mode.databaseUrl, poolSize: mode.poolSize, secretKey, redis: mode.redis })
      : embeddedLayer({ dataDir: mode.dataDir, secretKey, ...(mode.redis === undefined ? {} : { redis: mode.redis }) })
  return Layer.merge(services, Env.minimumLogLevel(logLevel))
}
