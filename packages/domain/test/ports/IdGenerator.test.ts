import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { IdGenerator } from "@chatshop/domain"
import { idGeneratorContract } from "@chatshop/domain/testing"

idGeneratorContract("memory", IdGenerator.layerMemory)
idGeneratorContract("random", IdGenerator.layerRandom)

describe("IdGenerator", () => {
  it.effect("ids-counter: the memory generator counts from 1 across prefixes, per layer", () =>
    Effect.gen(function* () {
      const ids = yield* IdGenerator
      assert.deepStrictEqual(
        [yield* ids.next("ord"), yield* ids.next("msg"), yield* ids.next("ord")],
        ["ord_1", "msg_2", "ord_3"]
      )
    }).pipe(Effect.provide(IdGenerator.layerMemory))
  )

  it.effect("ids-random: 32 hex digits after the prefix, ordered by creation time", () =>
    Effect.gen(function* () {
      const ids = yield* IdGenerator
      yield* TestClock.setTime(0x1234)
      const early = yield* ids.next("ord")
      yield* TestClock.setTime(1_767_225_600_000)
      const late = yield* ids.next("ord")
      assert.match(early, /^ord_[0-9a-f]{32}$/)
      assert.match(late, /^ord_[0-9a-f]{32}$/)
      assert.strictEqual(early.slice(4, 16), "000000001234")
      assert.strictEqual(late.slice(4, 16), (1_767_225_600_000).toString(16).padStart(12, "0"))
      assert.isTrue(early < late)
      const sameMillisecond = new Set<string>()
      for (let i = 0; i < 200; i++) sameMillisecond.add((yield* ids.next("x")).slice(14))
      assert.strictEqual(sameMillisecond.size, 200, "the random part tells ids of one millisecond apart")
    }).pipe(Effect.provide(IdGenerator.layerRandom))
  )
})
