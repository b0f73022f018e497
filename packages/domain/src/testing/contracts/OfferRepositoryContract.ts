import { assert, describe, it } from "@effect/vitest"
import { Effect, type Layer, Result } from "effect"
import { type Business, stepBusiness } from "../../offer/Business.ts"
import { BusinessRepository } from "../../offer/BusinessRepository.ts"
import type { OfferCommand } from "../../offer/Commands.ts"
import { type OfferChange, start, step } from "../../offer/Decider.ts"
import * as Invariants from "../../offer/Invariants.ts"
import type { Offer, Window } from "../../offer/Model.ts"
import { OfferRepository } from "../../offer/OfferRepository.ts"
import { BusinessId, ClaimId, CustomerId, DAY, HOUR, OfferId, type TenantId, timestamp } from "../../shared/Ids.ts"
import { freshId, freshTenant } from "../Fresh.ts"

/** Windows end far after any `now` the suite asks about, so they never show up as expiring elsewhere. */
const FAR = timestamp(100_000 * DAY)
const open: Window = { startsAt: timestamp(0), endsAt: FAR }

/** A draft built by the decider itself, so every stored offer is one the domain could produce. */
export const draftOffer = (tenantId: TenantId, init: { quantity?: number; window?: Window; at?: number } = {}) => {
  const made = start({
    _tag: "Create",
    offerId: OfferId.make(freshId("offer")),
    tenantId,
    businessId: BusinessId.make(freshId("biz")),
    title: "Surprise bag",
    price: { amount: 499, currency: "USD" },
    quantity: init.quantity ?? 5,
    window: init.window ?? open,
    at: timestamp(init.at ?? 0)
  })
  if (Result.isFailure(made)) throw new Error(`draftOffer: ${made.failure._tag}`)
  return made.success.state
}

const publish = step({ _tag: "Publish", businessStatus: "verified", at: timestamp(0) })
const at0 = timestamp(0)

/**
 * The OfferRepository contract (SPEC §3.4, §4). Every implementation registers it with its own
 * Layer; each test works in tenants of its own, so a shared database needs no cleanup.
 */
