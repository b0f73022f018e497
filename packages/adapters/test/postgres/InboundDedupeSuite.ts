import { InboundDedupe, minimumRetentionMs } from "@chatshop/adapters/postgres"
import { DAY } from "@chatshop/domain"
import { freshId, freshTenant } from "@chatshop/domain/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, type Layer } from "effect"

/** SPEC §9.2 on the SQL store: one `true` per delivered message, kept at least 7 days. */
export const inboundDedupeSuite = (name: string, dedupeLayer: Layer.Layer<InboundDedupe, unknown>) =>
  describe(`InboundDedupe: ${name}`, () => {
    it.effect("the first delivery is new, every repeat (even concurrent ones) is not", () =>
      Effect.gen(function* () {
        const dedupe = yield* InboundDedupe
        const t = freshTenant()
        const message = freshId("wamid")
        const results = yield* Effect.all(
          Array.from({ length: 20 }, () => dedupe.remember(t, "acct", message, 1_000)),
          { concurrency: "unbounded" }
        )
        assert.strictEqual(results.filter(Boolean).length, 1)
        assert.isFalse(yield* dedupe.remember(t, "acct", message, 9 * DAY))
        assert.isTrue(yield* dedupe.remember(t, "other-acct", message, 1_000))
        assert.isTrue(yield* dedupe.remember(freshTenant(), "acct", message, 1_000))
      }).pipe(Effect.provide(dedupeLayer))
    )

    it.effect("purge never forgets a record younger than 7 days", () =>
      Effect.gen(function* () {
        const dedupe = yield* InboundDedupe
        const t = freshTenant()
        const [old, recent] = [freshId("old"), freshId("recent")]
        // Far in the future so a shared database's other records are never old enough to go.
        const now = 1_000_000 * DAY
        yield* dedupe.remember(t, "acct", old, now - minimumRetentionMs - 1)
        yield* dedupe.remember(t, "acct", recent, now - minimumRetentionMs + 1)
        yield* dedupe.purge(now, DAY) // asking for 1 day still keeps 7
        assert.isTrue(yield* dedupe.remember(t, "acct", old, now))
        assert.isFalse(yield* dedupe.remember(t, "acct", recent, now))
      }).pipe(Effect.provide(dedupeLayer))
    )
  })
