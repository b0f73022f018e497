import type { Context, MiddlewareHandler } from "hono"
import { failWith } from "../http.ts"

/**
 * Admin API rate limits: a token bucket per API key, and one per client address for failed
 * authentications (so keys and ADMIN_TOKEN cannot be guessed quickly). State lives in this process:
 * each server limits on its own, so behind N servers a key's effective limit is N× the setting.
 */

/** Requests per minute and the most admitted back to back after an idle spell. */
export interface BucketPolicy {
  readonly perMinute: number
  readonly burst: number
}

/**
 * `credit` is in 1/60 000 of a request, so refilling `perMinute` units per millisecond keeps the
 * arithmetic in integers for integer clocks: no rounding can admit an extra request.
 */
export interface Bucket {
  readonly credit: number
  readonly at: number
}

const UNIT = 60_000

export type Decision =
  | { readonly admitted: true; readonly bucket: Bucket }
  | { readonly admitted: false; readonly bucket: Bucket; readonly retryAfterMs: number }

/** `burst` defaults to a minute's worth. */
export const policy = (perMinute: number, burst: number = perMinute): BucketPolicy => ({ perMinute, burst })

/** The bucket as of `now`; no bucket is a full one, and a clock that moves back refills nothing. */
export const refill = (p: BucketPolicy, bucket: Bucket | undefined, now: number): Bucket => {
  if (bucket === undefined) return { credit: p.burst * UNIT, at: now }
  if (now <= bucket.at) return bucket
  return { credit: Math.min(p.burst * UNIT, bucket.credit + (now - bucket.at) * p.perMinute), at: now }
}

/** Admits when a whole request's credit is there (without spending it); else says how long to wait. */
export const check = (p: BucketPolicy, bucket: Bucket | undefined, now: number): Decision => {
  const current = refill(p, bucket, now)
  return current.credit >= UNIT
    ? { admitted: true, bucket: current }
    : { admitted: false, bucket: current, retryAfterMs: Math.ceil((UNIT - current.credit) / p.perMinute) }
}

/** `check`, spending one request's credit when admitted. */
export const take = (p: BucketPolicy, bucket: Bucket | undefined, now: number): Decision => {
  const decision = check(p, bucket, now)
  return decision.admitted
    ? { admitted: true, bucket: { credit: decision.bucket.credit - UNIT, at: decision.bucket.at } }
    : decision
}

/** A full bucket behaves exactly like a missing one, so it can be dropped. */
export const isFull = (p: BucketPolicy, bucket: Bucket, now: number): boolean =>
  refill(p, bucket, now).credit >= p.burst * UNIT

/** Buckets by key, in this process. */
export interface Limiter {
  readonly check: (key: string, now: number) => Decision
  readonly take: (key: string, now: number) => Decision
  readonly size: () => number
}

/**
 * Memory stays bounded: full buckets are dropped on a sweep at most every `sweepEveryMs`, and past
 * `maxEntries` the least recently used bucket goes (forgiving it) before a new one is kept.
 */
export const makeLimiter = (
  p: BucketPolicy,
  options: { readonly maxEntries?: number; readonly sweepEveryMs?: number } = {}
): Limiter => {
  const maxEntries = options.maxEntries ?? 10_000
  const sweepEveryMs = options.sweepEveryMs ?? 60_000
  const buckets = new Map<string, Bucket>()
  let lastSweep = Number.NEGATIVE_INFINITY
  const keep = (key: string, bucket: Bucket, now: number) => {
    if (now - lastSweep >= sweepEveryMs) {
      lastSweep = now
      for (const [k, b] of buckets) if (isFull(p, b, now)) buckets.delete(k)
    }
    buckets.delete(key) // re-inserted last: the Map's order is least recently used first
    if (isFull(p, bucket, now)) return
    for (const oldest of buckets.keys()) {
      if (buckets.size < maxEntries) break
      buckets.delete(oldest)
    }
    buckets.set(key, bucket)
  }
  return {
    check: (key, now) => check(p, buckets.get(key), now),
    take: (key, now) => {
      const decision = take(p, buckets.get(key), now)
      keep(key, decision.bucket, now)
      return decision
    },
    size: () => buckets.size
  }
}

export interface RateLimitOptions {
  /** Requests per minute per API key, burst the same; 0 turns it off. */
  readonly perMinute: number
  /** Failed authentications per minute per client address before 429; 0 turns it off. */
  readonly failedAuthPerMinute: number
  readonly now: () => number
}

/** What the middleware hands to `apiKeyAuth` through the request's context. */
export interface ApiRateLimit {
  readonly perMinute: number
  readonly keys: Limiter | undefined
  readonly now: () => number
}

export interface RateLimitEnv {
  Variables: { apiRateLimit?: ApiRateLimit }
}

export const DEFAULT_PER_MINUTE = 600
export const DEFAULT_FAILED_AUTH_PER_MINUTE = 60

const tooMany = (c: Context, retryAfterMs: number, message: string) => {
  c.header("Retry-After", String(Math.max(1, Math.ceil(retryAfterMs / 1000))))
  return failWith(c, 429, "rate_limited", message)
}

// @hono/node-server puts the Node request in `c.env.incoming`; other runtimes have no address here.
const clientAddress = (env: unknown): string | undefined => {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: unknown } } } | undefined)?.incoming
  const address = incoming?.socket?.remoteAddress
  return typeof address === "string" && address !== "" ? address : undefined
}

/**
 * For `/api/v1/*`: hands the per-key limiter to `apiKeyAuth`, and answers 429 to an address whose
 * recent credentials were rejected too often (a 401 to a request that carried an Authorization header).
 * While blocked, that address's valid keys wait too: otherwise a guess's answer would still leak.
 */
export const apiRateLimit = (options: RateLimitOptions): MiddlewareHandler<RateLimitEnv> => {
  const limit: ApiRateLimit = {
    perMinute: options.perMinute,
    keys: options.perMinute > 0 ? makeLimiter(policy(options.perMinute)) : undefined,
    now: options.now
  }
  const failures = options.failedAuthPerMinute > 0 ? makeLimiter(policy(options.failedAuthPerMinute)) : undefined
  return async (c, next) => {
    c.set("apiRateLimit", limit)
    const address =
      failures === undefined || c.req.header("authorization") === undefined ? undefined : clientAddress(c.env)
    if (failures === undefined || address === undefined) return next()
    const blocked = failures.check(address, options.now())
    if (!blocked.admitted) {
      return tooMany(c, blocked.retryAfterMs, "too many rejected credentials from this address")
    }
    await next()
    if (c.res.status === 401) failures.take(address, options.now())
  }
}

/** Spends one request of the key's budget (`keyHash`: its sha256); a 429 response when it is spent. */
export const limitKey = (c: Context, limit: ApiRateLimit | undefined, keyHash: string): Response | undefined => {
  if (limit?.keys === undefined) return undefined
  const decision = limit.keys.take(keyHash, limit.now())
  return decision.admitted
    ? undefined
    : tooMany(c, decision.retryAfterMs, `this API key is over its limit of ${limit.perMinute} requests per minute`)
}
