import { Clock, Context, Effect, Layer, Schema } from "effect"
import { DAY } from "../shared/Ids.ts"

/** SPEC §9.2: a dedupe record lives at least this long, whatever the queue retains. */
export const minimumDedupeTtlMs = 7 * DAY

/** The ttl actually used: never under seven days. */
export const dedupeTtl = (ttlMs: number): number => Math.max(ttlMs, minimumDedupeTtlMs)

/** "new": this call recorded the key; "seen": a record already existed. */
export type DedupeClaim = "new" | "seen"

/** The dedupe store did not answer: the webhook must answer 5xx so the platform retries. */
export class DedupeUnavailable extends Schema.TaggedError<DedupeUnavailable>()("DedupeUnavailable", {
  message: Schema.String
}) {}

/**
 * Durable record of inbound events already accepted (SPEC §9.2), keyed by `Inbound.dedupeKey`.
 * Independent of queue job retention. Concurrent claims of one key: exactly one gets "new".
 */
export class InboundDedupe extends Context.Service<
  InboundDedupe,
  {
    /** Record `key` for `ttlMs` (at least 7 days) unless already recorded. */
    readonly claim: (key: string, ttlMs: number) => Effect.Effect<DedupeClaim, DedupeUnavailable>
    /** Is `key` recorded (and not yet expired)? Writes nothing. */
    readonly seen: (key: string) => Effect.Effect<boolean, DedupeUnavailable>
  }
>()("@chatshop/domain/inbound/InboundDedupe") {
  /** In-process records that expire by Effect's Clock (embedded mode, tests). */
  static readonly layerMemory = Layer.effect(InboundDedupe, Effect.sync(makeMemory))
}

function makeMemory(): InboundDedupe["Service"] {
  const expiresAt = new Map<string, number>()
  const live = (key: string, now: number) => {
    const until = expiresAt.get(key)
    if (until === undefined) return false
    if (until > now) return true
    expiresAt.delete(key)
    return false
  }
  return InboundDedupe.of({
    claim: (key, ttlMs) =>
      Effect.map(Clock.currentTimeMillis, (now): DedupeClaim => {
        if (live(key, now)) return "seen"
        expiresAt.set(key, now + dedupeTtl(ttlMs))
        return "new"
      }),
    seen: (key) => Effect.map(Clock.currentTimeMillis, (now) => live(key, now))
  })
}
