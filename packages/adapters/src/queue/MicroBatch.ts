/**
 * Coalesces concurrent calls into one batch call (SPEC §8 B1): calls made before the event loop's
 * next check phase (`setImmediate`) — the requests parsed in one I/O poll under load — share one
 * Redis round trip. A lone call waits for nothing but that turn. Each caller gets its own result;
 * a failed batch rejects every caller in it (their requests answer 5xx and the platform retries).
 */
export interface MicroBatchOptions {
  /** Flush at once when this many calls are waiting (default 512). */
  readonly maxSize?: number
}

interface Waiter<I, O> {
  readonly input: I
  readonly resolve: (output: O) => void
  readonly reject: (error: unknown) => void
}

export const microBatch = <I, O>(
  run: (inputs: ReadonlyArray<I>) => Promise<ReadonlyArray<O>>,
  options: MicroBatchOptions = {}
): ((input: I) => Promise<O>) => {
  const maxSize = options.maxSize ?? 512
  let pending: Array<Waiter<I, O>> = []
  let scheduled = false

  const flush = () => {
    scheduled = false
    if (pending.length === 0) return
    const batch = pending
    pending = []
    let outputs: Promise<ReadonlyArray<O>>
    try {
      outputs = run(batch.map((w) => w.input))
    } catch (error) {
      outputs = Promise.reject(error)
    }
    outputs.then(
      (results) => {
        if (results.length !== batch.length) {
          const error = new Error(`batch answered ${results.length} results for ${batch.length} calls`)
          for (const w of batch) w.reject(error)
          return
        }
        for (const [i, w] of batch.entries()) w.resolve(results[i] as O)
      },
      (error: unknown) => {
        for (const w of batch) w.reject(error)
      }
    )
  }

  return (input) =>
    new Promise<O>((resolve, reject) => {
      pending.push({ input, resolve, reject })
      if (pending.length >= maxSize) flush()
      else if (!scheduled) {
        scheduled = true
        setImmediate(flush)
      }
    })
}
