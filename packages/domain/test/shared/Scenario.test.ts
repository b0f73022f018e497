import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import type { Decider } from "@chatshop/domain"
import { scenario } from "@chatshop/domain/testing"

// A tally that adds positive amounts and refuses the rest: enough to pin given/when/then.
type Added = { readonly _tag: "Added"; readonly amount: number }
type Refused = { readonly _tag: "Refused"; readonly amount: number; readonly total: number }
type Closed = { readonly _tag: "Closed" }
const tally: Decider.Decider<number, number, Added, Refused | Closed> = {
  initial: 0,
  decide: (amount, total) =>
    total >= 100
      ? Result.fail({ _tag: "Closed" })
      : amount > 0
        ? Result.succeed(amount === 1 ? [] : [{ _tag: "Added", amount }])
        : Result.fail({ _tag: "Refused", amount, total }),
  evolve: (total, e) => total + e.amount
}
const added = (amount: number): Added => ({ _tag: "Added", amount })
const { given, givenState } = scenario(tally)

describe("given/when/then over a decider", () => {
  it("scenario-given: folds the events from the initial state, or starts from the state given", () => {
    assert.strictEqual(given().state, 0)
    assert.strictEqual(given([added(2), added(3)]).state, 5)
    assert.strictEqual(givenState(40).state, 40)
  })

  it("scenario-then: passes on exactly the events decided and goes on from the state after them", () => {
    const after = given([added(2)])
      .when(3)
      .then([added(3)])
    assert.strictEqual(after.state, 5)
    assert.strictEqual(
      after
        .when(4)
        .then([added(4)])
        .when(1)
        .then([]).state,
      9
    )
    assert.deepStrictEqual(given().when(7).result, Result.succeed({ state: 7, events: [added(7)] }))
  })

  it("scenario-then-fails: other events, a no-op or a rejection fail the assertion", () => {
    assert.throws(() =>
      given()
        .when(3)
        .then([added(4)])
    )
    assert.throws(() => given().when(3).then([]))
    assert.throws(() =>
      given()
        .when(1)
        .then([added(1)])
    )
    assert.throws(() => given().when(-1).then([]), /expected events, but the command was rejected with Refused/)
  })

  it("scenario-rejects: returns the error of the expected tag; checks the fields given", () => {
    const refused = givenState(5).when(-2).thenRejects("Refused", { amount: -2 })
    assert.deepStrictEqual(refused, { _tag: "Refused", amount: -2, total: 5 })
    assert.deepStrictEqual(givenState(5).when(-2).thenRejects("Refused", { amount: -2, total: 5 }), refused)
    assert.deepStrictEqual(givenState(100).when(1).thenRejects("Closed"), { _tag: "Closed" })
  })

  it("scenario-rejects-fails: another tag, other field values or an accepted command fail the assertion", () => {
    assert.throws(() => givenState(100).when(-2).thenRejects("Refused"), /expected a Refused rejection/)
    assert.throws(() => givenState(5).when(-2).thenRejects("Refused", { total: 6 }))
    assert.throws(() => given().when(2).thenRejects("Refused"), /accepted with \[Added\]/)
  })
})
