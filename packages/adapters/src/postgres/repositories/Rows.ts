import { Clock, Effect, Schema } from "effect"
import { SqlError, sqlError } from "../Db.ts"

/** Helpers every repository shares: JSON in and out of jsonb, the clock, SQL failures as defects. */

/** jsonb parameters travel as JSON text: the same on pg and PGlite, arrays included. */
export const json = (value: unknown): string => JSON.stringify(value)

/**
 * Stored documents are decoded with the domain's schema on the way out: a row that no longer
 * decodes is corrupt data, which is a defect, not an error the caller could handle.
 */
export const decoder = <S extends Schema.ConstraintDecoder<unknown>>(schema: S) => {
  const decode = Schema.decodeUnknownSync(schema)
  return (input: unknown): S["Type"] => decode(input)
}

export const now = Effect.map(Clock.currentTimeMillis, (ms) => ms)

/** A port method cannot fail with SqlError: a broken connection or query is a defect there. */
export const dieOnSql = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, Exclude<E, SqlError>, R> =>
  Effect.catchIf(self, (e): e is Extract<E, SqlError> => e instanceof SqlError, Effect.die) as Effect.Effect<
    A,
    Exclude<E, SqlError>,
    R
  >

/** SQLSTATE 23505: a concurrent writer took the same key first; re-running the transaction sees it. */
export const isUniqueViolation = (e: unknown): boolean =>
  typeof e === "object" && e !== null && "_tag" in e && e._tag === "SqlError" && "code" in e && e.code === "23505"

/** Run a transaction again when it lost a race for a unique key: the rerun sees the winner's row. */
export const retryOnUniqueViolation = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.retry(self, { while: (e: E) => isUniqueViolation(e), times: 3 })

export { sqlError }
