import { assert, describe, it } from "@effect/vitest"
import { Cause, Clock, Effect, Schema } from "effect"
import { TestClock } from "effect/testing"
import { type Job, MessageQueue, Ports, UnrecoverableJob } from "@chatshop/domain"
import { messageQueueContract } from "@chatshop/domain/testing"

messageQueueContract("memory", MessageQueue.layerMemory)

/** Let the consumer fibers run without moving time. */
const settle = Effect.gen(function* () {
  for (let i = 0; i < 10; i++) yield* Effect.yieldNow
})

class Refused extends Schema.TaggedError<Refused>()("Refused", { code: Schema.Number }) {}

describe("MessageQueue memory", () => {
  it.effect("mq-backoff-exact: retries wait backoff * 2^(n-1) after failed attempt n", () =>
    Effect.gen(function* () {
      const mq = yield* MessageQueue
      const at: Array<number> = []
      const handler = () =>
        Effect.flatMap(Clock.currentTimeMillis, (now) => {
          at.push(now)
          return Effect.fail("nope")
        })
      yield* mq.consume("q", handler)
      yield* mq.enqueue("q", "j", null)
      // Defaults: 5 attempts, 1 s base: attempts at 0, 1, 3, 7 and 15 s.
      for (const step of [0, 999, 1, 1_999, 1, 3_999, 1, 7_999, 1]) {
        yield* TestClock.adjust(step)
        yield* settle
      }
      assert.deepStrictEqual(at, [0, 1_000, 3_000, 7_000, 15_000])
      const [failed] = yield* mq.failed("q")
      assert.deepStrictEqual([failed!.attempts, failed!.error, failed!.failedAt], [5, "nope", 15_000])
      yield* TestClock.adjust(60_000)
      yield* settle
      assert.strictEqual(at.length, 5)
    }).pipe(Effect.scoped, Effect.provide(MessageQueue.layerMemory))
  )

  it.effect("mq-retention: jobId dedupe lasts only while the queue retains the job", () =>
    Effect.gen(function* () {
      const mq = yield* MessageQueue
      const seen: Array<string> = []
      yield* mq.consume("q", (job: Job) => Effect.sync(() => void seen.push(job.id)))
      yield* mq.enqueue("q", "a", 1)
      yield* settle
      yield* mq.enqueue("q", "a", 1)
      yield* settle
      assert.deepStrictEqual(seen, ["a"], "a completed job still retained dedupes")
      yield* mq.enqueue("q", "b", 2)
      yield* mq.enqueue("q", "c", 3)
      yield* settle
      yield* mq.enqueue("q", "a", 1)
      yield* mq.enqueue("q", "c", 3)
      yield* settle
      assert.deepStrictEqual(seen, ["a", "b", "c", "a"], "keepCompleted 2: 'a' was forgotten, 'c' was not")
    }).pipe(Effect.scoped, Effect.provide(MessageQueue.layerMemoryWith({ keepCompleted: 2 })))
  )

  it.effect("mq-failed-retention: keeps the newest keepFailed failures; layer policy applies", () =>
    Effect.gen(function* () {
      const mq = yield* MessageQueue
      let calls = 0
      yield* mq.consume("q", () => Effect.suspend(() => Effect.fail(new Refused({ code: ++calls }))))
      for (const id of ["a", "b", "c"]) yield* mq.enqueue("q", id, null)
      yield* settle
      yield* TestClock.adjust(10)
      yield* settle
      assert.strictEqual(calls, 6, "maxAttempts 2 from the layer")
      const failed = yield* mq.failed("q")
      assert.deepStrictEqual(
        failed.map((f) => f.id),
        ["c", "b"]
      )
      assert.isFalse(yield* mq.retryFailed("q", "a"), "forgotten once past keepFailed")
      assert.strictEqual(failed[0]!.error, 'Refused {"code":6}')
    }).pipe(
      Effect.scoped,
      Effect.provide(MessageQueue.layerMemoryWith({ retry: { maxAttempts: 2, backoffMs: 10 }, keepFailed: 2 }))
    )
  )

  it.effect("mq-enqueue-policy: per-job options override the layer's policy", () =>
    Effect.gen(function* () {
      const mq = yield* MessageQueue
      const at: Array<number> = []
      yield* mq.consume("q", () => Effect.flatMap(Clock.currentTimeMillis, (t) => Effect.fail(void at.push(t))))
      yield* mq.enqueue("q", "j", null, { maxAttempts: 3, backoffMs: 100, delayMs: 50 })
      for (const step of [49, 1, 100, 200]) {
        yield* TestClock.adjust(step)
        yield* settle
      }
      assert.deepStrictEqual(at, [50, 150, 350])
      assert.strictEqual((yield* mq.failed("q"))[0]?.attempts, 3)
    }).pipe(Effect.scoped, Effect.provide(MessageQueue.layerMemory))
  )

  it("mq-backoff: backoffDelay doubles from the base", () => {
    const policy = { maxAttempts: 9, backoffMs: 250 }
    assert.deepStrictEqual(
      [1, 2, 3, 4].map((n) => Ports.backoffDelay(policy, n)),
      [250, 500, 1_000, 2_000]
    )
    assert.deepStrictEqual(Ports.defaultRetryPolicy, { maxAttempts: 5, backoffMs: 1_000 })
  })

  it("mq-describe-failure: tag and message, tag and fields, plain errors and defects", () => {
    const describe = Ports.describeFailure
    assert.strictEqual(describe(Cause.fail(new UnrecoverableJob({ message: "bad" }))), "UnrecoverableJob: bad")
    assert.strictEqual(describe(Cause.fail(new Refused({ code: 7 }))), 'Refused {"code":7}')
    assert.strictEqual(describe(Cause.fail({ _tag: "Bare" })), "Bare")
    assert.strictEqual(describe(Cause.die(new Error("boom"))), "boom")
    assert.strictEqual(describe(Cause.fail("plain")), "plain")
    assert.strictEqual(describe(Cause.fail(null)), "null")
    assert.strictEqual(describe(Cause.fail({ other: 1 })), "[object Object]")
    const cyclic: Record<string, unknown> = { _tag: "Cyclic" }
    cyclic.self = cyclic
    assert.strictEqual(describe(Cause.fail(cyclic)), "Cyclic {…}")
  })

  it("mq-unrecoverable: only the UnrecoverableJob tag stops retries", () => {
    assert.isTrue(Ports.isUnrecoverable(Cause.fail(new UnrecoverableJob({ message: "x" }))))
    assert.isFalse(Ports.isUnrecoverable(Cause.fail(new Refused({ code: 1 }))))
    assert.isFalse(Ports.isUnrecoverable(Cause.fail("UnrecoverableJob")))
    assert.isFalse(Ports.isUnrecoverable(Cause.die(new UnrecoverableJob({ message: "as a defect" }))))
  })
})
