import { Context, Effect, Layer, Option, Schema } from "effect"

/**
 * A lock alone cannot protect storage: a holder paused past its TTL (GC, network) wakes up still
 * believing it holds the lock. Every lease carries a fencing token that grows per key; storage
 * remembers the highest token it has seen for the key and refuses writes with a lower one.
 */
export class StaleFencingToken extends Schema.TaggedError<StaleFencingToken>()("StaleFencingToken", {
  key: Schema.String,
  token: Schema.Number,
  highest: Schema.Number
}) {}

/** Pure storage-side rule: a write is accepted when its token is at least the highest seen for the key. */
export const fencingCheck = (highestSeen: number | undefined, token: number): boolean =>
  highestSeen === undefined || token >= highestSeen

export interface FencedValue {
  readonly fencingToken: number
  readonly value: unknown
}

/**
 * A key/value store guarded by fencing tokens: the reference for how adapters guard writes made
 * under a `DistributedLock` (SQL: `UPDATE … SET fence = $t … WHERE fence <= $t`).
 */
export class FencedStore extends Context.Service<
  FencedStore,
  {
    /** Write `value` under `key` unless a newer holder (higher token) already wrote there. */
    readonly write: (key: string, fencingToken: number, value: unknown) => Effect.Effect<void, StaleFencingToken>
    readonly read: (key: string) => Effect.Effect<Option.Option<FencedValue>>
  }
>()("@chatshop/domain/ports/FencedStore") {
  static readonly layerMemory = Layer.effect(FencedStore, Effect.sync(makeFencedStoreMemory))
}

/** A fresh in-memory fenced store (also handy outside a Layer, e.g. inside a contract suite). */
export function makeFencedStoreMemory(): FencedStore["Service"] {
  const cells = new Map<string, FencedValue>()
  return FencedStore.of({
    write: (key, fencingToken, value) =>
      Effect.suspend(() => {
        const highest = cells.get(key)?.fencingToken
        if (!fencingCheck(highest, fencingToken)) {
          return Effect.fail(new StaleFencingToken({ key, token: fencingToken, highest: highest ?? 0 }))
        }
        cells.set(key, { fencingToken, value })
        return Effect.void
      }),
    read: (key) => Effect.sync(() => Option.fromUndefinedOr(cells.get(key)))
  })
}
