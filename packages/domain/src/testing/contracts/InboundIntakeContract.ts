import { assert, describe } from "@effect/vitest"
import { Effect, type Layer, type Scope } from "effect"
import { InboundIntake, type IntakeEntry } from "../../inbound/Intake.ts"
import { type Job, MessageQueue } from "../../ports/MessageQueue.ts"
import { freshId } from "../Fresh.ts"
import { type ClockMode, effectTest, eventually, pass } from "./Timing.ts"

/**
 * The InboundIntake contract (SPEC §9.2, §9.4): the first intake of a key is "new" and its job
 * reaches the queue exactly once; every repeat — in the same call, in a later call, or racing —
 * is "seen" and adds no job. The layer gives the intake and the queue its jobs reach (with
 * whatever moves them there running). Keys and queues are fresh per test: no cleanup needed.
 */
export const inboundIntakeContract = (
  name: string,
  layer: Layer.Layer<InboundIntake | MessageQueue, unknown>,
  options: { readonly clock?: ClockMode } = {}
) =>
  describe(`InboundIntake contract: ${name}`, () => {
    const mode = options.clock ?? "test"
    const test = (
      title: string,
      body: () => Effect.Effect<void, unknown, InboundIntake | MessageQueue | Scope.Scope>
    ) => effectTest(mode)(title, () => Effect.scoped(body()).pipe(Effect.provide(layer)))
    const entry = (queue: string, n = 1): IntakeEntry => ({
      key: `whatsapp:${freshId("acc")}:wamid.${n}`,
      queue,
      payload: { n, text: "do you have these boots in 38?", nested: { ok: true } }
    })
    /** Consume `queue`, recording every delivery. */
    const deliveries = (queue: string) =>
      Effect.gen(function* () {
        const seen: Array<Job> = []
        yield* (yield* MessageQueue).consume(queue, (job) => Effect.sync(() => void seen.push(job)))
        return seen
      })
    /** Wait until `count` jobs arrived, then a little longer, so an extra job would show. */
    const settled = (seen: ReadonlyArray<Job>, count: number) =>
      Effect.gen(function* () {
        yield* eventually(
          mode,
          `${count} deliveries`,
          Effect.sync(() => seen.length >= count)
        )
        yield* pass(mode, 200)
      })

    test("a new key is taken in once; its job arrives with the key as id and the payload", () =>
      Effect.gen(function* () {
        const intake = yield* InboundIntake
        const queue = freshId("q")
        const e = entry(queue)
        assert.deepStrictEqual(yield* intake.accept([e]), ["new"])
        assert.deepStrictEqual(yield* intake.accept([e]), ["seen"])
        const seen = yield* deliveries(queue)
        yield* settled(seen, 1)
        assert.deepStrictEqual(
          seen.map((j) => ({ queue: j.queue, id: j.id, payload: j.payload })),
          [{ queue, id: e.key, payload: e.payload }]
        )
      }))

    test("one call: answers in order, a key repeated within it is seen, the others are new", () =>
      Effect.gen(function* () {
        const intake = yield* InboundIntake
        const queue = freshId("q")
        const [a, b, c] = [entry(queue, 1), entry(queue, 2), entry(queue, 3)]
        assert.deepStrictEqual(yield* intake.accept([a, b, a, c, b]), ["new", "new", "seen", "new", "seen"])
        assert.deepStrictEqual(yield* intake.accept([c, entry(queue, 4)]), ["seen", "new"])
        const seen = yield* deliveries(queue)
        yield* settled(seen, 4)
        assert.strictEqual(seen.length, 4)
        assert.sameMembers(
          seen.map((j) => (j.payload as { n: number }).n),
          [1, 2, 3, 4]
        )
      }))

    test("50 concurrent intakes of one key: exactly one is new and one job arrives", () =>
      Effect.gen(function* () {
        const intake = yield* InboundIntake
        const queue = freshId("q")
        const e = entry(queue)
        const answers = yield* Effect.all(
          Array.from({ length: 50 }, () => intake.accept([e])),
          { concurrency: "unbounded" }
        )
        assert.strictEqual(answers.flat().filter((a) => a === "new").length, 1)
        const seen = yield* deliveries(queue)
        yield* settled(seen, 1)
        assert.strictEqual(seen.length, 1)
      }))

    test("entries go to their own queues", () =>
      Effect.gen(function* () {
        const intake = yield* InboundIntake
        const [q1, q2] = [freshId("q"), freshId("q")]
        const [a, b] = [entry(q1, 1), entry(q2, 2)]
        assert.deepStrictEqual(yield* intake.accept([a, b]), ["new", "new"])
        const seen1 = yield* deliveries(q1)
        const seen2 = yield* deliveries(q2)
        yield* settled(seen1, 1)
        yield* settled(seen2, 1)
        assert.deepStrictEqual([seen1.map((j) => j.id), seen2.map((j) => j.id)], [[a.key], [b.key]])
      }))
  })
