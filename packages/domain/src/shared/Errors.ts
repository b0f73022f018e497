import { Effect } from "effect"

/**
 * Keep only the listed error tags in the error channel; any other failure is a defect (a bug:
 * the caller's command could not have produced it). Lets a port declare exactly what it can fail with.
 */
export const onlyErrors =
  <const K extends string>(...tags: ReadonlyArray<K>) =>
  <A, E extends { readonly _tag: string }, R>(
    self: Effect.Effect<A, E, R>
  ): Effect.Effect<A, Extract<E, { readonly _tag: K }>, R> =>
    Effect.catchIf(
      self,
      (e): e is Exclude<E, { readonly _tag: K }> => !(tags as ReadonlyArray<string>).includes(e._tag),
      Effect.die
    ) as Effect.Effect<A, Extract<E, { readonly _tag: K }>, R>
