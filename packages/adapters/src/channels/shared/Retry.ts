/**
 * How a client retries transient failures (429, 5xx, timeouts) before handing a
 * `TransientSendError` to the outbox, which retries later on its own schedule.
 */
export interface RetryPolicy {
  /** Attempts in total, the first included. */
  readonly maxAttempts: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  /** A server asking to wait longer than this is not waited for here: the outbox reschedules. */
  readonly maxRetryAfterMs: number
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000
}

/**
 * The wait before the next attempt after failed attempt `attempt` (1-based), or undefined to give
 * up. Exponential backoff with "equal jitter" (half fixed, half random, so concurrent senders
 * spread out) and never shorter than what the server asked for (`Retry-After`, `retry_after`).
 * `random` is a number in [0, 1).
 */
export const retryDelay = (
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | undefined,
  random: number
): number | undefined => {
  if (attempt >= policy.maxAttempts) return undefined
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) return undefined
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  const jittered = exponential / 2 + (random * exponential) / 2
  return Math.max(Math.round(jittered), retryAfterMs ?? 0)
}

/**
 * `Retry-After` is either delay-seconds or an HTTP date; the date is read against `now` (ms).
 * Garbage or a date in the past give undefined / 0.
 */
export const parseRetryAfter = (header: string | null | undefined, now: number): number | undefined => {
  if (header === null || header === undefined) return undefined
  const trimmed = header.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
