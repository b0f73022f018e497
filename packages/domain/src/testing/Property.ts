import { it } from "@effect/vitest"
import * as fc from "fast-check"

/**
 * A named fast-check property registered as one vitest test. `runs` defaults to 200; invariant
 * and model-based suites pass ≥ 1,000. Seeds are printed by fast-check on failure for replay.
 */
export const property = <Ts extends [unknown, ...Array<unknown>]>(
  name: string,
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  predicate: (...args: Ts) => boolean | undefined,
  runs = 200
): void => {
  it(name, () => {
    fc.assert(
      fc.property(
        ...(arbitraries as [fc.Arbitrary<unknown>]),
        predicate as unknown as (x: unknown) => boolean | undefined
      ),
      {
        numRuns: runs
      }
    )
  })
}
