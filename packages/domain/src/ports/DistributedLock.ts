import { Clock, Context, Effect, Layer, Option, Schema, type Scope } from "effect"

/** One holding of a lock. `fencingToken` grows with every acquisition of the key (see Fencing.ts). */
export interface Lease {
  readonly key: string
  /** Random per acquisition: only the holder of this token may release or renew. */
  readonly token: string
  readonly fencingToken: number
  readonly ttlMs: number
}

export interface AcquireOptions {
  /** How long to keep trying before `LockTimeout`; default: the TTL (long enough for a crashed holder's lease to lapse). */
  readonly timeoutMs?: number
  /** Pause between attempts; default a tenth of the TTL, between 5 and 100 ms. */
  readonly retryMs?: number
}

export class LockTimeout extends Schema.TaggedError<LockTimeout>()("LockTimeout", {
  key: Schema.String,
  timeoutMs: Schema.Number
}) {}

/** The lease lapsed or another holder took the key: the work done under it is no longer exclusive. */
export class LockLost extends Schema.TaggedError<LockLost>()("LockLost", {
  key: Schema.String,
  token: Schema.String
}) {}

/** What an implementation must provide; `makeDistributedLock` derives waiting, renewal and `withLock`. */
export interface LockCore {
  /** One attempt: the lease if the key was free (or its lease had lapsed). */
  readonly tryAcquire: (key: string, ttlMs: number) => Effect.Effect<Option.Option<Lease>>
  /** Compare-and-delete: true if this lease was still held and is now released; a non-holder changes nothing. */
  readonly release: (lease: Lease) => Effect.Effect<boolean>
  /** Compare-and-extend: the lease now ends `ttlMs` from now, or `LockLost` if it is no longer held. */
  readonly renew: (lease: Lease, ttlMs: number) => Effect.Effect<void, LockLost>
}

export type LockBody<A, E, R> = Effect.Effect<A, E, R> | ((lease: Lease) => Effect.Effect<A, E, R>)

/**
 * Mutual exclusion across processes (SPEC §2: in-process in embedded mode, Redis in production).
 * Leases expire after their TTL so a crashed holder cannot block the key forever; that is also
 * why writes made under a lock must carry the lease's fencing token (`FencedStore`).
 */
export class DistributedLock extends Context.Service<
  DistributedLock,
  LockCore & {
    /** Wait (polling) until the key is free, up to `timeoutMs`. */
    readonly acquire: (key: string, ttlMs: number, options?: AcquireOptions) => Effect.Effect<Lease, LockTimeout>
    /** Like `acquire`, released when the scope closes. */
    readonly acquireScoped: (
      key: string,
      ttlMs: number,
      options?: AcquireOptions
    ) => Effect.Effect<Lease, LockTimeout, Scope.Scope>
    /**
     * Run `body` while holding the key, renewing the lease every third of the TTL. If a renewal
     * fails the body is interrupted and the result is `LockLost`. The lease is released afterwards.
     */
    readonly withLock: <A, E, R>(
      key: string,
      ttlMs: number,
      body: LockBody<A, E, R>,
      options?: AcquireOptions
    ) => Effect.Effect<A, E | LockTimeout | LockLost, R>
  }
>()("@chatshop/domain/ports/DistributedLock") {
  /** In-process locks; TTLs follow Effect's Clock, so `TestClock` can expire leases. */
  static readonly layerMemory = Layer.effect(DistributedLock, Effect.sync(makeMemoryLock))
}

const checkTtl = (ttlMs: number) =>
  Number.isInteger(ttlMs) && ttlMs > 0
    ? Effect.void
    : Effect.die(new RangeError(`lock TTL must be a positive integer of milliseconds, got ${ttlMs}`))

/** The renewal period for a TTL: a third, so two renewals can be late before the lease lapses. */
export const renewEvery = (ttlMs: number): number => Math.max(1, Math.floor(ttlMs / 3))

export const defaultRetryMs = (ttlMs: number): number => Math.min(100, Math.max(5, Math.floor(ttlMs / 10)))

