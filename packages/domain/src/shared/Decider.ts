import { Result } from "effect"

/**
 * A state machine as data plus two pure functions. `decide` turns a command into events (or a
 * typed rejection) without touching the state; `evolve` folds one event into the state.
 * Services wrap a decider: read state through a port, decide, evolve, write through the port.
 */
export interface Decider<S, C, E, Err> {
  readonly initial: S
  readonly decide: (command: C, state: S) => Result.Result<ReadonlyArray<E>, Err>
  readonly evolve: (state: S, event: E) => S
}

/** What `run` needs: a decider's two functions, without an initial state (e.g. over existing offers only). */
export type Rules<S, C, E, Err> = Pick<Decider<S, C, E, Err>, "decide" | "evolve">

/** What one command did: the state after it and the events that got it there (none: nothing changed). */
export interface Change<S, E> {
  readonly state: S
  readonly events: ReadonlyArray<E>
}

/** Fold a list of events into a state. */
export const fold = <S, E>(evolve: (state: S, event: E) => S, state: S, events: ReadonlyArray<E>): S => {
  let s = state
  for (const e of events) s = evolve(s, e)
  return s
}

/** Decide then evolve: the new state and the events, or the rejection. Every aggregate runs commands here. */
export const run = <S, C, E, Err>(
  decider: Rules<S, C, E, Err>,
  command: C,
  state: S
): Result.Result<Change<S, E>, Err> => {
  const decided = decider.decide(command, state)
  if (Result.isFailure(decided)) return Result.fail(decided.failure)
  return Result.succeed({ state: fold(decider.evolve, state, decided.success), events: decided.success })
}

/** `run` with the command first: the pure function a repository's atomic `update` applies to the stored state. */
export const step =
  <S, C, E, Err>(decider: Rules<S, C, E, Err>, command: C) =>
  (state: S): Result.Result<Change<S, E>, Err> =>
    run(decider, command, state)

/** Replay a whole history from the initial state (event-sourcing and model tests). */
export const replay = <S, C, E, Err>(decider: Decider<S, C, E, Err>, events: ReadonlyArray<E>): S =>
  fold(decider.evolve, decider.initial, events)
