import { Cause, Clock, Context, Effect, Layer, Option, Queue, Schema, type Scope } from "effect"

/** One delivery of a job to a handler. `attempt` counts from 1. */
export interface Job {
  readonly queue: string
  readonly id: string
  readonly payload: unknown
  readonly attempt: number
}

/** Failed attempt n is retried after `backoffMs * 2^(n-1)`; after `maxAttempts` the job is failed. */
export interface RetryPolicy {
  readonly maxAttempts: number
  readonly backoffMs: number
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, backoffMs: 1_000 }

/** Exponential backoff: the pause before attempt `failedAttempt + 1`. */
export const backoffDelay = (policy: RetryPolicy, failedAttempt: number): number =>
  policy.backoffMs * 2 ** (failedAttempt - 1)

export interface EnqueueOptions extends Partial<RetryPolicy> {
  /** Hold the job back this long before its first attempt (debounce, scheduled work). */
  readonly delayMs?: number
}

export interface ConsumeOptions {
  /** Jobs of this queue handled at once by this consumer; default 1. */
  readonly concurrency?: number
}

/** A job that used up its attempts (or failed unrecoverably), kept for inspection and manual retry. */
export interface FailedJob {
  readonly queue: string
  readonly id: string
  readonly payload: unknown
  readonly attempts: number
  readonly error: string
  readonly failedAt: number
}

/** A handler fails with this when retrying cannot help (bad payload, permanent rejection). */
export class UnrecoverableJob extends Schema.TaggedError<UnrecoverableJob>()("UnrecoverableJob", {
  message: Schema.String
}) {}

export type JobHandler = (job: Job) => Effect.Effect<void, unknown>

/**
 * Background work (SPEC §2: in-process in embedded mode, BullMQ in production). Delivery is at
 * least once, so handlers must be idempotent. Enqueueing a jobId that is still known to the queue
 * adds nothing, but that dedupe is only a convenience: it lasts as long as the queue retains the
 * job. Dedupe that must hold (webhook retries, SPEC §9.2) is the inbound store's job, never this.
 */
export class MessageQueue extends Context.Service<
  MessageQueue,
  {
    readonly enqueue: (queue: string, jobId: string, payload: unknown, options?: EnqueueOptions) => Effect.Effect<void>
    /**
     * Handle the queue's jobs until the scope closes. Closing stops taking new jobs and waits for
     * the ones in flight. A failed handler is retried per the job's `RetryPolicy`.
     */
    readonly consume: (
      queue: string,
      handler: JobHandler,
      options?: ConsumeOptions
    ) => Effect.Effect<void, never, Scope.Scope>
    /** Jobs that failed for good, newest first. */
    readonly failed: (queue: string, limit?: number) => Effect.Effect<ReadonlyArray<FailedJob>>
    /** Put a failed job back for a fresh round of attempts; false if no such failed job. */
    readonly retryFailed: (queue: string, jobId: string) => Effect.Effect<boolean>
  }
>()("@chatshop/domain/ports/MessageQueue") {
  static readonly layerMemory = Layer.effect(
    MessageQueue,
    Effect.suspend(() => makeMemoryQueue({}))
  )
  static readonly layerMemoryWith = (options: MemoryQueueOptions) =>
    Layer.effect(
      MessageQueue,
      Effect.suspend(() => makeMemoryQueue(options))
    )
}

export interface MemoryQueueOptions {
  /** Default retry policy for jobs enqueued without one. */
  readonly retry?: RetryPolicy
  /** How many completed job ids are remembered for jobId dedupe; default 1,000. */
  readonly keepCompleted?: number
  /** How many failed jobs are kept for `failed`; default 1,000. */
  readonly keepFailed?: number
}

/** Short text for a failed attempt: the error's tag and message (or its fields), or the defect's message. */
export const describeFailure = (cause: Cause.Cause<unknown>): string => {
  const error = Cause.squash(cause)
  if (typeof error !== "object" || error === null) return String(error)
  const tag = "_tag" in error && typeof error._tag === "string" ? error._tag : undefined
  const message = "message" in error && typeof error.message === "string" ? error.message : ""
  if (tag === undefined) return message === "" ? String(error) : message
  if (message !== "") return `${tag}: ${message}`
  const fields = Object.fromEntries(Object.entries(error).filter(([k]) => k !== "_tag"))
  return Object.keys(fields).length === 0 ? tag : `${tag} ${safeJson(fields)}`
}

const safeJson = (value: unknown): string => {
  try {
    return JSON.stringify(value)
  } catch {
    return "{…}"
  }
}

/** True when the handler asked not to be retried. */
export const isUnrecoverable = (cause: Cause.Cause<unknown>): boolean =>
  Option.match(Cause.findErrorOption(cause), {
    onNone: () => false,
    onSome: (e) => typeof e === "object" && e !== null && "_tag" in e && e._tag === "UnrecoverableJob"
  })

type Status = "waiting" | "delayed" | "active" | "completed" | "failed"

