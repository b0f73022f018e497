import { assert } from "@effect/vitest"
import { Clock, Effect, Exit, Fiber, Latch, Scope } from "effect"
import { type Job, MessageQueue } from "../../ports/MessageQueue.ts"
import type { QueueKit } from "./MessageQueueKit.ts"
import { eventually } from "./Timing.ts"

/** The MessageQueue contract's consumer tests: concurrency, shutdown, competing consumers, delays. */
export const consumerContract = (kit: QueueKit) => {
  const { mode, backoffMs, slack, test, queueName, recorder, settle } = kit

  test("a consumer handles at most `concurrency` jobs at once", () =>
    Effect.gen(function* () {
      const mq = yield* MessageQueue
      const q = queueName()
      const gate = yield* Latch.make(false)
      let active = 0
      let most = 0
      let done = 0
      const handler = () =>
        Effect.gen(function* () {
          active += 1
          most = Math.max(most, active)
          yield* gate.await
          active -= 1
          done += 1
        })
      for (let i = 0; i < 7; i++) yield* mq.enqueue(q, `job-${i}`, i)
      yield* mq.consume(q, handler, { concurrency: 3 })
      yield* eventually(
        mode,
        "three jobs in flight",
        Effect.sync(() => active === 3)
      )
      yield* settle
      assert.strictEqual(active, 3)
      yield* gate.open
      yield* eventually(
        mode,
        "every job",
        Effect.sync(() => done === 7)
      )
      assert.strictEqual(most, 3)
    }))

  test("closing a consumer lets in-flight jobs finish and leaves new jobs for the next consumer", () =>
    Effect.gen(function* () {
      const mq = yield* MessageQueue
      const q = queueName()
      const gate = yield* Latch.make(false)
      const started: Array<string> = []
      const finished: Array<string> = []
      const handler = (job: Job) =>
        Effect.gen(function* () {
          started.push(job.id)
          yield* gate.await
          finished.push(job.id)
        })
      const scope = yield* Scope.make()
      yield* mq.consume(q, handler).pipe(Scope.provide(scope))
      yield* mq.enqueue(q, "in-flight", 1)
      yield* eventually(
        mode,
        "the job to start",
        Effect.sync(() => started.length === 1)
      )
      const closing = yield* Effect.forkChild(Scope.close(scope, Exit.void))
      yield* settle
      assert.deepStrictEqual(finished, [], "the in-flight job is not cut short")
      yield* gate.open
      yield* Fiber.join(closing)
      assert.deepStrictEqual(finished, ["in-flight"])
      yield* mq.enqueue(q, "later", 2)
      yield* settle
      assert.deepStrictEqual(started, ["in-flight"], "a closed consumer takes nothing new")
      yield* mq.consume(q, handler)
      yield* eventually(
        mode,
        "the next consumer to take it",
        Effect.sync(() => finished.length === 2)
      )
      assert.deepStrictEqual(finished, ["in-flight", "later"])
    }))

  test("competing consumers handle every job exactly once; queues are independent", () =>
    Effect.gen(function* () {
      const mq = yield* MessageQueue
      const q = queueName()
      const other = queueName()
      const { seen, handler } = recorder()
      const { seen: otherSeen, handler: otherHandler } = recorder()
      yield* mq.consume(q, handler, { concurrency: 2 })
      yield* mq.consume(q, handler, { concurrency: 2 })
      yield* mq.consume(other, otherHandler)
      yield* Effect.all(
        Array.from({ length: 20 }, (_, i) => mq.enqueue(q, `job-${i}`, i)),
        { concurrency: "unbounded" }
      )
      yield* mq.enqueue(other, "elsewhere", "x")
      yield* eventually(
        mode,
        "twenty jobs",
        Effect.sync(() => seen.length === 20 && otherSeen.length === 1)
      )
      yield* settle
      assert.deepStrictEqual(seen.map((j) => j.id).sort(), Array.from({ length: 20 }, (_, i) => `job-${i}`).sort())
      assert.deepStrictEqual(
        otherSeen.map((j) => [j.queue, j.id]),
        [[other, "elsewhere"]]
      )
    }))

  test("delayMs holds a job back", () =>
    Effect.gen(function* () {
      const mq = yield* MessageQueue
      const q = queueName()
      const { seen, handler } = recorder()
      yield* mq.consume(q, handler)
      const enqueuedAt = yield* Clock.currentTimeMillis
      yield* mq.enqueue(q, "later", "x", { delayMs: backoffMs * 2 })
      yield* mq.enqueue(q, "now", "y")
      yield* eventually(
        mode,
        "both jobs",
        Effect.sync(() => seen.length === 2)
      )
      assert.deepStrictEqual(
        seen.map((j) => j.id),
        ["now", "later"]
      )
      assert.isAtLeast(seen[1]!.at - enqueuedAt, backoffMs * 2 - slack)
    }))
}
