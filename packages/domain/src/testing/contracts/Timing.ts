import { assert, it } from "@effect/vitest"
import { Clock, Effect } from "effect"
import { TestClock } from "effect/testing"

/**
 * How a contract suite lets time pass. Memory implementations run under `TestClock` ("test": time
 * moves only when the suite says so); Redis and BullMQ keep their own real time ("live"), where
 * the suite waits for real, always by polling with a deadline rather than a fixed sleep.
 */
export type ClockMode = "test" | "live"

export const effectTest = (mode: ClockMode) => (mode === "test" ? it.effect : it.live)

/** Let `ms` milliseconds pass: move the TestClock, or wait for real. */
export const pass = (mode: ClockMode, ms: number): Effect.Effect<void> =>
  mode === "test" ? TestClock.adjust(ms) : Effect.sleep(ms)

/** Re-check `condition` every `stepMs` until it holds; fail the test after `deadlineMs`. */
export const eventually = <E, R>(
  mode: ClockMode,
  label: string,
  condition: Effect.Effect<boolean, E, R>,
  options: { readonly stepMs?: number; readonly deadlineMs?: number } = {}
): Effect.Effect<void, E, R> =>
  Effect.gen(function* () {
    const stepMs = options.stepMs ?? 5
    const deadlineMs = options.deadlineMs ?? 10_000
    const start = yield* Clock.currentTimeMillis
    while (!(yield* condition)) {
      if ((yield* Clock.currentTimeMillis) - start > deadlineMs) {
        return yield* Effect.sync(() => assert.fail(`timed out after ${deadlineMs} ms waiting for: ${label}`))
      }
      yield* pass(mode, stepMs)
    }
  })
