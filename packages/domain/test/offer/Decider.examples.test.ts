import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { BusinessId, ClaimId, CustomerId, HOUR, Offer, OfferId, TenantId, timestamp } from "@chatshop/domain"
import { failureTag, tags } from "./play.ts"

const t = timestamp
const create: Offer.OfferCommand & { _tag: "Create" } = {
  _tag: "Create",
  offerId: OfferId.make("o1"),
  tenantId: TenantId.make("t1"),
  businessId: BusinessId.make("b1"),
  title: "Surprise bag",
  price: { amount: 499, currency: "USD" },
  quantity: 3,
  window: { startsAt: t(10 * HOUR), endsAt: t(20 * HOUR) },
  at: t(0)
}
const c1 = ClaimId.make("c1")
const u1 = CustomerId.make("u1")

const run = (state: Offer.Offer, ...commands: ReadonlyArray<Offer.OfferCommand>): Offer.Offer => {
  let s = state
  for (const command of commands) s = Result.getOrThrow(Offer.step(command)(s)).state
  return s
}
const draft = Result.getOrThrow(Offer.start(create)).state
const active = run(draft, { _tag: "Publish", businessStatus: "verified", at: t(HOUR) })
const claim = (qty: number, at = 12 * HOUR, claimId = c1): Offer.OfferCommand => ({
  _tag: "Claim",
  claimId,
  customerId: u1,
  qty,
  at: t(at)
})
const fail = (command: Offer.OfferCommand, state: Offer.OfferState) => Offer.decide(command, state)

