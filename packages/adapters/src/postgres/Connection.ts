import type { PGlite } from "@electric-sql/pglite"
import { Effect, Layer, Redacted } from "effect"
import { Kysely, PGliteDialect, PostgresDialect } from "kysely"
import { Pool, types } from "pg"
import type { Database } from "./Database.ts"
import { Db, run, type SqlError } from "./Db.ts"
import { type MigrationError, migrate, TransactionLockedAdapter } from "./Migrate.ts"
import { markPool } from "./Tenancy.ts"

export interface PostgresConfig {
  /** postgres://user:pass@host:port/db — directly or through pgbouncer in transaction mode. */
  readonly url: string | Redacted.Redacted<string>
  /** Connections in this process's pool (default 10). */
  readonly poolSize?: number
  /** Run the migrations when the layer starts (default false: production runs `pnpm db:migrate`). */
  readonly migrate?: boolean
  readonly applicationName?: string
  /** How long a caller waits for a free pool connection (or a new one) before failing; default 10 s. */
  readonly connectionTimeoutMs?: number
}

// int8 (bigint columns, count(*), sum(int)) as a JS number: every int8 here is epoch ms or a count.
const INT8 = 20
const poolTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8 && format !== "binary"
      ? Number
      : types.getTypeParser(oid, format as "text")) as typeof types.getTypeParser
}

/**
 * kysely's PostgreSQL dialect with the migration lock moved into `migrate`'s transaction. Queries
 * are plain parameterised statements: pg only prepares named statements when asked for a name,
 * which nothing here does, so pgbouncer's transaction pooling is safe.
 */
class PoolDialect extends PostgresDialect {
  override createAdapter() {
    return new TransactionLockedAdapter()
  }
}

const start = (kysely: Kysely<Database>, runMigrations: boolean) =>
  Effect.gen(function* () {
    if (runMigrations) yield* migrate(kysely)
    return Db.of({ kysely, dialect: "postgres" })
  })

const openPool = (config: PostgresConfig): Pool => {
  const pool = new Pool({
    connectionString: Redacted.isRedacted(config.url) ? Redacted.value(config.url) : config.url,
    max: config.poolSize ?? 10,
    application_name: config.applicationName ?? "chatshop",
    connectionTimeoutMillis: config.connectionTimeoutMs ?? 10_000,
    types: poolTypes
  })
  // An idle connection the server drops (restart, pgbouncer, admin terminate) is an 'error' event;
  // unheard it would crash the process. The pool discards that client; the next query opens another.
  pool.on("error", () => {})
  return pool
}

/** A pg pool behind kysely. Fails at start (with the server's message) when the database can't be reached. */
export const layerDb = (config: PostgresConfig): Layer.Layer<Db, SqlError | MigrationError> =>
  Layer.effect(
    Db,
    Effect.gen(function* () {
      const pool = openPool(config)
      const kysely = yield* Effect.acquireRelease(
        Effect.sync(() => new Kysely<Database>({ dialect: new PoolDialect({ pool }) })),
        (db) => Effect.promise(() => db.destroy())
      )
      yield* run(() => kysely.selectNoFrom((eb) => eb.val(1).as("ok")).execute())
      markPool(kysely, pool)
      return yield* start(kysely, config.migrate ?? false)
    })
  )

export type PgliteOptions =
  /** Persist under this directory (embedded mode: CHATSHOP_DATA_DIR). */
  | { readonly dataDir: string }
  /** Throw-away database in memory (tests, demos). */
  | { readonly memory: true }
  /** An instance the caller owns: used as is and not closed by the layer. */
  | { readonly pglite: PGlite }

// Loaded only when a PGlite database is opened: production processes (PostgreSQL) never load its
// WebAssembly glue, tens of MB of RSS (SPEC §8 B5).
const openPglite = async (options: PgliteOptions): Promise<PGlite> => {
  if ("pglite" in options) return options.pglite
  const { PGlite } = await import("@electric-sql/pglite")
  return new PGlite("dataDir" in options ? options.dataDir : undefined, { parsers: { [INT8]: Number } })
}

/** PGlite in-process, with the same migrations (run at start) and the same SQL as PostgreSQL. */
export const layerDbPglite = (options: PgliteOptions): Layer.Layer<Db, SqlError | MigrationError> =>
  Layer.effect(
    Db,
    Effect.gen(function* () {
      const owned = !("pglite" in options)
      const kysely = yield* Effect.acquireRelease(
        Effect.map(
          Effect.promise(() => openPglite(options)),
          (pglite) => new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) })
        ),
        // kysely's destroy closes the PGlite instance: only do that for one we opened.
        (db) => (owned ? Effect.promise(() => db.destroy()) : Effect.void)
      )
      yield* migrate(kysely)
      return Db.of({ kysely, dialect: "pglite" })
    })
  )
