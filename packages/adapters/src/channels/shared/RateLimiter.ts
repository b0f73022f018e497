import { Clock, Effect } from "effect"

/**
 * A token bucket: up to `capacity` sends at once, one more token every `refillEveryMs`.
 * `{ capacity: 1, refillEveryMs: 6_000 }` is WhatsApp's "about one message per 6 s to a user";
 * `{ capacity: 1, refillEveryMs: 12.5 }` an even 80 messages a second.
 */
export interface Rate {
  readonly capacity: number
  readonly refillEveryMs: number
}

/** GCRA state: the theoretical time the next send would be due if sends came at the steady rate. */
export interface Bucket {
  readonly tat: number
}

/**
 * Takes one slot at `now` (the generic cell rate algorithm — a token bucket kept as one number).
 * A bucket may be "in debt": the caller then waits `waitMs` for its slot and the next caller queues
 * behind it, so waiters are served in order, exactly one refill apart, never all at once.
 */
export const take = (
  bucket: Bucket | undefined,
  rate: Rate,
  now: number
): { readonly bucket: Bucket; readonly waitMs: number } => {
  const tat = Math.max(bucket?.tat ?? now, now)
  const allowAt = tat - (rate.capacity - 1) * rate.refillEveryMs
  return { bucket: { tat: tat + rate.refillEveryMs }, waitMs: Math.max(0, Math.ceil(allowAt - now)) }
}

/** A bucket left alone long enough is full again: the same as no bucket at all. */
const isFull = (bucket: Bucket, now: number): boolean => bucket.tat <= now

export interface RateLimiter {
  /** Waits (on Effect's Clock) until `key` may send one more message. */
  readonly acquire: (key: string) => Effect.Effect<void>
}

/** One bucket per key (a recipient, or an account for the global limit), kept in memory. */
export const makeRateLimiter = (rate: Rate, options: { readonly maxKeys?: number } = {}): RateLimiter => {
  const buckets = new Map<string, Bucket>()
  const maxKeys = options.maxKeys ?? 10_000
  const prune = (now: number) => {
    for (const [key, bucket] of buckets) if (isFull(bucket, now)) buckets.delete(key)
  }
  return {
    acquire: (key) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        if (buckets.size >= maxKeys) prune(now)
        const { bucket, waitMs } = take(buckets.get(key), rate, now)
        buckets.set(key, bucket)
        return waitMs > 0 ? Effect.sleep(waitMs) : Effect.void
      })
  }
}

/** No limit (a platform or test that doesn't want one). */
export const unlimited: RateLimiter = { acquire: () => Effect.void }