interface JobRecord {
  readonly id: string
  readonly payload: unknown
  readonly policy: RetryPolicy
  status: Status
  attemptsMade: number
  failure?: FailedJob
}

interface QueueState {
  readonly name: string
  readonly jobs: Map<string, JobRecord>
  readonly ready: Queue.Queue<string>
  readonly completed: Array<string>
  readonly failed: Array<string>
}

const makeMemoryQueue = (options: MemoryQueueOptions) =>
  Effect.gen(function* () {
    const retry = options.retry ?? defaultRetryPolicy
    const keepCompleted = options.keepCompleted ?? 1_000
    const keepFailed = options.keepFailed ?? 1_000
    const scope = yield* Effect.scope
    const queues = new Map<string, QueueState>()

    const stateOf = (name: string): Effect.Effect<QueueState> =>
      Effect.suspend(() => {
        const existing = queues.get(name)
        if (existing !== undefined) return Effect.succeed(existing)
        return Effect.map(Queue.unbounded<string>(), (ready) => {
          const state = queues.get(name) ?? { name, jobs: new Map(), ready, completed: [], failed: [] }
          queues.set(name, state)
          return state
        })
      })

    // Delayed jobs wait in fibers of the layer's scope, so they outlive any one consumer.
    const schedule = (state: QueueState, record: JobRecord, delayMs: number) => {
      record.status = delayMs > 0 ? "delayed" : "waiting"
      const ready = Effect.sync(() => {
        record.status = "waiting"
        Queue.offerUnsafe(state.ready, record.id)
      })
      return delayMs > 0 ? Effect.forkIn(Effect.andThen(Effect.sleep(delayMs), ready), scope) : ready
    }

    const forget = (state: QueueState, list: Array<string>, keep: number) => {
      while (list.length > keep) {
        const id = list.shift()
        if (id !== undefined) state.jobs.delete(id)
      }
    }

    const finish = (state: QueueState, record: JobRecord, cause: Cause.Cause<unknown> | undefined) =>
      Effect.gen(function* () {
        if (cause === undefined) {
          record.status = "completed"
          state.completed.push(record.id)
          return forget(state, state.completed, keepCompleted)
        }
        if (record.attemptsMade < record.policy.maxAttempts && !isUnrecoverable(cause)) {
          return yield* schedule(state, record, backoffDelay(record.policy, record.attemptsMade))
        }
        record.status = "failed"
        record.failure = {
          queue: state.name,
          id: record.id,
          payload: record.payload,
          attempts: record.attemptsMade,
          error: describeFailure(cause),
          failedAt: yield* Clock.currentTimeMillis
        }
        state.failed.push(record.id)
        forget(state, state.failed, keepFailed)
      })

    const handle = (state: QueueState, id: string, handler: JobHandler) =>
      Effect.gen(function* () {
        const record = state.jobs.get(id)
        if (record === undefined || record.status !== "waiting") return
        record.status = "active"
        record.attemptsMade += 1
        const job: Job = { queue: state.name, id, payload: record.payload, attempt: record.attemptsMade }
        const exit = yield* Effect.exit(Effect.suspend(() => handler(job)))
        yield* finish(state, record, exit._tag === "Success" ? undefined : exit.cause)
      })

    return MessageQueue.of({
      enqueue: (queue, jobId, payload, opts = {}) =>
        Effect.flatMap(stateOf(queue), (state) => {
          if (state.jobs.has(jobId)) return Effect.void
          const record: JobRecord = {
            id: jobId,
            payload,
            policy: {
              maxAttempts: opts.maxAttempts ?? retry.maxAttempts,
              backoffMs: opts.backoffMs ?? retry.backoffMs
            },
            status: "waiting",
            attemptsMade: 0
          }
          state.jobs.set(jobId, record)
          return Effect.asVoid(schedule(state, record, opts.delayMs ?? 0))
        }),
      consume: Effect.fn("MessageQueue.consume")(function* (queue, handler, opts = {}) {
        const state = yield* stateOf(queue)
        // Taking a job is interruptible; handling it is not, so closing the scope lets in-flight jobs finish.
        const worker = Effect.forever(
          Effect.uninterruptibleMask((restore) =>
            Effect.flatMap(restore(Queue.take(state.ready)), (id) => handle(state, id, handler))
          )
        )
        for (let i = 0; i < (opts.concurrency ?? 1); i++) yield* Effect.forkScoped(worker)
      }),
      failed: (queue, limit = 100) =>
        Effect.map(stateOf(queue), (state) =>
          state.failed
            .flatMap((id) => {
              const failure = state.jobs.get(id)?.failure
              return failure === undefined ? [] : [failure]
            })
            .reverse()
            .slice(0, limit)
        ),
      retryFailed: (queue, jobId) =>
        Effect.flatMap(stateOf(queue), (state) => {
          const record = state.jobs.get(jobId)
          if (record === undefined || record.status !== "failed") return Effect.succeed(false)
          state.failed.splice(state.failed.indexOf(jobId), 1)
          record.attemptsMade = 0
          delete record.failure
          return Effect.as(schedule(state, record, 0), true)
        })
    })
  })
