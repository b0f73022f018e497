import { assert, describe, it } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import { InboundDedupe, minimumDedupeTtlMs } from "../../inbound/Dedupe.ts"
import { freshId } from "../Fresh.ts"

/**
 * The InboundDedupe contract (SPEC §9.2): the first claim of a key is "new", every later one "seen",
 * even when claims race; `seen` only reads. Keys are fresh per test so a shared Redis needs no cleanup.
 */
export const inboundDedupeContract = (name: string, layer: Layer.Layer<InboundDedupe, unknown>) =>
  describe(`InboundDedupe contract: ${name}`, () => {
    const test = (title: string, body: () => Effect.Effect<void, unknown, InboundDedupe>) =>
      it.effect(title, () => body().pipe(Effect.provide(layer)))

    test("the first claim is new, every repeat is seen", () =>
      Effect.gen(function* () {
        const dedupe = yield* InboundDedupe
        const key = `whatsapp:${freshId("acc")}:wamid.1`
        assert.strictEqual(yield* dedupe.claim(key, minimumDedupeTtlMs), "new")
        assert.strictEqual(yield* dedupe.claim(key, minimumDedupeTtlMs), "seen")
        assert.strictEqual(yield* dedupe.claim(key, minimumDedupeTtlMs), "seen")
      }))

    test("seen reads without recording; true once claimed", () =>
      Effect.gen(function* () {
        const dedupe = yield* InboundDedupe
        const key = freshId("k")
        assert.isFalse(yield* dedupe.seen(key))
        assert.isFalse(yield* dedupe.seen(key))
        assert.strictEqual(yield* dedupe.claim(key, minimumDedupeTtlMs), "new")
        assert.isTrue(yield* dedupe.seen(key))
      }))

    test("keys are independent: claiming one leaves others new", () =>
      Effect.gen(function* () {
        const dedupe = yield* InboundDedupe
        const a = freshId("a")
        const b = freshId("b")
        assert.strictEqual(yield* dedupe.claim(a, minimumDedupeTtlMs), "new")
        assert.isFalse(yield* dedupe.seen(b))
        assert.strictEqual(yield* dedupe.claim(b, minimumDedupeTtlMs), "new")
      }))

    test("100 concurrent claims of one key: exactly one is new", () =>
      Effect.gen(function* () {
        const dedupe = yield* InboundDedupe
        const key = freshId("race")
        const results = yield* Effect.all(
          Array.from({ length: 100 }, () => dedupe.claim(key, minimumDedupeTtlMs)),
          { concurrency: "unbounded" }
        )
        assert.strictEqual(results.filter((r) => r === "new").length, 1)
      }))

    test("a ttl under seven days still records the key", () =>
      Effect.gen(function* () {
        const dedupe = yield* InboundDedupe
        const key = freshId("short")
        assert.strictEqual(yield* dedupe.claim(key, 1), "new")
        assert.strictEqual(yield* dedupe.claim(key, 1), "seen")
      }))
  })
