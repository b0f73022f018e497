import { type ChannelAccount, Inbound, InboundIntake, IntakeUnavailable } from "@chatshop/domain"
import { Effect } from "effect"

export interface IngestResult {
  readonly accepted: number
  readonly duplicates: number
}

/**
 * Durable ingest of one verified, parsed webhook (SPEC §5, §9.2, §9.4): each event, keyed by
 * `Inbound.dedupeKey`, goes through the InboundIntake as an `Inbound.InboundJob` on its
 * `Inbound.queueOf` queue — new events are recorded for ≥ 7 days and queued as one step, repeats are
 * counted as duplicates. Any failure fails the whole request (answer 5xx, the platform retries; what
 * was taken in is then seen, the rest taken in).
 */
export const ingest = (account: ChannelAccount.ChannelAccount, events: ReadonlyArray<Inbound.InboundEvent>) =>
  Effect.gen(function* () {
    const intake = yield* InboundIntake
    const claims = yield* intake.accept(
      events.map((parsed) => {
        const event: Inbound.InboundEvent = { ...parsed, tenantId: account.tenantId }
        const payload: Inbound.InboundJob = { channelAccountId: account.id, event }
        return { key: Inbound.dedupeKey(event), queue: Inbound.queueOf(event), payload }
      })
    )
    const accepted = claims.filter((c) => c === "new").length
    return { accepted, duplicates: claims.length - accepted } satisfies IngestResult
  })

export type IngestError = IntakeUnavailable
export const isIngestError = (e: unknown): e is IngestError => e instanceof IntakeUnavailable
