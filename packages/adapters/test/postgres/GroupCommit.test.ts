import { GroupCommit } from "@chatshop/adapters/postgres"
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Exit, Fiber } from "effect"

/** A fake batch runner: records each batch, waits for the gate, answers n → n * 10 (odd n fail). */
const recorder = (gate: Deferred.Deferred<void>) => {
  const batches: Array<ReadonlyArray<number>> = []
  const run = (_key: string, requests: ReadonlyArray<number>) =>
    Effect.gen(function* () {
      batches.push(requests)
      yield* Deferred.await(gate)
      return requests.map((n) => (n % 2 === 0 ? Exit.succeed(n * 10) : Exit.fail(`odd ${n}`)))
    })
  return { batches, run }
}

describe("GroupCommit", () => {
  it.effect("calls that arrive while a batch is in flight go together in the next one, each with its own answer", () =>
    Effect.gen(function* () {
      const gate = yield* Deferred.make<void>()
      const { batches, run } = recorder(gate)
      const group = yield* GroupCommit.make({ maxBatch: 100, run })
      const first = yield* Effect.forkChild(Effect.exit(group.submit("sku", 0)))
      yield* Effect.yieldNow
      const rest = yield* Effect.forkChild(
        Effect.all(
          [1, 2, 3, 4].map((n) => Effect.exit(group.submit("sku", n))),
          { concurrency: "unbounded" }
        )
      )
      yield* Effect.yieldNow
      yield* Deferred.succeed(gate, undefined)
      const answers = [yield* Fiber.join(first), ...(yield* Fiber.join(rest))]
      assert.deepStrictEqual(batches, [[0], [1, 2, 3, 4]])
      assert.deepStrictEqual(answers, [
        Exit.succeed(0),
        Exit.fail("odd 1"),
        Exit.succeed(20),
        Exit.fail("odd 3"),
        Exit.succeed(40)
      ])
    }).pipe(Effect.scoped)
  )

  it.effect("keys batch independently and a batch never exceeds maxBatch", () =>
    Effect.gen(function* () {
      const gate = yield* Deferred.make<void>()
      yield* Deferred.succeed(gate, undefined)
      const { batches, run } = recorder(gate)
      const group = yield* GroupCommit.make({ maxBatch: 3, run })
      const calls = [0, 2, 4, 6, 8, 10, 12].flatMap((n) => [group.submit("a", n), group.submit("b", n + 100)])
      const answers = yield* Effect.all(calls, { concurrency: "unbounded" })
      assert.strictEqual(answers.length, 14)
      assert.isTrue(batches.every((b) => b.length <= 3))
      assert.isTrue(batches.every((b) => b.every((n) => n >= 100) || b.every((n) => n < 100)))
      assert.deepStrictEqual(answers.slice(0, 2), [0, 1000])
    }).pipe(Effect.scoped)
  )

  it.effect("a batch that dies fails every caller in it with the defect", () =>
    Effect.gen(function* () {
      const group = yield* GroupCommit.make<number, number, never>({
        maxBatch: 10,
        run: () => Effect.die(new Error("connection lost"))
      })
      const exits = yield* Effect.all([group.submit("k", 1), group.submit("k", 2)].map(Effect.exit), {
        concurrency: "unbounded"
      })
      for (const exit of exits) {
        assert.isTrue(Exit.isFailure(exit))
        assert.include(String(Exit.isFailure(exit) ? exit.cause : ""), "connection lost")
      }
    }).pipe(Effect.scoped)
  )

  it.effect("closing the scope answers waiting callers instead of leaving them hanging", () =>
    Effect.gen(function* () {
      const gate = yield* Deferred.make<void>()
      const { run } = recorder(gate)
      const waiting = yield* Effect.scoped(
        Effect.gen(function* () {
          const group = yield* GroupCommit.make({ maxBatch: 10, run })
          const fiber = yield* Effect.forkDetach(Effect.exit(group.submit("k", 2)))
          yield* Effect.yieldNow
          return fiber
        })
      )
      const exit = yield* Fiber.join(waiting)
      assert.isTrue(Exit.isFailure(exit) && Exit.hasInterrupts(exit))
    })
  )
})
