import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { BusinessId, ClaimId, CustomerId, HOUR, Offer, OfferId, TenantId, timestamp } from "@chatshop/domain"

const tenant = TenantId.make("t1")
const other = TenantId.make("t2")
const biz = BusinessId.make("b1")
const window = { startsAt: timestamp(2 * HOUR), endsAt: timestamp(10 * HOUR) }
const input = (id: string, quantity = 3): Offer.CreateOfferInput => ({
  offerId: OfferId.make(id),
  businessId: biz,
  title: "Surprise bag",
  price: { amount: 499, currency: "USD" },
  quantity,
  window
})
const claim = (id: string, qty = 1) => ({ claimId: ClaimId.make(id), customerId: CustomerId.make("u1"), qty })

const test = (title: string, body: () => Effect.Effect<void, unknown, Offer.Offers | Offer.Businesses>) =>
  it.effect(title, () => body().pipe(Effect.provide(Offer.Offers.layerMemory)))

/** A verified business and a published offer of `quantity`. */
const published = (id: string, quantity = 3) =>
  Effect.gen(function* () {
    const businesses = yield* Offer.Businesses
    const offers = yield* Offer.Offers
    yield* businesses.submit(tenant, { businessId: biz, name: "Bakery" }).pipe(Effect.ignore)
    yield* businesses.verify(tenant, biz)
    yield* offers.create(tenant, input(id, quantity))
    return (yield* offers.publish(tenant, OfferId.make(id))).state
  })

