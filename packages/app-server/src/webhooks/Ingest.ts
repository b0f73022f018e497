import {
  type ChannelAccount,
  DedupeUnavailable,
  Inbound,
  InboundDedupe,
  MessageQueue,
  minimumDedupeTtlMs
} from "@chatshop/domain"
import { Effect, Schema } from "effect"

/** The queue the worker runs the dialog from: customer messages and echoes. */
export const INBOUND_QUEUE = "inbound"
/** Delivery statuses and read receipts: recorded for the outbox/reporting, never run through the dialog. */
export const RECEIPTS_QUEUE = "inbound-receipts"

/** The queue refused the job (Redis down): the webhook answers 503 and the platform retries. */
export class QueueUnavailable extends Schema.TaggedError<QueueUnavailable>()("QueueUnavailable", {
  message: Schema.String
}) {}

/** What the worker receives: the event with its tenant, and our channel account id. */
export interface InboundJob {
  readonly channelAccountId: string
  readonly event: Inbound.InboundEvent
}

export const queueFor = (event: Inbound.InboundEvent): string =>
  event.kind === "status" || event.kind === "read" ? RECEIPTS_QUEUE : INBOUND_QUEUE

export interface IngestResult {
  readonly accepted: number
  readonly duplicates: number
}

/**
 * Durable ingest of one verified, parsed webhook (SPEC §5, §9.2, §9.4), per event:
 *   1. `seen(key)` — already recorded: a duplicate, nothing to do;
 *   2. enqueue with jobId = key — idempotent while the queue still holds the job;
 *   3. `claim(key)` — the ≥ 7-day record that stops re-enqueueing after the queue forgot the job.
 * A crash or outage between 2 and 3 leaves no record, so the platform's retry enqueues again
 * (the same jobId: a no-op) and records it. Any failure fails the whole request: answer 5xx.
 * Under load the Redis adapters coalesce each step across concurrent requests (SPEC §8 B1): one
 * `MGET` for the checks, one BullMQ `addBulk` for the enqueues, one script for the claims per event
 * loop turn; the steps stay in this order for every event, and a failed batch fails all its requests.
 */
export const ingest = (account: ChannelAccount.ChannelAccount, events: ReadonlyArray<Inbound.InboundEvent>) =>
  Effect.gen(function* () {
    const dedupe = yield* InboundDedupe
    const queue = yield* MessageQueue
    let accepted = 0
    let duplicates = 0
    for (const parsed of events) {
      const event: Inbound.InboundEvent = { ...parsed, tenantId: account.tenantId }
      const key = Inbound.dedupeKey(event)
      if (yield* dedupe.seen(key)) {
        duplicates += 1
        continue
      }
      const job: InboundJob = { channelAccountId: account.id, event }
      yield* queue.enqueue(queueFor(event), key, job).pipe(
        // The queue port treats an unreachable Redis as a defect; here it is an expected outage.
        Effect.catchDefect((defect) =>
          Effect.fail(new QueueUnavailable({ message: defect instanceof Error ? defect.message : String(defect) }))
        )
      )
      yield* dedupe.claim(key, minimumDedupeTtlMs)
      accepted += 1
    }
    return { accepted, duplicates } satisfies IngestResult
  })

export type IngestError = DedupeUnavailable | QueueUnavailable
export const isIngestError = (e: unknown): e is IngestError =>
  e instanceof DedupeUnavailable || e instanceof QueueUnavailable
