import { Context, Effect, Exit, Schema } from "effect"
import type { Kysely } from "kysely"
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

/**
 * The transaction a fiber runs in (a unit of work, or any `transaction` it is inside): the
 * helpers here and in Tenancy.ts run their statements on it instead of opening their own.
 */
export interface OpenTransaction {
  /** The Db's kysely it was opened on: a call for another database does not join it. */
  readonly root: Kysely<Database>
  /** Where its statements go. */
  readonly trx: Kysely<Database>
  /** The tenant row-level security confines it to, set once (undefined: not yet, the owner role). */
  tenantId: string | undefined
  open: boolean
}

const CurrentTransaction = Context.Reference<OpenTransaction | undefined>(
  "@chatshop/adapters/postgres/CurrentTransaction",
  { defaultValue: () => undefined }
)

/** This fiber's open transaction on `kysely`'s database, if it is in one. */
export const currentTransaction = (kysely: Kysely<Database>): Effect.Effect<OpenTransaction | undefined> =>
  Effect.map(CurrentTransaction, (t) => (t?.open && t.root === kysely ? t : undefined))

/** Run `body` as the holder of `trx`, just opened on `root`: what it calls joins `trx`. */
export const within = <A, E, R>(
  root: Kysely<Database>,
  trx: Kysely<Database>,
  tenantId: string | undefined,
  body: Effect.Effect<A, E, R>
): Effect.Effect<A, E, R> =>
  Effect.suspend(() => {
    const open: OpenTransaction = { root, trx, tenantId, open: true }
    return body.pipe(
      Effect.provideService(CurrentTransaction, open),
      // A fiber it forked that outlives it must not use a connection handed back.
      Effect.ensuring(Effect.sync(() => (open.open = false)))
    )
  })

/** One statement: on this fiber's open transaction on `kysely`'s database, else on its own. */
export const query = <A>(
  kysely: Kysely<Database>,
  f: (db: Kysely<Database>) => Promise<A>
): Effect.Effect<A, SqlError> => Effect.flatMap(currentTransaction(kysely), (open) => run(() => f(open?.trx ?? kysely)))

class Rerun {
  readonly defect: unknown
  constructor(defect: unknown) {
    this.defect = defect
  }
}

/**
 * Run a whole transaction again (up to 5 times) after a deadlock or serialization failure, whether
 * it came back as an error or as a defect (a port method inside it turns SQL errors into defects).
 */
export const rerunOnConflict = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  self.pipe(
    Effect.catchDefect((defect) => (retryable(defect) ? Effect.fail(new Rerun(defect)) : Effect.die(defect))),
    Effect.retry({ while: (e) => retryable(e) || e instanceof Rerun, times: 5 }),
    Effect.catchIf(
      (e): e is Rerun => e instanceof Rerun,
      (e) => Effect.die(e.defect)
    )
  ) as Effect.Effect<A, E, R>

const open = <A, E, R>(
  kysely: Kysely<Database>,
  body: (trx: Kysely<Database>) => Effect.Effect<A, E, R>
): Effect.Effect<A, E | SqlError, R> =>
  Effect.acquireUseRelease(
    run(() => kysely.startTransaction().execute()),
    (trx) => within(kysely, trx, undefined, body(trx)),
    (trx, exit) =>
      Exit.isSuccess(exit)
        ? run(() => trx.commit().execute()).pipe(
            // A commit that failed without the server rolling back still holds the connection: give it back.
            Effect.tapError(() => (trx.isRolledBack ? Effect.void : Effect.ignore(run(() => trx.rollback().execute()))))
          )
        : Effect.ignore(run(() => trx.rollback().execute()))
  )

/**
 * Run `body` in one transaction: committed when it succeeds, rolled back when it fails, dies or
 * is interrupted. A deadlock or serialization failure runs the whole body again (it is all-or-nothing).
 * Inside a transaction on the same database (a unit of work) `body` joins it: no second BEGIN, and
 * a conflict reruns the outermost transaction, not this part.
 */
export const transaction = <A, E, R>(
  kysely: Kysely<Database>,
  body: (trx: Kysely<Database>) => Effect.Effect<A, E, R>
): Effect.Effect<A, E | SqlError, R> =>
  Effect.flatMap(currentTransaction(kysely), (joined) =>
    joined === undefined ? rerunOnConflict(open(kysely, body)) : body(joined.trx)
  )