/** Build the full port from an implementation's three primitives. */
export const makeDistributedLock = (core: LockCore): DistributedLock["Service"] => {
  const tryAcquire = (key: string, ttlMs: number) => Effect.andThen(checkTtl(ttlMs), core.tryAcquire(key, ttlMs))
  const renew = (lease: Lease, ttlMs: number) => Effect.andThen(checkTtl(ttlMs), core.renew(lease, ttlMs))
  // A release that fails (e.g. Redis unreachable) leaves the lease to lapse on its own.
  const releaseQuietly = (lease: Lease) => Effect.asVoid(core.release(lease)).pipe(Effect.catchCause(() => Effect.void))

  const poll = <R>(
    key: string,
    ttlMs: number,
    options: AcquireOptions,
    attempt: Effect.Effect<Option.Option<Lease>, never, R>
  ) =>
    Effect.gen(function* () {
      const timeoutMs = options.timeoutMs ?? ttlMs
      const retryMs = options.retryMs ?? defaultRetryMs(ttlMs)
      const start = yield* Clock.currentTimeMillis
      while (true) {
        const lease = yield* attempt
        if (Option.isSome(lease)) return lease.value
        const waited = (yield* Clock.currentTimeMillis) - start
        if (waited >= timeoutMs) return yield* new LockTimeout({ key, timeoutMs })
        yield* Effect.sleep(Math.min(retryMs, timeoutMs - waited))
      }
    })

  const acquireScoped = (key: string, ttlMs: number, options: AcquireOptions = {}) =>
    // Each attempt registers its own release, so an interruption right after acquiring leaks nothing.
    poll(
      key,
      ttlMs,
      options,
      Effect.acquireRelease(tryAcquire(key, ttlMs), (o) => (Option.isSome(o) ? releaseQuietly(o.value) : Effect.void))
    )

  const keepRenewed = (lease: Lease): Effect.Effect<never, LockLost> =>
    Effect.forever(Effect.andThen(Effect.sleep(renewEvery(lease.ttlMs)), renew(lease, lease.ttlMs)))

  return DistributedLock.of({
    tryAcquire,
    release: core.release,
    renew,
    acquireScoped,
    acquire: (key, ttlMs, options = {}) => poll(key, ttlMs, options, tryAcquire(key, ttlMs)),
    withLock: <A, E, R>(key: string, ttlMs: number, body: LockBody<A, E, R>, options?: AcquireOptions) =>
      Effect.scoped(
        Effect.gen(function* () {
          const lease = yield* acquireScoped(key, ttlMs, options)
          const work = Effect.isEffect(body) ? body : body(lease)
          return yield* Effect.raceFirst(work, keepRenewed(lease))
        })
      )
  })
}

/** In-process locks: leases in a Map, expiry read from Effect's Clock on every call. */
function makeMemoryLock(): DistributedLock["Service"] {
  const leases = new Map<string, { readonly token: string; expiresAt: number }>()
  const fences = new Map<string, number>()
  let issued = 0
  const now = Clock.currentTimeMillis
  // A lease is valid for exactly ttlMs: held while now < acquiredAt + ttlMs.
  const heldBy = (key: string, at: number, token?: string) => {
    const entry = leases.get(key)
    if (entry === undefined || at >= entry.expiresAt) return undefined
    return token === undefined || entry.token === token ? entry : undefined
  }

  return makeDistributedLock({
    tryAcquire: (key, ttlMs) =>
      Effect.map(now, (at) => {
        if (heldBy(key, at) !== undefined) return Option.none()
        issued += 1
        const token = `lease-${issued}`
        const fencingToken = (fences.get(key) ?? 0) + 1
        fences.set(key, fencingToken)
        leases.set(key, { token, expiresAt: at + ttlMs })
        return Option.some({ key, token, fencingToken, ttlMs })
      }),
    release: (lease) =>
      Effect.map(now, (at) => {
        if (heldBy(lease.key, at, lease.token) === undefined) return false
        leases.delete(lease.key)
        return true
      }),
    renew: (lease, ttlMs) =>
      Effect.flatMap(now, (at) => {
        const entry = heldBy(lease.key, at, lease.token)
        if (entry === undefined) return Effect.fail(new LockLost({ key: lease.key, token: lease.token }))
        entry.expiresAt = at + ttlMs
        return Effect.void
      })
  })
}
