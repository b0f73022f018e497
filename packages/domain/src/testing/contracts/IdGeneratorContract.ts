import { assert, describe, it } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import { IdGenerator } from "../../ports/IdGenerator.ts"

/** The IdGenerator contract (SPEC §4): prefixed, non-empty, never repeated, even under concurrency. */
export const idGeneratorContract = (name: string, layer: Layer.Layer<IdGenerator, unknown>) =>
  describe(`IdGenerator contract: ${name}`, () => {
    const test = (title: string, body: () => Effect.Effect<void, unknown, IdGenerator>) =>
      it.effect(title, () => body().pipe(Effect.provide(layer)))

    test("ids start with the prefix and an underscore, followed by a body", () =>
      Effect.gen(function* () {
        const ids = yield* IdGenerator
        for (const prefix of ["ord", "msg", "out"]) {
          const id = yield* ids.next(prefix)
          assert.isTrue(id.startsWith(`${prefix}_`), id)
          assert.isTrue(id.length > prefix.length + 1, id)
        }
      }))

    test("ids from concurrent callers are all distinct", () =>
      Effect.gen(function* () {
        const ids = yield* IdGenerator
        const all = yield* Effect.all(
          Array.from({ length: 5_000 }, (_, i) => ids.next(i % 2 === 0 ? "a" : "b")),
          { concurrency: "unbounded" }
        )
        assert.strictEqual(new Set(all).size, all.length)
      }))
  })
