import { Clock, Effect, type Layer, type Scope } from "effect"
import type { Job, MessageQueue } from "../../ports/MessageQueue.ts"
import { freshId } from "../Fresh.ts"
import { type ClockMode, effectTest, pass } from "./Timing.ts"

/** What the MessageQueue contract's tests share: the clock mode, timings and small helpers. */
export const makeQueueKit = (
  mode: ClockMode,
  backoffMs: number,
  slack: number,
  layer: Layer.Layer<MessageQueue, unknown>
) => {
  const test = (title: string, body: () => Effect.Effect<void, unknown, MessageQueue | Scope.Scope>) =>
    effectTest(mode)(title, () => Effect.scoped(body()).pipe(Effect.provide(layer)))
  const queueName = () => freshId("q")
  /** A handler that records each delivery (with the time it started) and succeeds. */
  const recorder = () => {
    const seen: Array<Job & { readonly at: number }> = []
    const handler = (job: Job) => Effect.map(Clock.currentTimeMillis, (at) => void seen.push({ ...job, at }))
    return { seen, handler }
  }
  const settle = pass(mode, 50)
  return { mode, backoffMs, slack, test, queueName, recorder, settle }
}

export type QueueKit = ReturnType<typeof makeQueueKit>
