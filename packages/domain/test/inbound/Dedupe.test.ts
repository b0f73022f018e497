import { DAY, InboundDedupe, dedupeTtl, minimumDedupeTtlMs } from "@chatshop/domain"
import { inboundDedupeContract } from "@chatshop/domain/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"

inboundDedupeContract("memory", InboundDedupe.layerMemory)

describe("InboundDedupe memory ttl", () => {
  it("dedupeTtl never goes under seven days", () => {
    assert.strictEqual(minimumDedupeTtlMs, 7 * DAY)
    assert.strictEqual(dedupeTtl(1), 7 * DAY)
    assert.strictEqual(dedupeTtl(9 * DAY), 9 * DAY)
  })

  it.effect("a record asked for 1 ms still holds just before 7 days and lapses at 7 days", () =>
    Effect.gen(function* () {
      const dedupe = yield* InboundDedupe
      assert.strictEqual(yield* dedupe.claim("k", 1), "new")
      yield* TestClock.adjust(7 * DAY - 1)
      assert.isTrue(yield* dedupe.seen("k"))
      assert.strictEqual(yield* dedupe.claim("k", 1), "seen")
      yield* TestClock.adjust(1)
      assert.isFalse(yield* dedupe.seen("k"))
      assert.strictEqual(yield* dedupe.claim("k", 1), "new")
    }).pipe(Effect.provide(InboundDedupe.layerMemory))
  )
})