describe("offer decider: edges", () => {
  it("create makes a draft with nothing claimed, version 1; optional fields only when given", () => {
    assert.deepStrictEqual(draft, {
      id: create.offerId,
      tenantId: create.tenantId,
      businessId: create.businessId,
      title: "Surprise bag",
      price: create.price,
      quantity: 3,
      claimed: 0,
      window: create.window,
      status: "draft",
      claims: {},
      createdAt: t(0),
      version: 1
    })
    const full = { ...create, description: "bread", originalPrice: { amount: 1500, currency: "USD" as const } }
    const made = Result.getOrThrow(Offer.start(full)).state
    assert.deepStrictEqual([made.description, made.originalPrice?.amount], ["bread", 1500])
    assert.strictEqual(failureTag(fail(create, draft)), "OfferAlreadyExists")
    assert.strictEqual(failureTag(fail({ _tag: "Pause", at: t(0) }, undefined)), "OfferNotCreated")
    assert.strictEqual(Offer.evolve(undefined, { _tag: "Paused", at: t(0) }), undefined)
    assert.strictEqual(Offer.evolve(draft, { ...create, _tag: "Created", title: "other" }), draft)
  })

  it("create and edit refuse invalid fields", () => {
    const reasons = [
      { title: " " },
      { price: { amount: -1, currency: "USD" as const } },
      { quantity: -1 },
      { quantity: 1.5 },
      { window: { startsAt: t(5), endsAt: t(5) } },
      { window: { startsAt: t(0.5), endsAt: t(5) } },
      { originalPrice: { amount: 100, currency: "EUR" as const } },
      { originalPrice: { amount: 498, currency: "USD" as const } }
    ].map((patch) => {
      const r = fail({ ...create, ...patch }, undefined)
      assert.strictEqual(failureTag(r), "InvalidOffer")
      assert.strictEqual(failureTag(fail({ _tag: "Edit", ...patch, at: t(HOUR) }, active)), "InvalidOffer")
      return Result.isFailure(r) && r.failure._tag === "InvalidOffer" ? r.failure.reason : ""
    })
    assert.strictEqual(new Set(reasons).size, reasons.length - 1) // the two quantity cases share a reason
    assert.isTrue(Result.isSuccess(fail({ ...create, quantity: 0, price: { amount: 0, currency: "USD" } }, undefined)))
    assert.isTrue(Result.isSuccess(fail({ ...create, originalPrice: create.price }, undefined)))
    assert.isTrue(Result.isSuccess(fail({ ...create, window: { startsAt: t(5), endsAt: t(6) } }, undefined)))
  })

  it("publish: the first failing rule is reported with its fields", () => {
    const publish = (businessStatus: Offer.BusinessStatus, at = HOUR) =>
      fail({ _tag: "Publish", businessStatus, at: t(at) }, draft)
    const pending = publish("pending")
    assert.deepStrictEqual(
      Result.isFailure(pending) && pending.failure,
      new Offer.BusinessNotVerified({ businessId: create.businessId, status: "pending" })
    )
    assert.strictEqual(failureTag(publish("rejected")), "BusinessNotVerified")
    const late = publish("verified", 20 * HOUR)
    assert.deepStrictEqual(
      Result.isFailure(late) && late.failure,
      new Offer.WindowEnded({ endsAt: t(20 * HOUR), at: t(20 * HOUR) })
    )
    assert.deepStrictEqual(tags(publish("verified", 20 * HOUR - 1)), ["Published"])
    const empty = run(draft, { _tag: "Edit", quantity: 0, at: t(0) })
    const none = fail({ _tag: "Publish", businessStatus: "verified", at: t(0) }, empty)
    assert.deepStrictEqual(
      Result.isFailure(none) && none.failure,
      new Offer.QuantityRequired({ offerId: create.offerId })
    )
    assert.deepStrictEqual(active.status, "active")
    const paused = run(active, { _tag: "Pause", at: t(HOUR) })
    const again = fail({ _tag: "Publish", businessStatus: "verified", at: t(HOUR) }, paused)
    assert.deepStrictEqual(
      Result.isFailure(again) && again.failure,
      new Offer.IllegalOfferTransition({ offerId: create.offerId, from: "paused", command: "Publish" })
    )
  })

  it("pause, resume and force sold out follow the arrows; resume needs the window open", () => {
    assert.strictEqual(failureTag(fail({ _tag: "Pause", at: t(0) }, draft)), "IllegalOfferTransition")
    assert.strictEqual(failureTag(fail({ _tag: "Resume", at: t(0) }, draft)), "IllegalOfferTransition")
    assert.strictEqual(failureTag(fail({ _tag: "ForceSoldOut", at: t(0) }, draft)), "IllegalOfferTransition")
    const paused = run(active, { _tag: "Pause", at: t(HOUR) })
    assert.deepStrictEqual([paused.status, paused.version], ["paused", 3])
    assert.strictEqual(failureTag(fail({ _tag: "ForceSoldOut", at: t(HOUR) }, paused)), "IllegalOfferTransition")
    const late = fail({ _tag: "Resume", at: t(20 * HOUR) }, paused)
    assert.deepStrictEqual(
      Result.isFailure(late) && late.failure,
      new Offer.WindowEnded({ endsAt: t(20 * HOUR), at: t(20 * HOUR) })
    )
    assert.deepStrictEqual(tags(fail({ _tag: "Resume", at: t(20 * HOUR - 1) }, paused)), ["Resumed"])
    const forced = run(active, { _tag: "ForceSoldOut", at: t(HOUR) })
    assert.deepStrictEqual([forced.status, forced.soldOutBy], ["sold_out", "forced"])
    assert.strictEqual(failureTag(fail({ _tag: "Pause", at: t(HOUR) }, forced)), "IllegalOfferTransition")
    assert.strictEqual(failureTag(fail({ _tag: "Resume", at: t(HOUR) }, forced)), "IllegalOfferTransition")
  })

  it("resuming a paused offer with nothing left lands in sold_out", () => {
    const paused = run(active, claim(1), { _tag: "Pause", at: t(HOUR) }, { _tag: "Edit", quantity: 1, at: t(HOUR) })
    assert.strictEqual(paused.status, "paused")
    const resumed = Offer.decide({ _tag: "Resume", at: t(11 * HOUR) }, paused)
    assert.deepStrictEqual(Result.getOrThrow(resumed), [
      { _tag: "Resumed", at: t(11 * HOUR) },
      { _tag: "SoldOut", by: "auto", at: t(11 * HOUR) }
    ])
  })

  it("claim: boundaries of the window and of remaining, retries and conflicts", () => {
    assert.strictEqual(failureTag(fail(claim(1, 10 * HOUR - 1), active)), "OutsideWindow")
    assert.deepStrictEqual(tags(fail(claim(1, 10 * HOUR), active)), ["Claimed"])
    const late = fail(claim(1, 20 * HOUR), active)
    assert.deepStrictEqual(
      Result.isFailure(late) && late.failure,
      new Offer.OutsideWindow({ at: t(20 * HOUR), startsAt: t(10 * HOUR), endsAt: t(20 * HOUR) })
    )
    const over = fail(claim(4), active)
    assert.deepStrictEqual(
      Result.isFailure(over) && over.failure,
      new Offer.NotEnoughLeft({ requested: 4, remaining: 3 })
    )
    assert.strictEqual(failureTag(fail(claim(0), active)), "InvalidQuantity")
    assert.strictEqual(failureTag(fail(claim(1.5), active)), "InvalidQuantity")
    const notActive = fail(claim(1), draft)
    assert.deepStrictEqual(
      Result.isFailure(notActive) && notActive.failure,
      new Offer.OfferNotActive({ offerId: create.offerId, status: "draft" })
    )
    const events = Result.getOrThrow(fail(claim(3), active))
    assert.deepStrictEqual(events, [
      { _tag: "Claimed", claimId: c1, customerId: u1, qty: 3, at: t(12 * HOUR) },
      { _tag: "SoldOut", by: "auto", at: t(12 * HOUR) }
    ])
    const one = run(active, claim(1))
    assert.deepStrictEqual(tags(fail(claim(1), one)), [])
    assert.strictEqual(failureTag(fail(claim(2), one)), "ClaimConflict")
    assert.strictEqual(
      failureTag(fail({ ...claim(1), customerId: CustomerId.make("u2") } as Offer.OfferCommand, one)),
      "ClaimConflict"
    )
  })

  it("cancel and pickup: unknown, repeated and crossed", () => {
    const claimed = run(active, claim(2))
    const unknown = fail({ _tag: "PickUp", claimId: ClaimId.make("zz"), at: t(HOUR) }, claimed)
    assert.deepStrictEqual(
      Result.isFailure(unknown) && unknown.failure,
      new Offer.UnknownClaim({ claimId: ClaimId.make("zz") })
    )
    assert.strictEqual(
      failureTag(fail({ _tag: "CancelClaim", claimId: ClaimId.make("zz"), at: t(0) }, claimed)),
      "UnknownClaim"
    )
    assert.deepStrictEqual(Result.getOrThrow(fail({ _tag: "PickUp", claimId: c1, at: t(13 * HOUR) }, claimed)), [
      { _tag: "PickedUp", claimId: c1, qty: 2, at: t(13 * HOUR) }
    ])
    const picked = run(claimed, { _tag: "PickUp", claimId: c1, at: t(13 * HOUR) })
    assert.deepStrictEqual([picked.claimed, picked.claims[c1]?.status], [2, "picked_up"])
    const refused = fail({ _tag: "CancelClaim", claimId: c1, at: t(0) }, picked)
    assert.deepStrictEqual(
      Result.isFailure(refused) && refused.failure,
      new Offer.ClaimNotActive({ claimId: c1, status: "picked_up" })
    )
    const cancelled = run(claimed, { _tag: "CancelClaim", claimId: c1, at: t(13 * HOUR) })
    assert.deepStrictEqual(
      [cancelled.claimed, cancelled.claims[c1]?.status, cancelled.status],
      [0, "cancelled", "active"]
    )
    assert.strictEqual(failureTag(fail({ _tag: "PickUp", claimId: c1, at: t(0) }, cancelled)), "ClaimNotActive")
    assert.strictEqual(
      Offer.evolveOffer(active, { _tag: "PickedUp", claimId: ClaimId.make("zz"), qty: 1, at: t(0) }).claims,
      active.claims
    )
  })

  it("a cancel reopens an automatic sell-out only before the window ends; a forced one stays", () => {
    const sold = run(active, claim(3))
    const cancel = (at: number) => ({ _tag: "CancelClaim", claimId: c1, at: t(at) }) as const
    assert.deepStrictEqual(Result.getOrThrow(fail(cancel(20 * HOUR - 1), sold)), [
      { _tag: "ClaimCancelled", claimId: c1, qty: 3, at: t(20 * HOUR - 1) },
      { _tag: "Reopened", reason: "claim_cancelled", at: t(20 * HOUR - 1) }
    ])
    assert.deepStrictEqual(tags(fail(cancel(20 * HOUR), sold)), ["ClaimCancelled"])
    const reopened = run(sold, cancel(HOUR))
    assert.deepStrictEqual([reopened.status, reopened.soldOutBy, reopened.claimed], ["active", undefined, 0])
    const forced = run(active, claim(1), { _tag: "ForceSoldOut", at: t(HOUR) })
    assert.deepStrictEqual(tags(fail(cancel(HOUR), forced)), ["ClaimCancelled"])
  })

  it("edit: sells out, reopens, and guards the window of a published offer", () => {
    assert.deepStrictEqual(tags(fail({ _tag: "Edit", at: t(0) }, active)), [])
    const claimed = run(active, claim(1))
    const below = fail({ _tag: "Edit", quantity: 0, at: t(0) }, claimed)
    assert.deepStrictEqual(
      Result.isFailure(below) && below.failure,
      new Offer.QuantityBelowClaimed({ quantity: 0, claimed: 1 })
    )
    assert.deepStrictEqual(Result.getOrThrow(fail({ _tag: "Edit", quantity: 1, at: t(HOUR) }, claimed)), [
      { _tag: "Edited", quantity: 1, at: t(HOUR) },
      { _tag: "SoldOut", by: "auto", at: t(HOUR) }
    ])
    const sold = run(claimed, { _tag: "Edit", quantity: 1, at: t(HOUR) })
    assert.deepStrictEqual(tags(fail({ _tag: "Edit", quantity: 2, at: t(20 * HOUR - 1) }, sold)), [
      "Edited",
      "Reopened"
    ])
    assert.deepStrictEqual(tags(fail({ _tag: "Edit", quantity: 2, at: t(20 * HOUR) }, sold)), ["Edited"])
    assert.deepStrictEqual(tags(fail({ _tag: "Edit", quantity: 1, title: "x", at: t(HOUR) }, sold)), ["Edited"])
    const longer = { startsAt: t(0), endsAt: t(30 * HOUR) }
    assert.deepStrictEqual(tags(fail({ _tag: "Edit", quantity: 2, window: longer, at: t(25 * HOUR) }, sold)), [
      "Edited",
      "Reopened"
    ])
    const past = { startsAt: t(0), endsAt: t(5 * HOUR) }
    const ended = fail({ _tag: "Edit", window: past, at: t(5 * HOUR) }, active)
    assert.deepStrictEqual(
      Result.isFailure(ended) && ended.failure,
      new Offer.WindowEnded({ endsAt: t(5 * HOUR), at: t(5 * HOUR) })
    )
    assert.deepStrictEqual(tags(fail({ _tag: "Edit", window: past, at: t(5 * HOUR - 1) }, active)), ["Edited"])
    assert.deepStrictEqual(tags(fail({ _tag: "Edit", window: past, at: t(9 * HOUR) }, draft)), ["Edited"])
    const edited = run(draft, { _tag: "Edit", title: "Bread", description: "rye", at: t(0) })
    assert.deepStrictEqual([edited.title, edited.description, edited.quantity, edited.version], ["Bread", "rye", 3, 2])
  })

  it("expire at exactly the window end; expired is final", () => {
    assert.deepStrictEqual(tags(fail({ _tag: "Expire", now: t(20 * HOUR - 1) }, active)), [])
    assert.deepStrictEqual(Result.getOrThrow(fail({ _tag: "Expire", now: t(20 * HOUR) }, draft)), [
      { _tag: "Expired", at: t(20 * HOUR) }
    ])
    const expired = run(active, { _tag: "Expire", now: t(20 * HOUR) })
    const refused = fail({ _tag: "Pause", at: t(0) }, expired)
    assert.deepStrictEqual(
      Result.isFailure(refused) && refused.failure,
      new Offer.OfferExpired({ offerId: create.offerId })
    )
  })
})
