import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { ClaimId, CustomerId, HOUR, Offer, timestamp } from "@chatshop/domain"
import { bagCreate } from "./play.ts"
import { scenario } from "@chatshop/domain/testing"

const t = timestamp
const create = bagCreate
const c1 = ClaimId.make("c1")
const u1 = CustomerId.make("u1")
const { given, givenState } = scenario(Offer.decider)

/** Fixture states: commands that must succeed. */
const run = (state: Offer.Offer, ...commands: ReadonlyArray<Offer.OfferCommand>): Offer.Offer => {
  let s = state
  for (const command of commands) s = Result.getOrThrow(Offer.step(command)(s)).state
  return s
}
const draft = Result.getOrThrow(Offer.start(create)).state
const active = run(draft, { _tag: "Publish", businessStatus: "verified", at: t(HOUR) })
const claim = (qty: number, at = 12 * HOUR, claimId = c1) =>
  ({ _tag: "Claim", claimId, customerId: u1, qty, at: t(at) }) as const
const claimed = (qty: number, at = 12 * HOUR): Offer.OfferEvent => ({ ...claim(qty, at), _tag: "Claimed" })
const soldOut = (at: number): Offer.OfferEvent => ({ _tag: "SoldOut", by: "auto", at: t(at) })

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
    assert.deepStrictEqual(
      given()
        .when(create)
        .then([{ ...create, _tag: "Created" }]).state,
      draft
    )
    const full = { ...create, description: "bread", originalPrice: { amount: 1500, currency: "USD" as const } }
    const made = Result.getOrThrow(Offer.start(full)).state
    assert.deepStrictEqual([made.description, made.originalPrice?.amount], ["bread", 1500])
    givenState(draft).when(create).thenRejects("OfferAlreadyExists", { offerId: create.offerId })
    given()
      .when({ _tag: "Pause", at: t(0) })
      .thenRejects("OfferNotCreated")
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
      givenState(active)
        .when({ _tag: "Edit", ...patch, at: t(HOUR) })
        .thenRejects("InvalidOffer")
      return given()
        .when({ ...create, ...patch })
        .thenRejects("InvalidOffer").reason
    })
    assert.strictEqual(new Set(reasons).size, reasons.length - 1) // the two quantity cases share a reason
    for (const ok of [
      { ...create, quantity: 0, price: { amount: 0, currency: "USD" as const } },
      { ...create, originalPrice: create.price },
      { ...create, window: { startsAt: t(5), endsAt: t(6) } }
    ]) {
      given()
        .when(ok)
        .then([{ ...ok, _tag: "Created" }])
    }
  })

  it("publish: the first failing rule is reported with its fields", () => {
    const publish = (businessStatus: Offer.BusinessStatus, at = HOUR) =>
      givenState(draft).when({ _tag: "Publish", businessStatus, at: t(at) })
    publish("pending").thenRejects("BusinessNotVerified", { businessId: create.businessId, status: "pending" })
    publish("rejected").thenRejects("BusinessNotVerified")
    publish("verified", 20 * HOUR).thenRejects("WindowEnded", { endsAt: t(20 * HOUR), at: t(20 * HOUR) })
    publish("verified", 20 * HOUR - 1).then([{ _tag: "Published", at: t(20 * HOUR - 1) }])
    givenState(run(draft, { _tag: "Edit", quantity: 0, at: t(0) }))
      .when({ _tag: "Publish", businessStatus: "verified", at: t(0) })
      .thenRejects("QuantityRequired", { offerId: create.offerId })
    assert.deepStrictEqual(active.status, "active")
    givenState(run(active, { _tag: "Pause", at: t(HOUR) }))
      .when({ _tag: "Publish", businessStatus: "verified", at: t(HOUR) })
      .thenRejects("IllegalOfferTransition", { offerId: create.offerId, from: "paused", command: "Publish" })
  })

  it("pause, resume and force sold out follow the arrows; resume needs the window open", () => {
    for (const _tag of ["Pause", "Resume", "ForceSoldOut"] as const) {
      givenState(draft)
        .when({ _tag, at: t(0) })
        .thenRejects("IllegalOfferTransition")
    }
    const paused = run(active, { _tag: "Pause", at: t(HOUR) })
    assert.deepStrictEqual([paused.status, paused.version], ["paused", 3])
    givenState(paused)
      .when({ _tag: "ForceSoldOut", at: t(HOUR) })
      .thenRejects("IllegalOfferTransition")
    givenState(paused)
      .when({ _tag: "Resume", at: t(20 * HOUR) })
      .thenRejects("WindowEnded", { endsAt: t(20 * HOUR), at: t(20 * HOUR) })
    givenState(paused)
      .when({ _tag: "Resume", at: t(20 * HOUR - 1) })
      .then([{ _tag: "Resumed", at: t(20 * HOUR - 1) }])
    const forced = run(active, { _tag: "ForceSoldOut", at: t(HOUR) })
    assert.deepStrictEqual([forced.status, forced.soldOutBy], ["sold_out", "forced"])
    givenState(forced)
      .when({ _tag: "Pause", at: t(HOUR) })
      .thenRejects("IllegalOfferTransition")
    givenState(forced)
      .when({ _tag: "Resume", at: t(HOUR) })
      .thenRejects("IllegalOfferTransition")
  })

  it("resuming a paused offer with nothing left lands in sold_out", () => {
    const paused = run(active, claim(1), { _tag: "Pause", at: t(HOUR) }, { _tag: "Edit", quantity: 1, at: t(HOUR) })
    assert.strictEqual(paused.status, "paused")
    givenState(paused)
      .when({ _tag: "Resume", at: t(11 * HOUR) })
      .then([{ _tag: "Resumed", at: t(11 * HOUR) }, soldOut(11 * HOUR)])
  })

  it("claim: boundaries of the window and of remaining, retries and conflicts", () => {
    const on = givenState(active)
    on.when(claim(1, 10 * HOUR - 1)).thenRejects("OutsideWindow")
    on.when(claim(1, 10 * HOUR)).then([claimed(1, 10 * HOUR)])
    on.when(claim(1, 20 * HOUR)).thenRejects("OutsideWindow", {
      at: t(20 * HOUR),
      startsAt: t(10 * HOUR),
      endsAt: t(20 * HOUR)
    })
    on.when(claim(4)).thenRejects("NotEnoughLeft", { requested: 4, remaining: 3 })
    on.when(claim(0)).thenRejects("InvalidQuantity")
    on.when(claim(1.5)).thenRejects("InvalidQuantity")
    givenState(draft).when(claim(1)).thenRejects("OfferNotActive", { offerId: create.offerId, status: "draft" })
    on.when(claim(3)).then([claimed(3), soldOut(12 * HOUR)])
    const one = on.when(claim(1)).then([claimed(1)])
    one.when(claim(1)).then([])
    one.when(claim(2)).thenRejects("ClaimConflict")
    one.when({ ...claim(1), customerId: CustomerId.make("u2") }).thenRejects("ClaimConflict", { claimId: c1 })
  })

  it("cancel and pickup: unknown, repeated and crossed", () => {
    const two = givenState(run(active, claim(2)))
    const zz = ClaimId.make("zz")
    two.when({ _tag: "PickUp", claimId: zz, at: t(HOUR) }).thenRejects("UnknownClaim", { claimId: zz })
    two.when({ _tag: "CancelClaim", claimId: zz, at: t(0) }).thenRejects("UnknownClaim")
    const picked = two
      .when({ _tag: "PickUp", claimId: c1, at: t(13 * HOUR) })
      .then([{ _tag: "PickedUp", claimId: c1, qty: 2, at: t(13 * HOUR) }])
    assert.deepStrictEqual([picked.state?.claimed, picked.state?.claims[c1]?.status], [2, "picked_up"])
    picked.when({ _tag: "CancelClaim", claimId: c1, at: t(0) }).thenRejects("ClaimNotActive", {
      claimId: c1,
      status: "picked_up"
    })
    const cancelled = two
      .when({ _tag: "CancelClaim", claimId: c1, at: t(13 * HOUR) })
      .then([{ _tag: "ClaimCancelled", claimId: c1, qty: 2, at: t(13 * HOUR) }])
    const after = cancelled.state
    assert.deepStrictEqual([after?.claimed, after?.claims[c1]?.status, after?.status], [0, "cancelled", "active"])
    cancelled.when({ _tag: "PickUp", claimId: c1, at: t(0) }).thenRejects("ClaimNotActive")
    assert.strictEqual(
      Offer.evolveOffer(active, { _tag: "PickedUp", claimId: zz, qty: 1, at: t(0) }).claims,
      active.claims
    )
  })

  it("a cancel reopens an automatic sell-out only before the window ends; a forced one stays", () => {
    const sold = givenState(run(active, claim(3)))
    const cancel = (at: number) => ({ _tag: "CancelClaim", claimId: c1, at: t(at) }) as const
    const cancelled = (qty: number, at: number): Offer.OfferEvent => ({ ...cancel(at), _tag: "ClaimCancelled", qty })
    sold
      .when(cancel(20 * HOUR - 1))
      .then([cancelled(3, 20 * HOUR - 1), { _tag: "Reopened", reason: "claim_cancelled", at: t(20 * HOUR - 1) }])
    sold.when(cancel(20 * HOUR)).then([cancelled(3, 20 * HOUR)])
    const reopened = run(sold.state as Offer.Offer, cancel(HOUR))
    assert.deepStrictEqual([reopened.status, reopened.soldOutBy, reopened.claimed], ["active", undefined, 0])
    givenState(run(active, claim(1), { _tag: "ForceSoldOut", at: t(HOUR) }))
      .when(cancel(HOUR))
      .then([cancelled(1, HOUR)])
  })

  it("edit: sells out, reopens, and guards the window of a published offer", () => {
    const edit = (patch: Offer.OfferPatchInput, at: number) => ({ _tag: "Edit", ...patch, at: t(at) }) as const
    const edited = (patch: Offer.OfferPatchInput, at: number): Offer.OfferEvent => ({
      ...edit(patch, at),
      _tag: "Edited"
    })
    const reopened = (at: number): Offer.OfferEvent => ({ _tag: "Reopened", reason: "quantity_raised", at: t(at) })
    givenState(active).when(edit({}, 0)).then([])
    const one = givenState(run(active, claim(1)))
    one.when(edit({ quantity: 0 }, 0)).thenRejects("QuantityBelowClaimed", { quantity: 0, claimed: 1 })
    const sold = one.when(edit({ quantity: 1 }, HOUR)).then([edited({ quantity: 1 }, HOUR), soldOut(HOUR)])
    sold
      .when(edit({ quantity: 2 }, 20 * HOUR - 1))
      .then([edited({ quantity: 2 }, 20 * HOUR - 1), reopened(20 * HOUR - 1)])
    sold.when(edit({ quantity: 2 }, 20 * HOUR)).then([edited({ quantity: 2 }, 20 * HOUR)])
    sold.when(edit({ quantity: 1, title: "x" }, HOUR)).then([edited({ quantity: 1, title: "x" }, HOUR)])
    const longer = { window: { startsAt: t(0), endsAt: t(30 * HOUR) }, quantity: 2 }
    sold.when(edit(longer, 25 * HOUR)).then([edited(longer, 25 * HOUR), reopened(25 * HOUR)])
    const past = { window: { startsAt: t(0), endsAt: t(5 * HOUR) } }
    givenState(active)
      .when(edit(past, 5 * HOUR))
      .thenRejects("WindowEnded", { endsAt: t(5 * HOUR), at: t(5 * HOUR) })
    givenState(active)
      .when(edit(past, 5 * HOUR - 1))
      .then([edited(past, 5 * HOUR - 1)])
    givenState(draft)
      .when(edit(past, 9 * HOUR))
      .then([edited(past, 9 * HOUR)])
    const bread = run(draft, { _tag: "Edit", title: "Bread", description: "rye", at: t(0) })
    assert.deepStrictEqual([bread.title, bread.description, bread.quantity, bread.version], ["Bread", "rye", 3, 2])
  })

  it("expire at exactly the window end; expired is final", () => {
    givenState(active)
      .when({ _tag: "Expire", now: t(20 * HOUR - 1) })
      .then([])
    const expired = givenState(draft)
      .when({ _tag: "Expire", now: t(20 * HOUR) })
      .then([{ _tag: "Expired", at: t(20 * HOUR) }])
    givenState(run(active, { _tag: "Expire", now: t(20 * HOUR) }))
      .when({ _tag: "Pause", at: t(0) })
      .thenRejects("OfferExpired", { offerId: create.offerId })
    expired.when({ _tag: "Expire", now: t(21 * HOUR) }).then([])
  })
})
