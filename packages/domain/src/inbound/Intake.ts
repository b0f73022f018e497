import { Context, Effect, Layer, Schema } from "effect"
import { MessageQueue } from "../ports/MessageQueue.ts"
import { type DedupeClaim, InboundDedupe, minimumDedupeTtlMs } from "./Dedupe.ts"

/** One inbound event to take in: its dedupe key (also the job id), the queue it goes to, the job. */
export interface IntakeEntry {
  readonly key: string
  readonly queue: string
  readonly payload: unknown
}

/** The dedupe record or the queue could not be written: the webhook answers 5xx, the platform retries. */
export class IntakeUnavailable extends Schema.TaggedError<IntakeUnavailable>()("IntakeUnavailable", {
  message: Schema.String
}) {}

/**
 * Durable intake of inbound events (SPEC §5, §9.2, §9.4): for each entry, in order, either "new" —
 * this call recorded its key for at least seven days and its job is durably queued under jobId = key
 * — or "seen" — the key was already recorded. A failure fails the whole call and may leave a
 * prefix of the entries taken in; repeating the call takes in the rest and sees the prefix.
 * Nothing answered "new" is ever lost, and a key is never queued twice while its record lives.
 */
export class InboundIntake extends Context.Service<
  InboundIntake,
  {
    readonly accept: (
      entries: ReadonlyArray<IntakeEntry>
    ) => Effect.Effect<ReadonlyArray<DedupeClaim>, IntakeUnavailable>
  }
>()("@chatshop/domain/inbound/InboundIntake") {
  /**
   * Over the InboundDedupe and MessageQueue ports (embedded mode, the SQL dedupe, tests), per entry:
   * `seen` → enqueue (jobId = key, idempotent while the queue knows the job) → `claim`. A crash
   * between enqueue and claim leaves no record, so the platform's retry enqueues again and records it.
   */
  static readonly layerPorts: Layer.Layer<InboundIntake, never, InboundDedupe | MessageQueue> = Layer.effect(
    InboundIntake,
    Effect.gen(function* () {
      const dedupe = yield* InboundDedupe
      const queue = yield* MessageQueue
      const unavailable = (e: { readonly message: string }) => new IntakeUnavailable({ message: e.message })
      const one = Effect.fn("InboundIntake.acceptOne")(function* (
        entry: IntakeEntry
      ): Effect.fn.Return<DedupeClaim, { readonly message: string }> {
        if (yield* dedupe.seen(entry.key)) return "seen"
        yield* queue.enqueue(entry.queue, entry.key, entry.payload).pipe(
          // The queue port treats an unreachable store as a defect; here it is an expected outage.
          Effect.catchDefect((defect) =>
            Effect.fail({ message: defect instanceof Error ? defect.message : String(defect) })
          )
        )
        return yield* dedupe.claim(entry.key, minimumDedupeTtlMs)
      }, Effect.mapError(unavailable))
      return InboundIntake.of({ accept: (entries) => Effect.forEach(entries, one) })
    })
  )
}
