import { crossTenantUnit } from "@chatshop/domain"
import { Effect, Exit } from "effect"
import { type Kysely, sql } from "kysely"
import type { Pool } from "pg"
import type { Database } from "./Database.ts"
import { literal, prefixedKysely } from "./OneTrip.ts"
import { currentTransaction, rerunOnConflict, run, type SqlError, sqlError, transaction, within } from "./Db.ts"

/** The role tenant-scoped work runs as; row-level security confines it to `chatshop.tenant_id`. */
export const appRole = "chatshop_app"

/**
 * Make the rest of this transaction one tenant's (the second wall behind every query's own
 * `tenant_id` filter): switch to the RLS-bound role and name the tenant, both transaction-local
 * (`set_config(…, true)` = `SET LOCAL`), so nothing outlives the transaction — pgbouncer-safe.
 */
export const asTenant = (trx: Kysely<Database>, tenantId: string): Effect.Effect<void, SqlError> =>
  Effect.asVoid(
    run(() =>
      sql`select set_config('role', ${appRole}, true), set_config('chatshop.tenant_id', ${tenantId}, true)`.execute(trx)
    )
  )

/**
 * kysely instances over a pg pool: their tenant transactions begin in one round trip (see `beginAs`),
 * and a tenant's single statement outside any transaction takes one round trip (see `tenantRun`).
 */
const pools = new WeakMap<Kysely<Database>, Pool | undefined>()
export const markPool = (kysely: Kysely<Database>, pool?: Pool): void => {
  pools.set(kysely, pool)
}

/** The tenant setting as a statement of its own (transaction-local, like `asTenant`). */
const setTenant = (tenantId: string) =>
  `select set_config('role', '${appRole}', true), set_config('chatshop.tenant_id', ${literal(tenantId)}, true)`

/**
 * `begin` and the tenant setting as ONE parameterless query, which pg sends over the simple
 * protocol (several statements, one round trip): a tenant transaction costs one round trip less.
 */
const beginAs = (tenantId: string) => sql.raw(`begin; ${setTenant(tenantId)}`)

interface Held {
  readonly db: Kysely<Database>
  readonly release: () => Promise<void>
}

/** One pool connection, held until `release` (kysely only lends connections to a callback). */
const hold = (kysely: Kysely<Database>): Effect.Effect<Held, SqlError> =>
  Effect.callback<Held, SqlError>((resume) => {
    let release = () => {}
    const released = new Promise<void>((r) => {
      release = r
    })
    const finished: Promise<void> = kysely
      .connection()
      .execute(async (db) => {
        const done = () => {
          release()
          return finished
        }
        resume(Effect.succeed({ db, release: done }))
        await released
      })
      .catch((e) => resume(Effect.fail(sqlError(e))))
    // Interrupted while waiting for a connection: hand it back as soon as it arrives.
    return Effect.sync(() => release())
  })

const pgTenantTransaction = <A, E, R>(
  kysely: Kysely<Database>,
  tenantId: string,
  body: (trx: Kysely<Database>) => Effect.Effect<A, E, R>
): Effect.Effect<A, E | SqlError, R> =>
  Effect.acquireUseRelease(
    hold(kysely),
    ({ db }) =>
      Effect.acquireUseRelease(
        // A failed begin may leave an aborted transaction on the connection: roll it back before returning it.
        run(() => beginAs(tenantId).execute(db)).pipe(
          Effect.tapError(() => Effect.ignore(run(() => sql`rollback`.execute(db))))
        ),
        () => within(kysely, db, tenantId, body(db)),
        (_, exit) =>
          Exit.isSuccess(exit)
            ? Effect.asVoid(run(() => sql`commit`.execute(db)))
            : Effect.ignore(run(() => sql`rollback`.execute(db)))
      ),
    ({ release }) => Effect.promise(release)
  )

/**
 * `transaction` as one tenant: row-level security hides and protects every other tenant's rows.
 * Same guarantees as `transaction` (commit on success, rollback otherwise, reruns on deadlock).
 * Inside a transaction on the same database it joins: the tenant is set once per transaction (on
 * joining one that has none yet, for the rest of it), and a second tenant is a defect.
 */
export const tenantTransaction = <A, E, R>(
  kysely: Kysely<Database>,
  tenantId: string,
  body: (trx: Kysely<Database>) => Effect.Effect<A, E, R>
): Effect.Effect<A, E | SqlError, R> =>
  Effect.flatMap(currentTransaction(kysely), (joined): Effect.Effect<A, E | SqlError, R> => {
    if (joined === undefined) {
      return pools.has(kysely)
        ? rerunOnConflict(pgTenantTransaction(kysely, tenantId, body))
        : transaction(kysely, () => tenantTransaction(kysely, tenantId, body))
    }
    if (joined.tenantId === tenantId) return body(joined.trx)
    if (joined.tenantId !== undefined) return Effect.die(crossTenantUnit(joined.tenantId, tenantId))
    joined.tenantId = tenantId
    return Effect.andThen(asTenant(joined.trx, tenantId), body(joined.trx))
  })

/**
 * One statement as one tenant. `f` must run exactly one statement: outside a transaction on a pg
 * pool it runs with the tenant setting in one round trip and one implicit transaction (OneTrip.ts);
 * inside one it joins it; elsewhere (PGlite) it is a short tenant transaction.
 */
export const tenantRun = <A>(
  kysely: Kysely<Database>,
  tenantId: string,
  f: (db: Kysely<Database>) => Promise<A>
): Effect.Effect<A, SqlError> =>
  Effect.flatMap(currentTransaction(kysely), (joined) => {
    const pool = pools.get(kysely)
    return joined === undefined && pool !== undefined
      ? rerunOnConflict(run(() => f(prefixedKysely(pool, setTenant(tenantId)))))
      : tenantTransaction(kysely, tenantId, (trx) => run(() => f(trx)))
  })
