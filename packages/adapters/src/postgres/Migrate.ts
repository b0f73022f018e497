import { Effect, Schema } from "effect"
import { type Kysely, PostgresAdapter, sql } from "kysely"
import { type MigrationResultSet, Migrator } from "kysely/migration"
import { migrations } from "./migrations/index.ts"

export class MigrationError extends Schema.TaggedError<MigrationError>()("MigrationError", {
  /** The migration that failed, when one did. */
  migration: Schema.optionalKey(Schema.String),
  message: Schema.String
}) {}

export interface MigrationReport {
  /** Migrations applied by this run, oldest first; empty when the database was up to date. */
  readonly applied: ReadonlyArray<string>
}

// Any constant works; it only has to be the same for every process migrating this database.
const lockId = 7_346_112_015

/**
 * kysely's own migration lock is a session-level advisory lock, which leaks through pgbouncer in
 * transaction mode when a migration fails. `migrate` holds a transaction-scoped lock instead, so
 * the adapters' dialect turns kysely's lock off.
 */
export class TransactionLockedAdapter extends PostgresAdapter {
  override async acquireMigrationLock(): Promise<void> {}
  override async releaseMigrationLock(): Promise<void> {}
}

/** Carries a failed run out of the transaction callback so the transaction rolls back. */
class FailedRun extends Error {
  readonly result: MigrationResultSet
  constructor(result: MigrationResultSet) {
    super("migration failed")
    this.result = result
  }
}

const messageOf = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause))

const toError = (cause: unknown): MigrationError => {
  if (!(cause instanceof FailedRun)) return new MigrationError({ message: messageOf(cause) })
  const failed = cause.result.results?.find((r) => r.status === "Error")
  return new MigrationError({
    ...(failed === undefined ? {} : { migration: failed.migrationName }),
    message: messageOf(cause.result.error)
  })
}

/**
 * Bring the schema to the latest migration. The whole run is one transaction holding a
 * transaction-scoped advisory lock: concurrent starters wait for each other, a failure leaves
 * nothing half-applied, and no session state outlives the run (safe through pgbouncer).
 */
export const migrate = <DB>(db: Kysely<DB>): Effect.Effect<MigrationReport, MigrationError> =>
  Effect.tryPromise({
    try: () =>
      db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${sql.lit(lockId)})`.execute(trx)
        const migrator = new Migrator({ db: trx, provider: { getMigrations: async () => migrations } })
        const result = await migrator.migrateToLatest()
        if (result.error !== undefined) throw new FailedRun(result)
        return result
      }),
    catch: toError
  }).pipe(Effect.map(({ results }) => ({ applied: (results ?? []).map((r) => r.migrationName) })))
