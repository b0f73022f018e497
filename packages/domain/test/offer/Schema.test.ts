import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { ClaimId, CustomerId, Offer, TenantId, timestamp } from "@chatshop/domain"
import { draftOffer } from "@chatshop/domain/testing"

describe("offer schemas (what storage adapters and the API decode)", () => {
  it("an offer with claims round-trips through JSON and its Schema", () => {
    const draft = draftOffer(TenantId.make("t1"), { quantity: 4 })
    const active = Result.getOrThrow(
      Offer.step({ _tag: "Publish", businessStatus: "verified", at: timestamp(0) })(draft)
    ).state
    const claimed = Result.getOrThrow(
      Offer.step({
        _tag: "Claim",
        claimId: ClaimId.make("c1"),
        customerId: CustomerId.make("u1"),
        qty: 4,
        at: timestamp(1)
      })(active)
    ).state
    const decoded = Schema.decodeUnknownSync(Offer.Offer)(JSON.parse(JSON.stringify(claimed)))
    assert.deepStrictEqual(decoded, claimed)
    assert.isTrue(Offer.Invariants.all(decoded))
  })

  it("commands decode from JSON and bad input is refused before the decider", () => {
    const claim = Schema.decodeUnknownSync(Offer.OfferCommand)({
      _tag: "Claim",
      claimId: "c1",
      customerId: "u1",
      qty: 2,
      at: 5
    })
    assert.strictEqual(claim._tag, "Claim")
    assert.throws(() =>
      Schema.decodeUnknownSync(Offer.OfferCommand)({ _tag: "Claim", claimId: "c1", customerId: "u1", qty: 0, at: 5 })
    )
    assert.throws(() => Schema.decodeUnknownSync(Offer.OfferStatus)("cancelled"))
    assert.strictEqual(
      Schema.decodeUnknownSync(Offer.Business)({ id: "b", tenantId: "t", name: "n", status: "verified", version: 2 })
        .status,
      "verified"
    )
  })
})
