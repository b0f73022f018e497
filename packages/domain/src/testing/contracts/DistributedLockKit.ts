import { Effect, type Layer, Option } from "effect"
import type { DistributedLock, Lease } from "../../ports/DistributedLock.ts"
import { freshId } from "../Fresh.ts"
import { type ClockMode, effectTest, eventually } from "./Timing.ts"

// Long enough that no lease lapses within a test, so exclusion is checked without timing noise.
export const LONG_TTL = 10_000

/** What the DistributedLock contract's tests share: the clock mode, the short TTL and small helpers. */
export const makeLockKit = (mode: ClockMode, ttl: number, layer: Layer.Layer<DistributedLock, unknown>) => {
  const test = (title: string, body: () => Effect.Effect<void, unknown, DistributedLock>) =>
    effectTest(mode)(title, () => body().pipe(Effect.provide(layer)))
  const key = () => freshId("lock")
  const isFree = (lock: DistributedLock["Service"], k: string) =>
    Effect.flatMap(lock.tryAcquire(k, LONG_TTL), (o) =>
      Option.isSome(o) ? Effect.as(lock.release(o.value), true) : Effect.succeed(false)
    )
  const mustAcquire = (lock: DistributedLock["Service"], k: string, ttlMs: number) =>
    Effect.flatMap(lock.tryAcquire(k, ttlMs), (o) =>
      Option.isSome(o) ? Effect.succeed(o.value) : Effect.die(new Error(`expected to acquire ${k}`))
    )
  /** Poll `tryAcquire` until the key is free again (the holder's lease lapsed); the new lease. */
  const acquireOnceLapsed = (lock: DistributedLock["Service"], k: string, label: string) =>
    Effect.gen(function* () {
      let next: Lease | undefined
      yield* eventually(
        mode,
        label,
        Effect.map(lock.tryAcquire(k, LONG_TTL), (o) => {
          if (Option.isSome(o)) next = o.value
          return Option.isSome(o)
        })
      )
      return next!
    })
  return { mode, ttl, test, key, isFree, mustAcquire, acquireOnceLapsed }
}

export type LockKit = ReturnType<typeof makeLockKit>
