import { Context, Effect, Exit, Schema } from "effect"
import type { ControlledTransaction, Kysely } from "kysely"
import type { Database } from "./Database.ts"

/** A database call that failed: connection lost, constraint violated, statement cancelled. */
export class SqlError extends Schema.TaggedError<SqlError>()("SqlError", {
  message: Schema.String,
  /** PostgreSQL's SQLSTATE (e.g. 23514 check_violation), when the server sent one. */
  code: Schema.optionalKey(Schema.String)
}) {}

export const sqlError = (cause: unknown): SqlError => {
  const message = cause instanceof Error ? cause.message : String(cause)
  const code = typeof cause === "object" && cause !== null && "code" in cause ? cause.code : undefined
  return new SqlError(typeof code === "string" ? { message, code } : { message })
}

/** The connection the PostgreSQL/PGlite repositories share: one kysely instance over a pool or PGlite. */
export class Db extends Context.Service<
  Db,
  {
    readonly kysely: Kysely<Database>
    readonly dialect: "postgres" | "pglite"
  }
>()("@chatshop/adapters/postgres/Db") {}

/** Run one kysely call. */
export const run = <A>(f: () => Promise<A>): Effect.Effect<A, SqlError> =>
  Effect.tryPromise({ try: f, catch: sqlError })

// serialization_failure and deadlock_detected: the transaction did nothing and may simply run again.
export const retryable = (e: unknown): boolean => e instanceof SqlError && (e.code === "40001" || e.code === "40P01")

const finish = (trx: ControlledTransaction<Database>, exit: Exit.Exit<unknown, unknown>) =>
  Exit.isSuccess(exit)
    ? run(() => trx.commit().execute()).pipe(
        // A commit that failed without the server rolling back still holds the connection: give it back.
        Effect.tapError(() => (trx.isRolledBack ? Effect.void : Effect.ignore(run(() => trx.rollback().execute()))))
      )
    : Effect.ignore(run(() => trx.rollback().execute()))

/**
 * Run `body` in one transaction: committed when it succeeds, rolled back when it fails, dies or
 * is interrupted. A deadlock or serialization failure runs the whole body again (it is all-or-nothing).
 */
export const transaction = <A, E, R>(
  kysely: Kysely<Database>,
  body: (trx: ControlledTransaction<Database>) => Effect.Effect<A, E, R>
): Effect.Effect<A, E | SqlError, R> =>
  Effect.acquireUseRelease(
    run(() => kysely.startTransaction().execute()),
    body,
    finish
  ).pipe(Effect.retry({ while: retryable, times: 5 }))
