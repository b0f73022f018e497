import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect } from "effect"
import { MessageQueue, Ports } from "@chatshop/domain"

// What an operator reads on a failed job, and retrying one by hand (SPEC §2 background work).
const settle = Effect.gen(function* () {
  for (let i = 0; i < 10; i++) yield* Effect.yieldNow
})

describe("MessageQueue failure text and manual retry", () => {
  it("mq-describe-failure: tag and message, tag and fields, bare tag, plain errors and non-objects", () => {
    const d = (e: unknown) => Ports.describeFailure(Cause.fail(e))
    assert.strictEqual(d({ _tag: "Refused", message: "no stock" }), "Refused: no stock")
    assert.strictEqual(d({ _tag: "Refused", code: 7 }), 'Refused {"code":7}')
    assert.strictEqual(d({ _tag: "Refused" }), "Refused")
    // A non-string message is a field, not the message.
    assert.strictEqual(d({ _tag: "Refused", message: 42 }), 'Refused {"message":42}')
    // A non-string tag is no tag.
    assert.strictEqual(d({ _tag: 5, message: "m" }), "m")
    assert.strictEqual(d(new Error("disk full")), "disk full")
    assert.strictEqual(d({}), "[object Object]")
    assert.strictEqual(d("nope"), "nope")
    const cyclic: Record<string, unknown> = { _tag: "Loop" }
    cyclic.self = cyclic
    assert.strictEqual(d(cyclic), "Loop {…}")
  })

  it("mq-unrecoverable: only an UnrecoverableJob failure stops retries", () => {
    assert.isTrue(Ports.isUnrecoverable(Cause.fail(new Ports.UnrecoverableJob({ message: "bad payload" }))))
    assert.isFalse(Ports.isUnrecoverable(Cause.fail({ _tag: "Refused" })))
    assert.isFalse(Ports.isUnrecoverable(Cause.fail("UnrecoverableJob")))
    assert.isFalse(Ports.isUnrecoverable(Cause.fail(null)))
    assert.isFalse(Ports.isUnrecoverable(Cause.die(new Ports.UnrecoverableJob({ message: "x" }))))
  })

  it.effect("mq-retry-failed: a retried job leaves the failed list at once and runs again", () =>
    Effect.gen(function* () {
      const mq = yield* MessageQueue
      let runs = 0
      yield* mq.consume("q", () =>
        Effect.suspend(() => {
          runs += 1
          return runs === 1 ? Effect.fail("first time") : Effect.void
        })
      )
      yield* mq.enqueue("q", "j", { n: 1 }, { maxAttempts: 1 })
      yield* settle
      assert.deepStrictEqual(
        (yield* mq.failed("q")).map((f) => [f.id, f.attempts, f.error, f.payload]),
        [["j", 1, "first time", { n: 1 }]]
      )
      assert.isFalse(yield* mq.retryFailed("q", "other"))
      assert.isTrue(yield* mq.retryFailed("q", "j"))
      assert.deepStrictEqual(yield* mq.failed("q"), [])
      yield* settle
      assert.strictEqual(runs, 2)
      assert.deepStrictEqual(yield* mq.failed("q"), [])
      assert.isFalse(yield* mq.retryFailed("q", "j"), "a completed job is not failed")
    }).pipe(Effect.scoped, Effect.provide(MessageQueue.layerMemory))
  )
})
