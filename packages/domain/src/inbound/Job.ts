import { Schema } from "effect"
import { ChannelAccountId } from "../shared/Ids.ts"
import { InboundEvent } from "./InboundEvent.ts"

/**
 * The contract between the webhook server (and pollers) and the worker: which queue an inbound
 * event goes to, and the job body. Both sides import it from here; neither describes it alone.
 */
export const INBOUND_QUEUE = "inbound"
/** Delivery statuses and read receipts: recorded, never run through the dialog. */
export const RECEIPTS_QUEUE = "inbound-receipts"

/** A job's payload: the normalised event (with its tenant) and our channel account id. */
export const InboundJob = Schema.Struct({ channelAccountId: ChannelAccountId, event: InboundEvent })
export type InboundJob = typeof InboundJob.Type

export const decodeInboundJob = Schema.decodeUnknownResult(InboundJob)

/** The queue an event belongs on. */
export const queueOf = (event: Pick<InboundEvent, "kind">): string =>
  event.kind === "status" || event.kind === "read" ? RECEIPTS_QUEUE : INBOUND_QUEUE
