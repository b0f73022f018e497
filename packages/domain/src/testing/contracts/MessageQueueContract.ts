import { assert, describe } from "@effect/vitest"
import { Clock, Effect, type Layer } from "effect"
import { type Job, MessageQueue, UnrecoverableJob } from "../../ports/MessageQueue.ts"
import { consumerContract } from "./MessageQueueConsumers.ts"
import { makeQueueKit } from "./MessageQueueKit.ts"
import { type ClockMode, eventually, pass } from "./Timing.ts"

export interface MessageQueueContractOptions {
  /** "test" for implementations timed by Effect's Clock (memory), "live" for real servers. */
  readonly clock?: ClockMode
  /** Backoff base used by the retry tests; default 100 ms. */
  readonly backoffMs?: number
  /** Tolerance for timing assertions against a real clock; default 0. */
  readonly slackMs?: number
}

/**
 * The MessageQueue contract (SPEC §2, §9.2–9.3): delivery, jobId dedupe while the job is known,
 * exponential-backoff retries, failed-job retention and manual retry, bounded concurrency,
 * graceful consumer shutdown, competing consumers, independent queues and delayed jobs.
 */
export const messageQueueContract = (
  name: string,
  layer: Layer.Layer<MessageQueue, unknown>,
  options: MessageQueueContractOptions = {}
) =>
  describe(`MessageQueue contract: ${name}`, () => {
    const mode = options.clock ?? "test"
    const backoffMs = options.backoffMs ?? 100
    const slack = options.slackMs ?? 0
    const kit = makeQueueKit(mode, backoffMs, slack, layer)
    const { test, queueName, recorder, settle } = kit

    test("a job is delivered once, with its payload, as attempt 1", () =>
      Effect.gen(function* () {
        const mq = yield* MessageQueue
        const q = queueName()
        const { seen, handler } = recorder()
        yield* mq.enqueue(q, "job-1", { text: "hello", n: 1, nested: { ok: true } })
        yield* mq.consume(q, handler)
        yield* eventually(
          mode,
          "the delivery",
          Effect.sync(() => seen.length === 1)
        )
        yield* settle
        assert.strictEqual(seen.length, 1)
        assert.deepStrictEqual(
          { queue: seen[0]!.queue, id: seen[0]!.id, payload: seen[0]!.payload, attempt: seen[0]!.attempt },
          { queue: q, id: "job-1", payload: { text: "hello", n: 1, nested: { ok: true } }, attempt: 1 }
        )
      }))

    test("enqueueing the same jobId twice while it waits adds one job", () =>
      Effect.gen(function* () {
        const mq = yield* MessageQueue
        const q = queueName()
        const { seen, handler } = recorder()
        yield* mq.enqueue(q, "dup", { v: "first" })
        yield* mq.enqueue(q, "dup", { v: "second" })
        yield* mq.enqueue(q, "other", { v: "third" })
        yield* mq.consume(q, handler)
        yield* eventually(
          mode,
          "both jobs",
          Effect.sync(() => seen.length === 2)
        )
        yield* settle
        assert.deepStrictEqual(
          seen.map((j) => [j.id, j.payload]),
          [
            ["dup", { v: "first" }],
            ["other", { v: "third" }]
          ]
        )
      }))

    test("a failing handler is retried with exponential backoff; defects count as failures", () =>
      Effect.gen(function* () {
        const mq = yield* MessageQueue
        const q = queueName()
        const attempts: Array<{ attempt: number; at: number }> = []
        const handler = (job: Job) =>
          Effect.gen(function* () {
            attempts.push({ attempt: job.attempt, at: yield* Clock.currentTimeMillis })
            if (job.attempt === 1) return yield* Effect.fail(new Error("transient"))
            if (job.attempt === 2) return yield* Effect.die(new Error("bug, then fixed"))
          })
        yield* mq.enqueue(q, "flaky", { n: 1 }, { maxAttempts: 5, backoffMs })
        yield* mq.consume(q, handler)
        yield* eventually(
          mode,
          "three attempts",
          Effect.sync(() => attempts.length === 3)
        )
        yield* pass(mode, backoffMs * 8)
        assert.deepStrictEqual(
          attempts.map((a) => a.attempt),
          [1, 2, 3]
        )
        assert.isAtLeast(attempts[1]!.at - attempts[0]!.at, backoffMs - slack)
        assert.isAtLeast(attempts[2]!.at - attempts[1]!.at, 2 * backoffMs - slack)
        assert.deepStrictEqual(yield* mq.failed(q), [])
      }))

    test("a job failing maxAttempts times is kept as failed with its error; retryFailed runs it again", () =>
      Effect.gen(function* () {
        const mq = yield* MessageQueue
        const q = queueName()
        let fixed = false
        const calls: Array<number> = []
        const handler = (job: Job) =>
          Effect.suspend(() => {
            calls.push(job.attempt)
            return fixed ? Effect.void : Effect.fail(new Error("channel said no"))
          })
        yield* mq.enqueue(q, "doomed", { to: "alice" }, { maxAttempts: 3, backoffMs })
        yield* mq.consume(q, handler)
        yield* eventually(
          mode,
          "the job to fail for good",
          Effect.map(mq.failed(q), (f) => f.length === 1)
        )
        yield* pass(mode, backoffMs * 8)
        assert.deepStrictEqual(calls, [1, 2, 3])
        const [failed] = yield* mq.failed(q)
        assert.deepStrictEqual(
          [failed!.queue, failed!.id, failed!.payload, failed!.attempts],
          [q, "doomed", { to: "alice" }, 3]
        )
        assert.include(failed!.error, "channel said no")
        assert.isAtLeast(failed!.failedAt, 0)
        assert.isFalse(yield* mq.retryFailed(q, "no-such-job"))
        fixed = true
        assert.isTrue(yield* mq.retryFailed(q, "doomed"))
        yield* eventually(
          mode,
          "the retried job to run",
          Effect.sync(() => calls.length === 4)
        )
        assert.strictEqual(calls[3], 1, "a retried job starts a fresh round of attempts")
        yield* eventually(
          mode,
          "the failed list to drop it",
          Effect.map(mq.failed(q), (f) => f.length === 0)
        )
        assert.isFalse(yield* mq.retryFailed(q, "doomed"), "only a failed job can be retried")
      }))

    test("UnrecoverableJob fails the job without retrying; failed lists newest first and honours the limit", () =>
      Effect.gen(function* () {
        const mq = yield* MessageQueue
        const q = queueName()
        let calls = 0
        const handler = (job: Job) =>
          Effect.suspend(() => {
            calls += 1
            return Effect.fail(new UnrecoverableJob({ message: `bad payload ${job.id}` }))
          })
        yield* mq.consume(q, handler)
        yield* mq.enqueue(q, "bad-1", null, { maxAttempts: 5, backoffMs })
        yield* eventually(
          mode,
          "bad-1 to fail",
          Effect.map(mq.failed(q), (f) => f.length === 1)
        )
        yield* mq.enqueue(q, "bad-2", null, { maxAttempts: 5, backoffMs })
        yield* eventually(
          mode,
          "bad-2 to fail",
          Effect.map(mq.failed(q), (f) => f.length === 2)
        )
        yield* pass(mode, backoffMs * 4)
        assert.strictEqual(calls, 2)
        const failed = yield* mq.failed(q)
        assert.deepStrictEqual(
          failed.map((f) => [f.id, f.attempts]),
          [
            ["bad-2", 1],
            ["bad-1", 1]
          ]
        )
        assert.include(failed[0]!.error, "bad payload bad-2")
        assert.deepStrictEqual(
          (yield* mq.failed(q, 1)).map((f) => f.id),
          ["bad-2"]
        )
      }))
    consumerContract(kit)
  })
