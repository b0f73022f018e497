import { MessageQueue, Ports } from "@chatshop/domain"
import { type Job as BullJob, Queue, UnrecoverableError, Worker } from "bullmq"
import { Effect, Exit, Layer, Redacted } from "effect"
import { call, type RedisError } from "../redis/Client.ts"
import { microBatch } from "./MicroBatch.ts"

export interface BullMqConfig {
  /** redis://… of the Redis that holds the queues. BullMQ opens its own connections from it. */
  readonly url: string | Redacted.Redacted<string>
  /** BullMQ key prefix (default "chatshop"), so several apps or test runs can share one Redis. */
  readonly prefix?: string
  /** Retry policy of jobs enqueued without one (default 5 attempts, 1 s doubling). */
  readonly retry?: Ports.RetryPolicy
  /** Completed jobs kept (and so deduped by jobId); default 1,000. */
  readonly keepCompleted?: number
  /** Failed jobs kept for `failed`/`retryFailed`; default 5,000. */
  readonly keepFailed?: number
  /** A job whose worker died (lock not renewed for this long) counts as stalled; default 30 s. */
  readonly lockDurationMs?: number
  /** How often workers look for stalled jobs and put them back; default 15 s. */
  readonly stalledIntervalMs?: number
  /** A job that stalls more often than this is failed (a poison message crashing workers); default 5. */
  readonly maxStalledCount?: number
  /**
   * Coalesce the enqueues of concurrent callers into one `addBulk` (one pipeline) per queue and event
   * loop turn (SPEC §8 B1); default true. A failed batch fails every enqueue in it.
   */
  readonly batchEnqueues?: boolean
}

interface Envelope {
  readonly id: string
  readonly payload: unknown
}

// BullMQ refuses ':' in queue names and in custom job ids, and integer-looking job ids: escape injectively.
const escapeColons = (s: string) => s.replaceAll("%", "%25").replaceAll(":", "%3A")
export const bullQueueName = (queue: string): string => escapeColons(queue)
export const bullJobId = (jobId: string): string => `j_${escapeColons(jobId)}`

const toFailed = (queue: string, job: BullJob): Ports.FailedJob => {
  const data = job.data as Envelope
  return {
    queue,
    id: data.id,
    payload: data.payload,
    attempts: job.attemptsMade,
    error: job.failedReason,
    failedAt: job.finishedOn ?? job.timestamp
  }
}

/**
 * MessageQueue on BullMQ (SPEC §2 production mode): retries with exponential backoff, bounded
 * retention of completed and failed jobs, stalled-job recovery when a worker dies mid-job (§9.3).
 * Redis failures are defects: the enqueueing request fails (5xx) and the platform retries it.
 */
