import {
  ChannelSender,
  Conversation,
  type CustomerId,
  MessageId,
  Outbox,
  type OutboxPayload,
  type OutboxRow,
  ReplyWindow,
  type SendError,
  type TenantId,
  timestamp
} from "@chatshop/domain"
import { Clock, Context, Effect, Layer, Queue, Result } from "effect"

/**
 * Sends outbox rows (SPEC §6): claim → check owner and reply window → ChannelSender → mark.
 *
 * At most once per row. Every claim counts an attempt (`attempts`); an attempt that ends — sent,
 * failed, or put back for a retry — is recorded on the row (`settledAttempts`). A row claimed again
 * with an earlier attempt unrecorded was claimed by a sender that died (or stalled past its lease)
 * between claiming and recording: the platform may already have the message, so the row is failed
 * as `outcome_unknown` instead of being sent again. The window where a message can be lost this
 * way is from the claim to the mark — one HTTP call — and such rows are visible as failed.
 */
export interface OutboxSenderOptions {
  /** Rows claimed per round; default = concurrency (a claimed row not yet sent is lost if this worker dies). */
  readonly batch?: number
  /** Claim lease; must outlast one send with its rate-limit waits and retries; default 120 s. */
  readonly leaseMs?: number
  /** Idle poll interval; default 100 ms (a turn wakes the sender at once). */
  readonly pollMs?: number
  /** Rows sent at once (different recipients; one recipient's rows are claimed one at a time); default 32. */
  readonly concurrency?: number
  /** Attempts before a transient failure becomes permanent; default 8. */
  readonly maxAttempts?: number
  /** Only this shop's rows (a worker per shop, or tests sharing a database); default every shop. */
  readonly tenantId?: TenantId
}

export type SendOutcome = "sent" | "retry" | "failed"

/** Wakes the sender loop as soon as a turn has added rows. */
export class OutboxWakeup extends Context.Service<OutboxWakeup, { readonly wake: Effect.Effect<void> }>()(
  "@chatshop/app-worker/OutboxWakeup"
) {}

const backoffMs = (attempt: number): number => Math.min(60_000, 1_000 * 2 ** Math.max(0, attempt - 1))

