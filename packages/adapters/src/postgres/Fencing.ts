import { FencedStore, StaleFencingToken } from "@chatshop/domain"
import { Effect, Layer, Option } from "effect"
import type { Kysely } from "kysely"
import type { Database } from "./Database.ts"
import { Db, run, type SqlError, transaction } from "./Db.ts"
import { dieOnSql, json, now } from "./repositories/Rows.ts"

/** Where a fence lives: a lock key, per tenant ('' = a platform-wide key). */
export interface FenceKey {
  readonly tenantId?: string
  readonly key: string
}

const checkToken = (token: number) =>
  Number.isSafeInteger(token) && token > 0
    ? Effect.void
    : Effect.die(new RangeError(`a fencing token is a positive integer, got ${token}`))

/**
 * The storage-side fencing check (SPEC §2, domain `fencingCheck`): raise the key's fence to `token`
 * unless a higher token was already seen, in one conditional UPSERT. Rejected → nothing returned.
 * The updated fence row stays locked until the transaction ends, so guarded writes on one key
 * commit one at a time, in token order.
 */
const raise = (trx: Kysely<Database>, fence: FenceKey, token: number, value: string | undefined) =>
  Effect.gen(function* () {
    yield* checkToken(token)
    const at = yield* now
    const tenant = fence.tenantId ?? ""
    const accepted = yield* run(() =>
      trx
        .insertInto("lock_fences")
        .values({ tenant_id: tenant, key: fence.key, token, value: value ?? null, updated_at: at })
        .onConflict((oc) =>
          oc
            .columns(["tenant_id", "key"])
            .doUpdateSet((eb) => ({
              token: eb.ref("excluded.token"),
              updated_at: eb.ref("excluded.updated_at"),
              ...(value === undefined ? {} : { value: eb.ref("excluded.value") })
            }))
            .where("lock_fences.token", "<=", (eb) => eb.ref("excluded.token"))
        )
        .returning("token")
        .executeTakeFirst()
    )
    if (accepted !== undefined) return
    // Refused: a newer holder's token is stored (and committed, or we would still be waiting on its row lock).
    const highest = yield* run(() =>
      trx
        .selectFrom("lock_fences")
        .select("token")
        .where("tenant_id", "=", tenant)
        .where("key", "=", fence.key)
        .executeTakeFirst()
    )
    return yield* new StaleFencingToken({ key: fence.key, token, highest: highest?.token ?? token })
  })

/**
 * Call first inside the transaction of any write made under a `DistributedLock` lease, with the
 * lease's `fencingToken`: fails with `StaleFencingToken` (and the transaction rolls back) when a
 * later holder of the lock already wrote; otherwise records the token with the guarded write.
 *
 *     transaction(kysely, (trx) => fencedWrite(trx, lease.key, lease.fencingToken).pipe(Effect.andThen(write(trx))))
 */
export const fencedWrite = (
  trx: Kysely<Database>,
  key: string | FenceKey,
  token: number
): Effect.Effect<void, StaleFencingToken | SqlError> =>
  raise(trx, typeof key === "string" ? { key } : key, token, undefined)

/** The highest token seen for a key (none before the first fenced write). */
export const highestToken = (
  db: Kysely<Database>,
  key: string | FenceKey
): Effect.Effect<Option.Option<number>, SqlError> => {
  const fence = typeof key === "string" ? { key } : key
  return run(() =>
    db
      .selectFrom("lock_fences")
      .select("token")
      .where("tenant_id", "=", fence.tenantId ?? "")
      .where("key", "=", fence.key)
      .executeTakeFirst()
  ).pipe(Effect.map((row) => Option.fromUndefinedOr(row?.token)))
}

/**
 * The domain's `FencedStore` on SQL: the fence row carries the value, so a write is one
 * statement. Values are stored as JSON (`undefined` reads back as `null`).
 */
export const makeFencedStore = (kysely: Kysely<Database>): FencedStore["Service"] =>
  FencedStore.of({
    write: (key, fencingToken, value) =>
      transaction(kysely, (trx) => raise(trx, { key }, fencingToken, json(value ?? null))).pipe(dieOnSql),
    read: (key) =>
      run(() =>
        kysely
          .selectFrom("lock_fences")
          .select(["token", "value"])
          .where("tenant_id", "=", "")
          .where("key", "=", key)
          .executeTakeFirst()
      ).pipe(
        Effect.orDie,
        Effect.map((row) => Option.map(Option.fromUndefinedOr(row), (r) => ({ fencingToken: r.token, value: r.value })))
      )
  })

/** `FencedStore` over the `Db` in context. */
export const layerFencedStore: Layer.Layer<FencedStore, never, Db> = Layer.effect(
  FencedStore,
  Effect.map(Db, (db) => makeFencedStore(db.kysely))
)