export const makeBullMq = (config: BullMqConfig) =>
  Effect.gen(function* () {
    const url = typeof config.url === "string" ? config.url : Redacted.value(config.url)
    const prefix = config.prefix ?? "chatshop"
    const retry = config.retry ?? Ports.defaultRetryPolicy
    const keepCompleted = config.keepCompleted ?? 1_000
    const keepFailed = config.keepFailed ?? 5_000
    const queues = new Map<string, Queue>()

    // Producers fail fast while Redis is down instead of queueing commands in memory.
    const queueFor = (name: string): Effect.Effect<Queue, RedisError> =>
      Effect.suspend(() => {
        let queue = queues.get(name)
        if (queue === undefined) {
          queue = new Queue(bullQueueName(name), {
            connection: { url, maxRetriesPerRequest: 2, enableOfflineQueue: false },
            prefix
          })
          queue.on("error", () => {})
          queues.set(name, queue)
        }
        const ready = queue
        return Effect.as(
          call(() => ready.waitUntilReady()),
          ready
        )
      })

    yield* Effect.addFinalizer(() =>
      Effect.forEach([...queues.values()], (q) => call(() => q.close()).pipe(Effect.ignore), { discard: true })
    )

    const jobFor = (jobId: string, payload: unknown, options: Ports.EnqueueOptions) => ({
      name: "job",
      data: { id: jobId, payload } satisfies Envelope,
      opts: {
        jobId: bullJobId(jobId),
        attempts: options.maxAttempts ?? retry.maxAttempts,
        backoff: { type: "exponential", delay: options.backoffMs ?? retry.backoffMs },
        delay: options.delayMs ?? 0,
        removeOnComplete: { count: keepCompleted },
        removeOnFail: { count: keepFailed }
      }
    })
    type BulkJob = ReturnType<typeof jobFor>

    // One batcher per queue: the jobs of one event loop turn go out as one addBulk pipeline.
    const batchers = new Map<string, (job: BulkJob) => Promise<unknown>>()
    const batcherFor = (name: string, queue: Queue) => {
      let add = batchers.get(name)
      if (add === undefined) {
        add = microBatch((jobs: ReadonlyArray<BulkJob>) => queue.addBulk([...jobs]))
        batchers.set(name, add)
      }
      return add
    }

    const enqueue = (name: string, jobId: string, payload: unknown, options: Ports.EnqueueOptions = {}) =>
      Effect.flatMap(queueFor(name), (queue) => {
        const job = jobFor(jobId, payload, options)
        return call(() =>
          config.batchEnqueues === false ? queue.add(job.name, job.data, job.opts) : batcherFor(name, queue)(job)
        )
      }).pipe(Effect.asVoid, Effect.orDie)

    const consume = (name: string, handler: Ports.JobHandler, options: Ports.ConsumeOptions = {}) =>
      Effect.gen(function* () {
        const context = yield* Effect.context<never>()
        const runExit = Effect.runPromiseExitWith(context)
        const report = Effect.runForkWith(context)
        const processor = async (job: BullJob) => {
          const data = job.data as Envelope
          const exit = await runExit(
            Effect.suspend(() =>
              handler({ queue: name, id: data.id, payload: data.payload, attempt: job.attemptsMade + 1 })
            )
          )
          if (Exit.isFailure(exit)) {
            const message = Ports.describeFailure(exit.cause)
            throw Ports.isUnrecoverable(exit.cause) ? new UnrecoverableError(message) : new Error(message)
          }
        }
        yield* Effect.acquireRelease(
          Effect.suspend(() => {
            const worker = new Worker(bullQueueName(name), processor, {
              connection: { url },
              prefix,
              concurrency: options.concurrency ?? 1,
              lockDuration: config.lockDurationMs ?? 30_000,
              stalledInterval: config.stalledIntervalMs ?? 15_000,
              maxStalledCount: config.maxStalledCount ?? 5
            })
            worker.on("error", (error) => {
              report(Effect.logWarning("BullMQ worker error", { queue: name, error: error.message }))
            })
            return Effect.as(
              call(() => worker.waitUntilReady()),
              worker
            )
          }),
          // close() stops fetching and waits for the jobs in flight.
          (worker) => call(() => worker.close()).pipe(Effect.ignore)
        ).pipe(Effect.orDie)
      })

    const failed = (name: string, limit = 100) =>
      limit <= 0
        ? Effect.succeed([])
        : Effect.flatMap(queueFor(name), (queue) => call(() => queue.getFailed(0, limit - 1))).pipe(
            Effect.map((jobs) =>
              jobs
                .filter((job): job is BullJob => job !== undefined && job !== null)
                .map((job) => toFailed(name, job))
                .sort((a, b) => b.failedAt - a.failedAt)
            ),
            Effect.orDie
          )

    const retryFailed = (name: string, jobId: string) =>
      Effect.gen(function* () {
        const queue = yield* queueFor(name)
        const job = yield* call(() => queue.getJob(bullJobId(jobId)))
        if (job === undefined || (yield* call(() => job.getState())) !== "failed") return false
        // Another process retrying it first makes this one fail: either way it runs once more.
        return yield* call(() => job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true })).pipe(
          Effect.as(true),
          Effect.orElseSucceed(() => false)
        )
      }).pipe(Effect.orDie)

    return MessageQueue.of({ enqueue, consume, failed, retryFailed })
  })

/** BullMQ queues; connections opened per queue and per consumer, closed with the layer/scope. */
export const layer = (config: BullMqConfig): Layer.Layer<MessageQueue> => Layer.effect(MessageQueue, makeBullMq(config))
