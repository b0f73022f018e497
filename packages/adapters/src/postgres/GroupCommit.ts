import { Deferred, Effect, Exit, type Scope } from "effect"

/**
 * Group commit: calls that arrive for the same key while that key's previous batch is in flight
 * wait together and are handed to `run` as one batch (one statement, one commit). `run` answers
 * every request in order with its own success or failure. One batch per key is in flight at a
 * time; the first call never waits for company, so an idle key costs no extra latency.
 */
export interface GroupCommit<Req, A, E> {
  readonly submit: (key: string, request: Req) => Effect.Effect<A, E>
}

interface Waiting<Req, A, E> {
  readonly request: Req
  readonly deferred: Deferred.Deferred<A, E>
}

export const make = <Req, A, E>(options: {
  readonly maxBatch: number
  /** Exactly one Exit per request, in the order given. A failure of `run` itself fails the whole batch. */
  readonly run: (key: string, requests: ReadonlyArray<Req>) => Effect.Effect<ReadonlyArray<Exit.Exit<A, E>>>
}): Effect.Effect<GroupCommit<Req, A, E>, never, Scope.Scope> =>
  Effect.gen(function* () {
    const scope = yield* Effect.scope
    // A key is present exactly while a drainer runs for it; its array holds the requests not yet taken.
    const queues = new Map<string, Array<Waiting<Req, A, E>>>()

    const takeBatch = (key: string) =>
      Effect.sync(() => {
        const queue = queues.get(key)
        if (queue === undefined || queue.length === 0) {
          queues.delete(key)
          return undefined
        }
        return queue.splice(0, options.maxBatch)
      })

    const answer = (batch: ReadonlyArray<Waiting<Req, A, E>>, exit: Exit.Exit<ReadonlyArray<Exit.Exit<A, E>>>) =>
      Effect.forEach(
        batch,
        (waiting, i) =>
          Exit.isSuccess(exit)
            ? Deferred.done(waiting.deferred, exit.value[i] ?? Exit.die(new Error("group commit: no answer")))
            : Deferred.failCause(waiting.deferred, exit.cause),
        { discard: true }
      )

    const drain = (key: string): Effect.Effect<void> =>
      Effect.gen(function* () {
        while (true) {
          const batch = yield* takeBatch(key)
          if (batch === undefined) return
          const exit = yield* Effect.exit(
            options.run(
              key,
              batch.map((w) => w.request)
            )
          ).pipe(
            Effect.onInterrupt(() => Effect.forEach(batch, (w) => Deferred.interrupt(w.deferred), { discard: true }))
          )
          yield* answer(batch, exit)
        }
      })

    // Closing the layer answers whoever still waits instead of leaving them hanging.
    yield* Effect.addFinalizer(() =>
      Effect.forEach([...queues.values()].flat(), (w) => Deferred.interrupt(w.deferred), { discard: true })
    )

    const submit = (key: string, request: Req): Effect.Effect<A, E> =>
      Effect.gen(function* () {
        const deferred = yield* Deferred.make<A, E>()
        const startDrainer = yield* Effect.sync(() => {
          const queue = queues.get(key)
          if (queue !== undefined) {
            queue.push({ request, deferred })
            return false
          }
          queues.set(key, [{ request, deferred }])
          return true
        })
        if (startDrainer) yield* Effect.forkIn(drain(key), scope)
        return yield* Deferred.await(deferred)
      })

    return { submit }
  })
