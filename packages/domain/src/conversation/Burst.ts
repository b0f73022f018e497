/**
 * Bursts (SPEC §3.7): messages one customer sends within the debounce of each other are one turn,
 * handled in order. Pure; the worker keeps the pending messages and a per-customer lock makes
 * sure one customer's turns never run concurrently.
 */

/** Anything stamped with a time in epoch milliseconds (a pending inbound message). */
export interface Timed {
  readonly at: number
}

const byTime = <M extends Timed>(messages: ReadonlyArray<M>): Array<M> =>
  // Array.prototype.sort is stable: same-millisecond messages keep their arrival order.
  [...messages].sort((a, b) => a.at - b.at)

/** Split messages into turns: a gap longer than `debounceMs` starts a new turn. Each turn is in time order. */
export const groupBursts = <M extends Timed>(
  messages: ReadonlyArray<M>,
  debounceMs: number
): ReadonlyArray<ReadonlyArray<M>> => {
  const turns: Array<Array<M>> = []
  let current: Array<M> = []
  let last = 0
  for (const m of byTime(messages)) {
    if (current.length > 0 && m.at - last > debounceMs) {
      turns.push(current)
      current = []
    }
    current.push(m)
    last = m.at
  }
  if (current.length > 0) turns.push(current)
  return turns
}

/**
 * When the first pending turn is complete: its last message plus the debounce (another message
 * before then would join it). Null when nothing is pending.
 */
export const burstReadyAt = (pending: ReadonlyArray<Timed>, debounceMs: number): number | null => {
  const first = groupBursts(pending, debounceMs)[0]
  if (first === undefined) return null
  return first[first.length - 1]!.at + debounceMs
}

/** Whether the first pending turn can run at `now`. */
export const isTurnReady = (pending: ReadonlyArray<Timed>, debounceMs: number, now: number): boolean => {
  const readyAt = burstReadyAt(pending, debounceMs)
  return readyAt !== null && now >= readyAt
}

/** Take the first turn if it is ready at `now`: its messages in order, and what stays pending. */
export const takeTurn = <M extends Timed>(
  pending: ReadonlyArray<M>,
  debounceMs: number,
  now: number
): { readonly turn: ReadonlyArray<M>; readonly rest: ReadonlyArray<M> } | null => {
  const turns = groupBursts(pending, debounceMs)
  const first = turns[0]
  if (first === undefined || now < first[first.length - 1]!.at + debounceMs) return null
  return { turn: first, rest: turns.slice(1).flat() }
}