export const makeOutboxSender = (options: OutboxSenderOptions = {}) =>
  Effect.gen(function* () {
    const outbox = yield* Outbox
    const sender = yield* ChannelSender
    const conversations = yield* Conversation.ConversationRepository
    const leaseMs = options.leaseMs ?? 120_000
    const maxAttempts = options.maxAttempts ?? 8

    /** Who the row was for, in the log lines of its failures. */
    const labelOf = (row: OutboxRow) =>
      `outbox ${row.id} (${row.payload.kind} on ${row.channel} to ${row.recipient}, attempt ${row.attempts})`

    const fail = (row: OutboxRow, error: string) =>
      Effect.logWarning(`${labelOf(row)} failed: ${error}`).pipe(
        Effect.andThen(outbox.markFailed(row.tenantId, row.id, { kind: "permanent", error })),
        Effect.orDie,
        Effect.as("failed" as const)
      )

    const retry = (row: OutboxRow, deliveredParts: number, e: SendError, now: number) => {
      if (row.attempts >= maxAttempts) return fail(row, `${e.code}: ${e.message}`)
      const retryAt = timestamp(
        now + Math.max(backoffMs(row.attempts), "retryAfterMs" in e ? (e.retryAfterMs ?? 0) : 0)
      )
      return Effect.logInfo(`${labelOf(row)} will be retried in ${retryAt - now} ms: ${e.code}: ${e.message}`).pipe(
        Effect.andThen(
          outbox.markFailed(row.tenantId, row.id, {
            kind: "retry",
            error: `${e.code}: ${e.message}`,
            retryAt,
            deliveredParts
          })
        ),
        Effect.orDie,
        Effect.as("retry" as const)
      )
    }

    const delivered = (row: OutboxRow, payload: OutboxPayload, ids: ReadonlyArray<string>, now: number) =>
      payload.conversationId === null || payload.messageId === null
        ? Effect.void
        : Effect.forEach(ids, (platformMessageId) =>
            conversations.update(
              row.tenantId,
              payload.conversationId!,
              Conversation.execute({
                _tag: "MarkDelivered",
                messageId: MessageId.make(payload.messageId!),
                platformMessageId,
                at: timestamp(now)
              })
            )
          ).pipe(Effect.ignore)

    /** One claimed row to its end: sent, put back for a retry, or failed. */
    const sendRow = (row: OutboxRow): Effect.Effect<SendOutcome> =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const payload = row.payload
        if (row.attempts - 1 > row.settledAttempts) {
          // A sender died mid-send: the platform may have the message; not sending again (at most once).
          return yield* fail(row, "outcome_unknown: the previous attempt was never recorded")
        }
        const conversation =
          payload.conversationId === null
            ? null
            : yield* conversations.get(row.tenantId, payload.conversationId).pipe(Effect.orElseSucceed(() => null))
        // A human took over after this bot message was written: the bot stays silent (SPEC §3.7).
        if (
          payload.sender === "bot" &&
          conversation?.owner === "human" &&
          conversation.handoff !== null &&
          conversation.handoff.at > row.createdAt
        ) {
          return yield* fail(row, "human_owns_conversation")
        }
        const lastInboundAt = conversation?.lastInboundAt ?? null
        const permit = ReplyWindow.canSend(row.channel, payload.sender, lastInboundAt, timestamp(now))
        if (Result.isFailure(permit)) return yield* fail(row, "window_closed")
        const skip = row.deliveredParts
        const sent = yield* sender
          .send({
            tenantId: row.tenantId,
            channel: row.channel,
            accountId: payload.accountId,
            recipient: row.recipient as CustomerId,
            message: payload.message,
            sender: payload.sender,
            ...(permit.success.tag === null ? {} : { tag: permit.success.tag }),
            ...(lastInboundAt === null ? {} : { lastInboundAt }),
            ...(skip > 0 ? { skipParts: skip } : {})
          })
          .pipe(Effect.result)
        if (Result.isSuccess(sent)) {
          yield* outbox.markSent(row.tenantId, row.id, timestamp(now)).pipe(Effect.orDie)
          yield* delivered(row, payload, sent.success.platformMessageIds, now)
          return "sent" as const
        }
        const e = sent.failure
        if (e._tag === "PermanentSendError") return yield* fail(row, `${e.reason}: ${e.message}`)
        return yield* retry(row, skip + e.sentMessageIds.length, e, now)
      }).pipe(
        // A bug while sending one row must not stop the others; the row's lease lets it be looked at again.
        Effect.catchDefect((defect) =>
          Effect.as(Effect.logError(`outbox ${row.id}: send crashed`, defect), "retry" as const)
        )
      )

    /** Claim one batch of due rows and send them; the number of rows claimed. */
    const sendDue = Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const scope = options.tenantId === undefined ? {} : { tenantId: options.tenantId }
      const rows = yield* outbox.claim(options.batch ?? options.concurrency ?? 32, timestamp(now), {
        leaseMs,
        ...scope
      })
      yield* Effect.forEach(rows, sendRow, { concurrency: options.concurrency ?? 32, discard: true })
      return rows.length
    })

    return { sendRow, sendDue }
  })

/**
 * The sender loop, forked into the caller's scope: drains due rows, then waits for a wakeup or
 * the poll interval. Closing the scope interrupts it between rows' HTTP calls at the latest.
 */
export const runOutboxSender = (options: OutboxSenderOptions = {}) =>
  Effect.gen(function* () {
    const { sendDue } = yield* makeOutboxSender(options)
    const signal = yield* Queue.sliding<void>(1)
    const loop = Effect.gen(function* () {
      const claimed = yield* sendDue
      if (claimed === 0) {
        yield* Effect.raceFirst(Queue.take(signal), Effect.sleep(options.pollMs ?? 100))
      }
    }).pipe(
      Effect.catchCause((cause) => Effect.andThen(Effect.logError("outbox sender", cause), Effect.sleep(1_000))),
      Effect.forever
    )
    yield* Effect.forkScoped(loop)
    return OutboxWakeup.of({ wake: Queue.offer(signal, undefined).pipe(Effect.asVoid) })
  })

/** The sender loop as a layer: provides the wakeup the turn pipeline pokes after adding rows. */
export const layerOutboxSender = (options: OutboxSenderOptions = {}) =>
  Layer.effect(OutboxWakeup, runOutboxSender(options))