export const offerRepositoryContract = (name: string, layer: Layer.Layer<OfferRepository, unknown>) =>
  describe(`OfferRepository contract: ${name}`, () => {
    const test = (title: string, body: () => Effect.Effect<void, unknown, OfferRepository>) =>
      it.effect(title, () => body().pipe(Effect.provide(layer)))

    test("create then get returns the offer; creating the same id again fails", () =>
      Effect.gen(function* () {
        const repo = yield* OfferRepository
        const offer = draftOffer(freshTenant(), { quantity: 3 })
        assert.deepStrictEqual(yield* repo.create(offer), offer)
        assert.deepStrictEqual(yield* repo.get(offer.tenantId, offer.id), offer)
        const again = yield* Effect.flip(repo.create(offer))
        assert.strictEqual(again._tag, "OfferAlreadyExists")
        const missing = yield* Effect.flip(repo.get(offer.tenantId, OfferId.make(freshId("nope"))))
        assert.strictEqual(missing._tag, "NotFound")
      }))

    test("update applies the function atomically and keeps what it returns", () =>
      Effect.gen(function* () {
        const repo = yield* OfferRepository
        const offer = yield* repo.create(draftOffer(freshTenant(), { quantity: 2 }))
        const published = yield* repo.update(offer.tenantId, offer.id, publish)
        assert.deepStrictEqual(
          published.events.map((e) => e._tag),
          ["Published"]
        )
        const claim = step({
          _tag: "Claim",
          claimId: ClaimId.make("c1"),
          customerId: CustomerId.make("u1"),
          qty: 2,
          at: at0
        })
        const claimed = yield* repo.update(offer.tenantId, offer.id, claim)
        assert.deepStrictEqual(
          claimed.events.map((e) => e._tag),
          ["Claimed", "SoldOut"]
        )
        const stored = yield* repo.get(offer.tenantId, offer.id)
        assert.deepStrictEqual(stored, claimed.state)
        assert.deepStrictEqual([stored.status, stored.claimed, stored.version], ["sold_out", 2, 4])
        assert.deepStrictEqual(stored.claims[ClaimId.make("c1")], {
          customerId: CustomerId.make("u1"),
          qty: 2,
          status: "claimed",
          at: at0
        })
      }))

    test("a failing update changes nothing and fails with the function's error", () =>
      Effect.gen(function* () {
        const repo = yield* OfferRepository
        const offer = yield* repo.create(draftOffer(freshTenant()))
        const failure = yield* Effect.flip(repo.update(offer.tenantId, offer.id, step({ _tag: "Pause", at: at0 })))
        assert.strictEqual(failure._tag, "IllegalOfferTransition")
        assert.deepStrictEqual(yield* repo.get(offer.tenantId, offer.id), offer)
      }))

    test("list filters by status and business, oldest first, within the tenant only", () =>
      Effect.gen(function* () {
        const repo = yield* OfferRepository
        const t = freshTenant()
        const later = yield* repo.create(draftOffer(t, { at: 2 * HOUR }))
        const first = yield* repo.create(draftOffer(t, { at: HOUR }))
        yield* repo.create(draftOffer(freshTenant(), { at: HOUR }))
        const active = (yield* repo.update(t, later.id, publish)).state
        const ids = (offers: ReadonlyArray<Offer>) => offers.map((o) => o.id)
        assert.deepStrictEqual(ids(yield* repo.list(t)), [first.id, later.id])
        assert.deepStrictEqual(ids(yield* repo.list(t, { status: "active" })), [active.id])
        assert.deepStrictEqual(ids(yield* repo.list(t, { status: "draft" })), [first.id])
        assert.deepStrictEqual(ids(yield* repo.list(t, { businessId: first.businessId })), [first.id])
        assert.deepStrictEqual(ids(yield* repo.list(t, { status: "active", businessId: first.businessId })), [])
        assert.deepStrictEqual(yield* repo.list(freshTenant()), [])
      }))

    test("another tenant's id is NotFound and never touched", () =>
      Effect.gen(function* () {
        const repo = yield* OfferRepository
        const offer = yield* repo.create(draftOffer(freshTenant()))
        const other = freshTenant()
        assert.strictEqual((yield* Effect.flip(repo.get(other, offer.id)))._tag, "NotFound")
        let called = false
        const spy = (current: Offer): Result.Result<OfferChange, never> => {
          called = true
          return Result.succeed({ state: current, events: [] })
        }
        assert.strictEqual((yield* Effect.flip(repo.update(other, offer.id, spy)))._tag, "NotFound")
        assert.isFalse(called)
        assert.strictEqual((yield* Effect.flip(repo.update(other, offer.id, publish)))._tag, "NotFound")
        assert.deepStrictEqual(yield* repo.list(other), [])
        assert.strictEqual((yield* repo.get(offer.tenantId, offer.id)).status, "draft")
      }))

    test("listExpiring returns not-yet-expired offers whose window ended, earliest end first", () =>
      Effect.gen(function* () {
        const repo = yield* OfferRepository
        const a = freshTenant()
        const b = freshTenant()
        const w = (end: number): Window => ({ startsAt: timestamp(0), endsAt: timestamp(end * HOUR) })
        const late = yield* repo.create(draftOffer(a, { window: w(3) }))
        const early = yield* repo.create(draftOffer(b, { window: w(1) }))
        const exact = yield* repo.create(draftOffer(a, { window: w(5) }))
        const future = yield* repo.create(draftOffer(a, { window: w(6) }))
        const gone = yield* repo.create(draftOffer(b, { window: w(2) }))
        yield* repo.update(b, gone.id, step({ _tag: "Expire", now: timestamp(2 * HOUR) }))
        const mine = new Set([late.id, early.id, exact.id, future.id, gone.id])
        const due = yield* repo.listExpiring(timestamp(5 * HOUR), 100_000)
        for (const o of due) assert.isTrue(o.window.endsAt <= 5 * HOUR && o.status !== "expired")
        for (let i = 1; i < due.length; i++) assert.isTrue(due[i - 1]!.window.endsAt <= due[i]!.window.endsAt)
        assert.deepStrictEqual(
          due.filter((o) => mine.has(o.id)).map((o) => o.id),
          [early.id, late.id, exact.id]
        )
        assert.strictEqual((yield* repo.listExpiring(timestamp(5 * HOUR), 1)).length, 1)
        // Leave nothing due behind for other suites sharing the database.
        for (const o of [late, early, exact, future]) {
          yield* repo.update(o.tenantId, o.id, step({ _tag: "Expire", now: FAR }))
        }
      }))

    test("200 concurrent claims of 1 on an offer of 50: exactly 50 win, sold out exactly once", () =>
      Effect.gen(function* () {
        const repo = yield* OfferRepository
        const offer = yield* repo.create(draftOffer(freshTenant(), { quantity: 50 }))
        yield* repo.update(offer.tenantId, offer.id, publish)
        const claim = (i: number): OfferCommand => ({
          _tag: "Claim",
          claimId: ClaimId.make(`c${i}`),
          customerId: CustomerId.make(`u${i}`),
          qty: 1,
          at: at0
        })
        const results = yield* Effect.all(
          Array.from({ length: 200 }, (_, i) =>
            repo.update(offer.tenantId, offer.id, step(claim(i))).pipe(Effect.result)
          ),
          { concurrency: "unbounded" }
        )
        const won = results.flatMap((r) => (Result.isSuccess(r) ? [r.success] : []))
        const lost = results.flatMap((r) => (Result.isFailure(r) ? [r.failure._tag] : []))
        assert.strictEqual(won.length, 50)
        assert.isTrue(lost.every((tag) => tag === "OfferNotActive"))
        const soldOut = won.flatMap((c) => c.events).filter((e) => e._tag === "SoldOut")
        assert.strictEqual(soldOut.length, 1)
        const stored = yield* repo.get(offer.tenantId, offer.id)
        assert.deepStrictEqual([stored.status, stored.claimed, stored.soldOutBy], ["sold_out", 50, "auto"])
        assert.isTrue(Invariants.all(stored))
      }))
  })