describe("Offers service", () => {
  test("create needs one of the tenant's businesses and stamps the clock's time", () =>
    Effect.gen(function* () {
      const offers = yield* Offer.Offers
      const businesses = yield* Offer.Businesses
      assert.strictEqual((yield* Effect.flip(offers.create(tenant, input("o1"))))._tag, "NotFound")
      yield* businesses.submit(other, { businessId: biz, name: "Elsewhere" })
      assert.strictEqual((yield* Effect.flip(offers.create(tenant, input("o1"))))._tag, "NotFound")
      yield* businesses.submit(tenant, { businessId: biz, name: "Bakery" })
      yield* TestClock.setTime(HOUR)
      const offer = yield* offers.create(tenant, input("o1"))
      assert.deepStrictEqual([offer.status, offer.createdAt, offer.tenantId], ["draft", HOUR, tenant])
      assert.strictEqual((yield* Effect.flip(offers.create(tenant, input("o1"))))._tag, "OfferAlreadyExists")
      const bad = yield* Effect.flip(offers.create(tenant, { ...input("o2"), title: "" }))
      assert.strictEqual(bad._tag, "InvalidOffer")
    }))

  test("publish reads the business's verification", () =>
    Effect.gen(function* () {
      const offers = yield* Offer.Offers
      const businesses = yield* Offer.Businesses
      yield* businesses.submit(tenant, { businessId: biz, name: "Bakery" })
      yield* offers.create(tenant, input("o1"))
      const pending = yield* Effect.flip(offers.publish(tenant, OfferId.make("o1")))
      assert.deepStrictEqual(pending, new Offer.BusinessNotVerified({ businessId: biz, status: "pending" }))
      yield* businesses.reject(tenant, biz, "no licence")
      const rejected = yield* Effect.flip(offers.publish(tenant, OfferId.make("o1")))
      assert.deepStrictEqual(rejected, new Offer.BusinessNotVerified({ businessId: biz, status: "rejected" }))
      yield* businesses.resubmit(tenant, biz)
      yield* businesses.verify(tenant, biz)
      const change = yield* offers.publish(tenant, OfferId.make("o1"))
      assert.strictEqual(change.state.status, "active")
      assert.strictEqual((yield* Effect.flip(offers.publish(other, OfferId.make("o1"))))._tag, "NotFound")
      yield* TestClock.setTime(10 * HOUR)
      yield* offers.create(tenant, input("late"))
      assert.strictEqual((yield* Effect.flip(offers.publish(tenant, OfferId.make("late"))))._tag, "WindowEnded")
    }))

  test("claims happen inside the window at the clock's time; cancel returns the quantity", () =>
    Effect.gen(function* () {
      const offers = yield* Offer.Offers
      const offer = yield* published("o1", 2)
      const early = yield* Effect.flip(offers.claim(tenant, offer.id, claim("c1")))
      assert.strictEqual(early._tag, "OutsideWindow")
      yield* TestClock.setTime(3 * HOUR)
      yield* offers.claim(tenant, offer.id, claim("c1"))
      const sold = yield* offers.claim(tenant, offer.id, claim("c2"))
      assert.deepStrictEqual([sold.state.status, sold.state.claims[ClaimId.make("c2")]?.at], ["sold_out", 3 * HOUR])
      assert.strictEqual((yield* Effect.flip(offers.claim(tenant, offer.id, claim("c3"))))._tag, "OfferNotActive")
      const back = yield* offers.cancelClaim(tenant, offer.id, ClaimId.make("c1"))
      assert.deepStrictEqual([back.state.status, Offer.remaining(back.state)], ["active", 1])
      yield* offers.pickUp(tenant, offer.id, ClaimId.make("c2"))
      const refused = yield* Effect.flip(offers.cancelClaim(tenant, offer.id, ClaimId.make("c2")))
      assert.strictEqual(refused._tag, "ClaimNotActive")
      assert.strictEqual((yield* Effect.flip(offers.pickUp(tenant, offer.id, ClaimId.make("zz"))))._tag, "UnknownClaim")
      assert.strictEqual((yield* Effect.flip(offers.claim(other, offer.id, claim("c9"))))._tag, "NotFound")
    }))

  test("edit, pause, resume and sold-out go through the decider", () =>
    Effect.gen(function* () {
      const offers = yield* Offer.Offers
      const offer = yield* published("o1", 2)
      yield* TestClock.setTime(3 * HOUR)
      yield* offers.claim(tenant, offer.id, claim("c1"))
      assert.strictEqual(
        (yield* Effect.flip(offers.edit(tenant, offer.id, { quantity: 0 })))._tag,
        "QuantityBelowClaimed"
      )
      assert.strictEqual((yield* offers.pause(tenant, offer.id)).state.status, "paused")
      assert.strictEqual((yield* Effect.flip(offers.soldOut(tenant, offer.id)))._tag, "IllegalOfferTransition")
      yield* offers.edit(tenant, offer.id, { quantity: 1 })
      assert.strictEqual((yield* offers.resume(tenant, offer.id)).state.status, "sold_out")
      const raised = yield* offers.edit(tenant, offer.id, { quantity: 4, title: "Big bag" })
      assert.deepStrictEqual([raised.state.status, raised.state.title], ["active", "Big bag"])
      assert.strictEqual((yield* offers.soldOut(tenant, offer.id)).state.soldOutBy, "forced")
      assert.strictEqual((yield* Effect.flip(offers.pause(tenant, offer.id)))._tag, "IllegalOfferTransition")
    }))

  test("expireDue expires each ended offer exactly once, even with two sweepers", () =>
    Effect.gen(function* () {
      const offers = yield* Offer.Offers
      yield* published("o1")
      yield* published("o2")
      assert.deepStrictEqual(yield* offers.expireDue(), [])
      yield* TestClock.setTime(10 * HOUR)
      const [a, b] = yield* Effect.all([offers.expireDue(), offers.expireDue(1)], { concurrency: "unbounded" })
      const expired = [...a, ...b].map((o) => o.id).sort()
      assert.deepStrictEqual(expired, [OfferId.make("o1"), OfferId.make("o2")])
      assert.deepStrictEqual(yield* offers.expireDue(), [])
      const refused = yield* Effect.flip(offers.claim(tenant, OfferId.make("o1"), claim("c1")))
      assert.strictEqual(refused._tag, "OfferExpired")
      assert.strictEqual((yield* Effect.flip(offers.resume(tenant, OfferId.make("o1"))))._tag, "OfferExpired")
    }))

  test("businesses: submit, reject with a reason, resubmit, verify — tenant-scoped", () =>
    Effect.gen(function* () {
      const businesses = yield* Offer.Businesses
      const b = yield* businesses.submit(tenant, { businessId: biz, name: "Bakery" })
      assert.strictEqual(b.status, "pending")
      assert.strictEqual(
        (yield* Effect.flip(businesses.submit(tenant, { businessId: biz, name: "Again" })))._tag,
        "BusinessAlreadyExists"
      )
      assert.strictEqual(
        (yield* Effect.flip(businesses.submit(tenant, { businessId: BusinessId.make("b2"), name: "" })))._tag,
        "InvalidBusiness"
      )
      assert.strictEqual((yield* Effect.flip(businesses.verify(other, biz)))._tag, "NotFound")
      assert.strictEqual((yield* Effect.flip(businesses.reject(tenant, biz, " ")))._tag, "InvalidBusiness")
      const rejected = yield* businesses.reject(tenant, biz, "no licence")
      assert.deepStrictEqual([rejected.status, rejected.reason], ["rejected", "no licence"])
      assert.strictEqual((yield* Effect.flip(businesses.verify(tenant, biz)))._tag, "IllegalBusinessTransition")
      const again = yield* businesses.resubmit(tenant, biz, { name: "Bakery Ltd" })
      assert.deepStrictEqual([again.status, again.name, again.reason], ["pending", "Bakery Ltd", undefined])
      assert.strictEqual((yield* businesses.verify(tenant, biz)).status, "verified")
      assert.strictEqual((yield* Effect.flip(businesses.resubmit(tenant, biz)))._tag, "IllegalBusinessTransition")
    }))
})
