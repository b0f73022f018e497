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

/**
 * The sliding window a rate implies: at most `limit` sends in any `windowMs` (one second, or one
 * refill when that is longer). It is exactly what the bucket allows over that window, so it never
 * slows a send the bucket granted on time.
 */
export interface Window {
  readonly limit: number
  readonly windowMs: number
}

export const windowOf = (rate: Rate): Window => {
  const windowMs = Math.max(1_000, rate.refillEveryMs)
  // 1000 / (1000 / 78) is 77.999…: round before flooring.
  return { windowMs, limit: rate.capacity - 1 + Math.floor(Math.round((windowMs / rate.refillEveryMs) * 1e6) / 1e6) }
}

/**
 * The check made at the moment of sending, against the times sends really went out (oldest first,
 * at most `window.limit` of them): how long to wait so that this send keeps every window within
 * its limit; 0 = send now. The bucket spaces sends on paper; when the process stalls, waiters
 * wake late and together, and this check is what stops them going out in one burst.
 */
export const admitWaitMs = (sent: ReadonlyArray<number>, window: Window, now: number): number => {
  if (sent.length < window.limit) return 0
  const oldest = sent[sent.length - window.limit] as number
  return Math.max(0, Math.ceil(oldest + window.windowMs - now))
}

interface KeyState {
  tat: number
  /** When sends really went out, oldest first; only the last `window.limit` are kept. */
  readonly sent: Array<number>
}

/** A key whose bucket is full again and whose window is empty is the same as no key at all. */
const isIdle = (state: KeyState, window: Window, now: number): boolean =>
  state.tat <= now && (state.sent.length === 0 || (state.sent.at(-1) as number) + window.windowMs <= now)

export interface RateLimiter {
  /** Waits (on Effect's Clock) until `key` may send one more message. */
  readonly acquire: (key: string) => Effect.Effect<void>
}

/**
 * One bucket per key (a recipient, or an account for the global limit), kept in memory. A caller
 * first waits for its slot in the bucket, then, at the moment it would send, checks the window of
 * sends that really went out (`admitWaitMs`) and waits again if a stall bunched it with others.
 */
export const makeRateLimiter = (rate: Rate, options: { readonly maxKeys?: number } = {}): RateLimiter => {
  const states = new Map<string, KeyState>()
  const window = windowOf(rate)
  const maxKeys = options.maxKeys ?? 10_000
  const prune = (now: number) => {
    for (const [key, state] of states) if (isIdle(state, window, now)) states.delete(key)
  }
  const admitted = (state: KeyState): Effect.Effect<void> =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const waitMs = admitWaitMs(state.sent, window, now)
      if (waitMs > 0) return Effect.flatMap(Effect.sleep(waitMs), () => admitted(state))
      state.sent.push(now)
      if (state.sent.length > window.limit) state.sent.shift()
      return Effect.void
    })
  return {
    acquire: (key) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        if (states.size >= maxKeys) prune(now)
        let state = states.get(key)
        if (state === undefined) {
          state = { tat: now, sent: [] }
          states.set(key, state)
        }
        const { bucket, waitMs } = take(state, rate, now)
        state.tat = bucket.tat
        const ready = state
        return waitMs > 0 ? Effect.flatMap(Effect.sleep(waitMs), () => admitted(ready)) : admitted(ready)
      })
  }
}

/** No limit (a platform or test that doesn't want one). */
export const unlimited: RateLimiter = { acquire: () => Effect.void }
