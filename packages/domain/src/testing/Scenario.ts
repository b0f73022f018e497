import { assert } from "@effect/vitest"
import { Result } from "effect"
import * as D from "../shared/Decider.ts"

type Tagged = { readonly _tag: string }

/** A state to send the next command to. */
export interface Given<S, C, E, Err extends Tagged> {
  readonly state: S
  readonly when: (command: C) => Outcome<S, C, E, Err>
}

/** What the decider made of one command, with the assertions a decider example ends in. */
export interface Outcome<S, C, E, Err extends Tagged> {
  /** The decision itself, for checks the assertions below do not cover. */
  readonly result: Result.Result<D.Change<S, E>, Err>
  /** The command was accepted with exactly these events (`[]`: a no-op); go on from the state after them. */
  readonly then: (events: ReadonlyArray<E>) => Given<S, C, E, Err>
  /** The command was refused with this error and, when given, these of its fields; returns the error. */
  readonly thenRejects: <Tag extends Err["_tag"]>(
    tag: Tag,
    fields?: Partial<Omit<Extract<Err, { readonly _tag: Tag }>, "_tag">>
  ) => Extract<Err, { readonly _tag: Tag }>
}

export interface Scenario<S, C, E, Err extends Tagged> {
  /** From the decider's initial state with these events folded in. */
  readonly given: (events?: ReadonlyArray<E>) => Given<S, C, E, Err>
  /** From a state built some other way (a fixture). */
  readonly givenState: (state: S) => Given<S, C, E, Err>
}

const describeResult = <S, E extends Tagged, Err extends Tagged>(result: Result.Result<D.Change<S, E>, Err>) =>
  Result.isFailure(result)
    ? `rejected with ${result.failure._tag}`
    : `accepted with [${result.success.events.map((e) => e._tag).join(", ")}]`

/**
 * Given/when/then over a decider, for example tests:
 * `scenario(d).given([e1]).when(c).then([e2])` or `….when(c).thenRejects("Tag", { field })`.
 * The assertions are @effect/vitest's, so a mismatch fails the test with a diff.
 */
export const scenario = <S, C, E extends Tagged, Err extends Tagged>(
  decider: D.Decider<S, C, E, Err>
): Scenario<S, C, E, Err> => {
  const from = (state: S): Given<S, C, E, Err> => ({
    state,
    when: (command) => {
      const result = D.run(decider, command, state)
      return {
        result,
        // biome-ignore lint/suspicious/noThenProperty: the step of given/when/then; an outcome is never awaited
        then: (events) => {
          if (Result.isFailure(result))
            return assert.fail(`expected events, but the command was ${describeResult(result)}`)
          assert.deepStrictEqual(result.success.events, events)
          return from(result.success.state)
        },
        thenRejects: (tag, fields) => {
          if (Result.isSuccess(result) || result.failure._tag !== tag) {
            return assert.fail(`expected a ${tag} rejection, but the command was ${describeResult(result)}`)
          }
          const error = result.failure as Extract<Err, { readonly _tag: typeof tag }>
          if (fields !== undefined) {
            const actual = Object.fromEntries(
              Object.keys(fields).map((k) => [k, (error as Record<string, unknown>)[k]])
            )
            assert.deepStrictEqual(actual, fields as Record<string, unknown>)
          }
          return error
        }
      }
    }
  })
  return {
    given: (events = []) => from(D.replay(decider, events)),
    givenState: from
  }
}
