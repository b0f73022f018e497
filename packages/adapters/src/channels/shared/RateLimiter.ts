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
  // Fractional refills (1000 / 76 ms) added up on epoch-ms times (~1.8e12, where a double's step is
  // ~2e-4 ms) leave float noise: compare at 10 µs resolution, so a slot a rounding error away is due
  // now, not in 1 ms.
  return {
    bucket: { tat: tat + rate.refillEveryMs },
    waitMs: Math.max(0, Math.ceil(Math.round((allowAt - now) * 100) / 100))
  }
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

/**
 * The pace checked at the moment of sending: the same rate with one more token. Its bucket runs on
 * the times sends really went out, so waiters a stall woke together leave one refill apart (with at
 * most one extra, which absorbs timers firing a little late) instead of in one burst. Without it a
 * stall's burst fits the window, leaves the window together a second later and lets the next burst
 * out: the stall repeats every second, and a platform counting arrivals with the network's jitter
 * sees those bursts land in one window (SPEC §8 B6). It never holds back a send more than the
 * window does over time: it only spaces them.
 */
export const sendPace = (rate: Rate): Rate => ({ capacity: rate.capacity + 1, refillEveryMs: rate.refillEveryMs })

/** What is known at the moment of sending: the `sendPace` bucket and the recent sends, oldest first. */
export interface SendLog {
  /** The `sendPace` bucket, over the times sends really went out. */
  sendTat: number
  /** When sends really went out, oldest first; only the last `window.limit` are kept. */
  readonly sent: Array<number>
}

/**
 * The check made at the moment of sending: 0 = send now (recorded in `log`), else how long to wait
 * before checking again — for the window (`admitWaitMs`) and for the pace (`sendPace`).
 */
export const admit = (log: SendLog, window: Window, pace: Rate, now: number): number => {
  const paced = take({ tat: log.sendTat }, pace, now)
  const waitMs = Math.max(admitWaitMs(log.sent, window, now), paced.waitMs)
  if (waitMs > 0) return waitMs
  log.sendTat = paced.bucket.tat
  log.sent.push(now)
  if (log.sent.length > window.limit) log.sent.shift()
  return 0
}

interface KeyState extends SendLog {
  tat: number
}

/** A key whose buckets are full again and whose window is empty is the same as no key at all. */
const isIdle = (state: KeyState, window: Window, now: number): boolean =>
  state.tat <= now &&
  state.sendTat <= now &&
  (state.sent.length === 0 || (state.sent.at(-1) as number) + window.windowMs <= now)

export interface RateLimiter {
  /** Waits (on Effect's Clock) until `key` may send one more message. */
  readonly acquire: (key: string) => Effect.Effect<void>
}

/**
 * One bucket per key (a recipient, or an account for the global limit), kept in memory. A caller
 * first waits for its slot in the bucket, then, at the moment it would send, checks the window of
 * sends that really went out (`admitWaitMs`) and their pace (`sendPace`), and waits again if a
 * stall bunched it with others.
 */
export const makeRateLimiter = (rate: Rate, options: { readonly maxKeys?: number } = {}): RateLimiter => {
  const states = new Map<string, KeyState>()
  const window = windowOf(rate)
  const pace = sendPace(rate)
  const maxKeys = options.maxKeys ?? 10_000
  const prune = (now: number) => {
    for (const [key, state] of states) if (isIdle(state, window, now)) states.delete(key)
  }
  const admitted = (state: KeyState): Effect.Effect<void> =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const waitMs = admit(state, window, pace, now)
      return waitMs > 0 ? Effect.flatMap(Effect.sleep(waitMs), () => admitted(state)) : Effect.void
    })
  return {
    acquire: (key) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        if (states.size >= maxKeys) prune(now)
        let state = states.get(key)
        if (state === undefined) {
          state = { tat: now, sendTat: now, sent: [] }
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
