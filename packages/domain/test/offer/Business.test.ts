import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { BusinessId, Decider, Offer, TenantId, timestamp } from "@chatshop/domain"
import { OfferArb, property } from "@chatshop/domain/testing"

const submit: Offer.BusinessCommand = {
  _tag: "Submit",
  businessId: BusinessId.make("b1"),
  tenantId: TenantId.make("t1"),
  name: "Corner bakery",
  at: timestamp(0)
}
const pending = Result.getOrThrow(Decider.run(Offer.businessDecider, submit, undefined)).state!
const failureTag = (r: Result.Result<unknown, { readonly _tag: string }>) =>
  Result.isFailure(r) ? r.failure._tag : undefined

/** The allowed arrows of SPEC §3.4 plus resubmission after a rejection. */
const allowed = new Set(["pending>verified", "pending>rejected", "rejected>pending"])

describe("business verification (SPEC §3.4)", () => {
  property(
    "offer-business-verification: pending → verified | rejected, rejected → pending; verified is kept",
    [OfferArb.businessCommands],
    (commands) => {
      let state: Offer.Business = pending
      for (const command of commands) {
        const result = Offer.stepBusiness(command)(state)
        if (Result.isFailure(result)) {
          assert.include(["IllegalBusinessTransition", "InvalidBusiness"], result.failure._tag)
          continue
        }
        const next = result.success.state
        if (next.status !== state.status) assert.isTrue(allowed.has(`${state.status}>${next.status}`))
        else assert.strictEqual(result.success.events.length, 0)
        assert.strictEqual(next.reason !== undefined, next.status === "rejected")
        assert.strictEqual(next.version, state.version + result.success.events.length)
        state = next
      }
    },
    1000
  )

  property(
    "offer-business-replay: replaying a business's events rebuilds it",
    [OfferArb.businessCommands],
    (commands) => {
      let state: Offer.BusinessState
      const events: Array<Offer.BusinessEvent> = []
      for (const command of [submit, ...commands]) {
        const result: Result.Result<
          { readonly state: Offer.BusinessState; readonly events: ReadonlyArray<Offer.BusinessEvent> },
          Offer.BusinessError
        > = Decider.run(Offer.businessDecider, command, state)
        if (Result.isFailure(result)) continue
        state = result.success.state
        events.push(...result.success.events)
      }
      assert.deepStrictEqual(Decider.replay(Offer.businessDecider, events), state)
    },
    300
  )

  it("submit makes a pending business; names and reasons can't be blank", () => {
    assert.deepStrictEqual(pending, {
      id: BusinessId.make("b1"),
      tenantId: TenantId.make("t1"),
      name: "Corner bakery",
      status: "pending",
      version: 1
    })
    assert.strictEqual(failureTag(Offer.decideBusiness(submit, pending)), "BusinessAlreadyExists")
    assert.strictEqual(failureTag(Offer.decideBusiness({ ...submit, name: " " }, undefined)), "InvalidBusiness")
    assert.strictEqual(
      failureTag(Offer.decideBusiness({ _tag: "Verify", at: timestamp(0) }, undefined)),
      "BusinessNotCreated"
    )
    assert.strictEqual(Offer.evolveBusiness(undefined, { _tag: "Verified", at: timestamp(0) }), undefined)
    assert.strictEqual(Offer.evolveBusiness(pending, { ...submit, _tag: "Submitted", name: "x" }), pending)
    assert.strictEqual(Offer.evolveExisting(pending, { ...submit, _tag: "Submitted", name: "x" }), pending)
    const blank = Offer.decideBusiness({ _tag: "Reject", reason: "", at: timestamp(0) }, pending)
    assert.deepStrictEqual(
      Result.isFailure(blank) && blank.failure,
      new Offer.InvalidBusiness({ reason: "a rejection needs a reason" })
    )
  })

  it("reject records the reason; resubmit clears it and may rename; verify is idempotent", () => {
    const step = (command: Offer.BusinessCommand, state: Offer.Business) =>
      Result.getOrThrow(Offer.stepBusiness(command)(state)).state
    const rejected = step({ _tag: "Reject", reason: "no licence", at: timestamp(1) }, pending)
    assert.deepStrictEqual([rejected.status, rejected.reason, rejected.version], ["rejected", "no licence", 2])
    const illegal = Offer.decideBusiness({ _tag: "Verify", at: timestamp(2) }, rejected)
    assert.deepStrictEqual(
      Result.isFailure(illegal) && illegal.failure,
      new Offer.IllegalBusinessTransition({ businessId: pending.id, from: "rejected", command: "Verify" })
    )
    assert.strictEqual(
      failureTag(Offer.decideBusiness({ _tag: "Reject", reason: "x", at: timestamp(2) }, rejected)),
      "IllegalBusinessTransition"
    )
    assert.strictEqual(
      failureTag(Offer.decideBusiness({ _tag: "Resubmit", name: " ", at: timestamp(2) }, rejected)),
      "InvalidBusiness"
    )
    const same = step({ _tag: "Resubmit", at: timestamp(2) }, rejected)
    assert.deepStrictEqual(same, { ...pending, version: 3 })
    const renamed = step({ _tag: "Resubmit", name: "Bakery & Co", at: timestamp(2) }, rejected)
    assert.strictEqual(renamed.name, "Bakery & Co")
    const verified = step({ _tag: "Verify", at: timestamp(3) }, renamed)
    assert.strictEqual(verified.status, "verified")
    assert.deepStrictEqual(Offer.decideBusiness({ _tag: "Verify", at: timestamp(4) }, verified), Result.succeed([]))
    assert.strictEqual(
      failureTag(Offer.decideBusiness({ _tag: "Reject", reason: "x", at: timestamp(4) }, verified)),
      "IllegalBusinessTransition"
    )
    assert.strictEqual(
      failureTag(Offer.decideBusiness({ _tag: "Resubmit", at: timestamp(4) }, verified)),
      "IllegalBusinessTransition"
    )
  })
})