const business = (tenantId: TenantId, id = freshId("biz")): Business => ({
  id: BusinessId.make(id),
  tenantId,
  name: "Corner bakery",
  status: "pending",
  version: 1
})

/** The BusinessRepository contract: tenant-scoped CRUD, atomic update, the admin's pending queue. */
export const businessRepositoryContract = (name: string, layer: Layer.Layer<BusinessRepository, unknown>) =>
  describe(`BusinessRepository contract: ${name}`, () => {
    const test = (title: string, body: () => Effect.Effect<void, unknown, BusinessRepository>) =>
      it.effect(title, () => body().pipe(Effect.provide(layer)))

    test("create, get, update and list, scoped to the tenant", () =>
      Effect.gen(function* () {
        const repo = yield* BusinessRepository
        const t = freshTenant()
        const b = yield* repo.create(business(t, freshId("b-2")))
        const a = yield* repo.create(business(t, freshId("b-1")))
        assert.strictEqual((yield* Effect.flip(repo.create(a)))._tag, "BusinessAlreadyExists")
        assert.deepStrictEqual(yield* repo.get(t, a.id), a)
        const verified = yield* repo.update(t, b.id, stepBusiness({ _tag: "Verify", at: at0 }))
        assert.deepStrictEqual([verified.state.status, verified.state.version], ["verified", 2])
        assert.deepStrictEqual(yield* repo.get(t, b.id), verified.state)
        const ids = (bs: ReadonlyArray<Business>) => bs.map((x) => x.id)
        assert.deepStrictEqual(ids(yield* repo.list(t)), [a.id, b.id].sort())
        assert.deepStrictEqual(ids(yield* repo.list(t, { status: "verified" })), [b.id])
        const illegal = yield* Effect.flip(repo.update(t, b.id, stepBusiness({ _tag: "Resubmit", at: at0 })))
        assert.strictEqual(illegal._tag, "IllegalBusinessTransition")
        assert.strictEqual((yield* repo.get(t, b.id)).version, 2)
      }))

    test("another tenant's id is NotFound and never touched", () =>
      Effect.gen(function* () {
        const repo = yield* BusinessRepository
        const b = yield* repo.create(business(freshTenant()))
        const other = freshTenant()
        assert.strictEqual((yield* Effect.flip(repo.get(other, b.id)))._tag, "NotFound")
        const verify = repo.update(other, b.id, stepBusiness({ _tag: "Verify", at: at0 }))
        assert.strictEqual((yield* Effect.flip(verify))._tag, "NotFound")
        assert.deepStrictEqual(yield* repo.list(other), [])
        assert.strictEqual((yield* repo.get(b.tenantId, b.id)).status, "pending")
      }))

    test("listPending lists pending businesses across tenants, up to the limit", () =>
      Effect.gen(function* () {
        const repo = yield* BusinessRepository
        const pending = yield* repo.create(business(freshTenant()))
        const done = yield* repo.create(business(freshTenant()))
        yield* repo.update(done.tenantId, done.id, stepBusiness({ _tag: "Verify", at: at0 }))
        const queue = yield* repo.listPending(100_000)
        assert.isTrue(queue.every((x) => x.status === "pending"))
        assert.isTrue(queue.some((x) => x.id === pending.id && x.tenantId === pending.tenantId))
        assert.isFalse(queue.some((x) => x.id === done.id))
        assert.strictEqual((yield* repo.listPending(1)).length, 1)
        // Leave nothing pending behind for other suites sharing the database.
        yield* repo.update(pending.tenantId, pending.id, stepBusiness({ _tag: "Verify", at: at0 }))
      }))
  })
