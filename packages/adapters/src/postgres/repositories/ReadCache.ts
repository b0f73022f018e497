import { Clock, Effect } from "effect"
import type { Kysely } from "kysely"
import type { Database } from "../Database.ts"
import { currentTransaction } from "../Db.ts"

/**
 * A short-lived per-process cache for rows every turn reads again (a shop's settings, a channel
 * account with its decrypted secrets). Staleness bound: a value is served at most `ttlMs` after it
 * was read, so any change shows within `ttlMs` of its commit; one made through this process's
 * repository outside a transaction shows at once (it invalidates the key). Only reads outside a transaction use it: inside one
 * (a unit of work) reads go to the database and see the transaction's own writes, and nothing
 * they read is kept (it may yet roll back). Failures (NotFound) are never kept.
 */
export interface ReadCacheOptions {
  /** How long a value is served (default 3 s). */
  readonly ttlMs?: number
  /** Most values kept; the oldest goes first (default 1,000). */
  readonly capacity?: number
}

export interface ReadCache<A> {
  /** The kept value of `key` if fresh, else `load`'s (kept when nothing invalidated it meanwhile). */
  readonly through: <E>(key: string, load: Effect.Effect<A, E>) => Effect.Effect<A, E>
  readonly invalidate: (key: string) => Effect.Effect<void>
}

export const makeReadCache = <A>(kysely: Kysely<Database>, options: ReadCacheOptions = {}): ReadCache<A> => {
  const ttlMs = options.ttlMs ?? 3_000
  const capacity = options.capacity ?? 1_000
  const entries = new Map<string, { readonly value: A; readonly until: number }>()
  // Bumped by every invalidation: a load that began before one must not keep what it read.
  let generation = 0

  const through = <E>(key: string, load: Effect.Effect<A, E>): Effect.Effect<A, E> =>
    Effect.gen(function* () {
      if ((yield* currentTransaction(kysely)) !== undefined) return yield* load
      const now = yield* Clock.currentTimeMillis
      const kept = entries.get(key)
      if (kept !== undefined && kept.until > now) return kept.value
      const began = generation
      const value = yield* load
      if (generation === began) {
        entries.delete(key)
        if (entries.size >= capacity) entries.delete(entries.keys().next().value!)
        entries.set(key, { value, until: now + ttlMs })
      }
      return value
    })

  const invalidate = (key: string) =>
    Effect.sync(() => {
      generation += 1
      entries.delete(key)
    })

  return { through, invalidate }
}
