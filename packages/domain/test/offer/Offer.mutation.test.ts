import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { BusinessId, ClaimId, CustomerId, Offer, TenantId, timestamp } from "@chatshop/domain"
import { bagCreate } from "./play.ts"

// Edges of SPEC §3.4 the admin UI and the adapters rely on: invariant predicates and the reasons shown to merchants.
const t = timestamp
const create = bagCreate
const draft = Result.getOrThrow(Offer.start(create)).state
const u1 = CustomerId.make("u1")
const claim = (qty: number, status: Offer.ClaimStatus = "claimed"): Offer.Claim => ({
  customerId: u1,
  qty,
  status,
  at: t(1)
})

describe("offer edges (SPEC §3.4)", () => {
  it("offer-invalid-reasons: each invalid field is named for the merchant", () => {
    const reason = (patch: Partial<Offer.OfferFields>) => Offer.invalidFields({ ...create, ...patch })
    assert.isUndefined(reason({}))
    assert.strictEqual(reason({ title: "  " }), "title is empty")
    assert.strictEqual(reason({ price: { amount: -1, currency: "USD" } }), "price must be a non-negative amount")
    assert.strictEqual(reason({ quantity: 1.5 }), "quantity must be a non-negative integer")
    assert.strictEqual(reason({ window: { startsAt: t(0.5), endsAt: t(9) } }), "window must be whole milliseconds")
    assert.strictEqual(reason({ window: { startsAt: t(9), endsAt: t(9) } }), "window must end after it starts")
    assert.strictEqual(
      reason({ originalPrice: { amount: 999, currency: "EUR" } }),
      "original price must be in the price's currency"
    )
    assert.strictEqual(
      reason({ originalPrice: { amount: 498, currency: "USD" } }),
      "original price must not be below the price"
    )
    assert.isUndefined(reason({ originalPrice: { amount: 499, currency: "USD" } }))
  })

  it("offer-business-reasons: empty names and reasonless rejections are refused with their reason", () => {
    const reasonOf = (r: Result.Result<unknown, Offer.BusinessError>) =>
      Result.isFailure(r) && r.failure._tag === "InvalidBusiness" ? r.failure.reason : undefined
    const submit = {
      _tag: "Submit",
      businessId: BusinessId.make("b1"),
      tenantId: TenantId.make("t1"),
      at: t(0)
    } as const
    assert.strictEqual(reasonOf(Offer.decideBusiness({ ...submit, name: " " }, undefined)), "name is empty")
    const pending = Offer.evolveBusiness(undefined, { ...submit, _tag: "Submitted", name: "Cafe" })!
    assert.strictEqual(
      reasonOf(Offer.decideBusiness({ _tag: "Reject", reason: " ", at: t(1) }, pending)),
      "a rejection needs a reason"
    )
    const rejected = Offer.evolveBusiness(pending, { _tag: "Rejected", reason: "no licence", at: t(1) })!
    assert.strictEqual(
      reasonOf(Offer.decideBusiness({ _tag: "Resubmit", name: "", at: t(2) }, rejected)),
      "name is empty"
    )
    // Events for a business that was never submitted change nothing.
    assert.isUndefined(Offer.evolveBusiness(undefined, { _tag: "Verified", at: t(1) }))
  })

  it("offer-invariant-predicates: each predicate rejects exactly the broken offer it names", () => {
    const I = Offer.Invariants
    assert.isTrue(I.claimedWithinQuantity({ quantity: 3, claimed: 3 }))
    assert.isFalse(I.claimedWithinQuantity({ quantity: 3, claimed: 4 }))
    assert.isFalse(I.claimedWithinQuantity({ quantity: 3, claimed: -1 }))
    assert.isTrue(I.remainingNonNegative({ quantity: 3, claimed: 3 }))
    assert.isFalse(I.remainingNonNegative({ quantity: 3, claimed: 4 }))
    const c = ClaimId.make
    const claims = { [c("a")]: claim(2), [c("b")]: claim(1, "picked_up"), [c("c")]: claim(5, "cancelled") }
    assert.isTrue(I.claimedMatchesClaims({ claimed: 3, claims }))
    assert.isFalse(I.claimedMatchesClaims({ claimed: 8, claims }))
    assert.isTrue(I.activeHasStock({ status: "active", quantity: 3, claimed: 2 }))
    assert.isFalse(I.activeHasStock({ status: "active", quantity: 3, claimed: 3 }))
    assert.isTrue(I.activeHasStock({ status: "sold_out", quantity: 3, claimed: 3 }))
    assert.isTrue(I.draftHasNoClaims({ status: "draft", claims: {} }))
    assert.isFalse(I.draftHasNoClaims({ status: "draft", claims }))
    assert.isTrue(I.draftHasNoClaims({ status: "active", claims }))
    assert.isTrue(I.soldOutByMatchesStatus({ status: "sold_out", soldOutBy: "auto" }))
    assert.isFalse(I.soldOutByMatchesStatus({ status: "sold_out" }))
    assert.isFalse(I.soldOutByMatchesStatus({ status: "active", soldOutBy: "forced" }))
    assert.isTrue(I.soldOutByMatchesStatus({ status: "expired", soldOutBy: "forced" }))
    assert.isTrue(I.soldOutByMatchesStatus({ status: "paused" }))
    assert.isTrue(I.all(draft))
    for (const broken of [
      { ...draft, claimed: 4 },
      { ...draft, claimed: 1 },
      { ...draft, status: "active" as const, quantity: 0 },
      { ...draft, claims, claimed: 3 },
      { ...draft, soldOutBy: "auto" as const }
    ]) {
      assert.isFalse(I.all(broken), JSON.stringify(broken))
    }
  })

  it("offer-history-predicates: nothing follows Expired; SoldOut and Reopened alternate starting with SoldOut", () => {
    const I = Offer.Invariants
    const expired: Offer.OfferEvent = { _tag: "Expired", at: t(5) }
    const paused: Offer.OfferEvent = { _tag: "Paused", at: t(4) }
    const soldOut: Offer.OfferEvent = { _tag: "SoldOut", by: "auto", at: t(3) }
    const reopened: Offer.OfferEvent = { _tag: "Reopened", reason: "claim_cancelled", at: t(3) }
    assert.isTrue(I.nothingAfterExpired([]))
    assert.isTrue(I.nothingAfterExpired([paused, expired]))
    assert.isFalse(I.nothingAfterExpired([expired, paused]))
    assert.isTrue(I.soldOutAlternates([soldOut, reopened, soldOut]))
    assert.isFalse(I.soldOutAlternates([soldOut, soldOut]))
    assert.isFalse(I.soldOutAlternates([reopened]))
    assert.isFalse(I.soldOutAlternates([soldOut, reopened, reopened]))
  })
})
