import { assert, describe } from "@effect/vitest"
import { Result } from "effect"
import * as fc from "fast-check"
import { ClaimId, Decider, Offer, timestamp } from "@chatshop/domain"
import { OfferArb, property } from "@chatshop/domain/testing"
import { failureTag, play, playPublished, tags } from "./play.ts"

const allowed = new Set([
  "draft>active",
  "active>paused",
  "paused>active",
  "active>sold_out",
  "sold_out>active",
  "draft>expired",
  "active>expired",
  "paused>expired",
  "sold_out>expired"
])

const histories = [OfferArb.create, OfferArb.offerCommands] as const
const freshClaim = ClaimId.make("fresh")

describe("offer decider (SPEC §3.4)", () => {
  property(
    "offer-invariants: 0 ≤ claimed ≤ quantity, remaining ≥ 0, claimed = Σ active claims, after any commands",
    [...histories],
    (create, commands) => {
      for (const step of playPublished(create, commands).steps) assert.isTrue(Offer.Invariants.all(step.after))
    },
    1000
  )

  property(
    "offer-transitions: every status change is draft→active⇄paused, active⇄sold_out or non-final→expired",
    [...histories],
    (create, commands) => {
      for (const step of play(create, commands).steps) {
        let state = step.before
        for (const e of Result.getOrElse(step.result, () => [])) {
          const next = Offer.evolveOffer(state, e)
          if (next.status !== state.status) assert.isTrue(allowed.has(`${state.status}>${next.status}`))
          state = next
        }
      }
    },
    1000
  )

  property(
    "offer-auto-sold-out: a command leaving an active offer with nothing left puts it in sold_out (auto)",
    [...histories],
    (create, commands) => {
      for (const { before, after, command } of playPublished(create, commands).steps) {
        if (before.status !== "active" || after.status === "expired" || after.status === "paused") continue
        if (Offer.remaining(after) === 0) assert.deepStrictEqual([after.status, after.soldOutBy], ["sold_out", "auto"])
        else if (after.status === "sold_out") assert.strictEqual(command._tag, "ForceSoldOut")
      }
    },
    1000
  )

  property(
    "offer-reopen: sold_out → active only by raising quantity or cancelling a claim, before the window ends",
    [...histories],
    (create, commands) => {
      for (const { before, after, command } of playPublished(create, commands).steps) {
        if (before.status !== "sold_out") continue
        const reopened = after.status === "active"
        if (command._tag === "Edit" && Result.isSuccess(Offer.decide(command, before))) {
          const raised = (command.quantity ?? before.quantity) > before.quantity
          assert.strictEqual(reopened, raised && command.at < after.window.endsAt)
        } else if (command._tag === "CancelClaim" && before.claims[command.claimId]?.status === "claimed") {
          assert.strictEqual(reopened, before.soldOutBy === "auto" && command.at < before.window.endsAt)
          assert.strictEqual(Offer.remaining(after), Offer.remaining(before) + before.claims[command.claimId]!.qty)
        } else assert.isFalse(reopened)
      }
    },
    1000
  )

  property(
    "offer-claim: a new claim succeeds iff active, inside the window and qty ≤ remaining",
    [...histories, OfferArb.customerId, fc.integer({ min: 1, max: 8 }), OfferArb.at],
    (create, commands, customerId, qty, at) => {
      const { state } = playPublished(create, commands)
      const result = Offer.decide({ _tag: "Claim", claimId: freshClaim, customerId, qty, at }, state)
      const inside = state.window.startsAt <= at && at < state.window.endsAt
      const left = Offer.remaining(state)
      assert.strictEqual(Result.isSuccess(result), state.status === "active" && inside && qty <= left)
      if (state.status === "expired") assert.strictEqual(failureTag(result), "OfferExpired")
      else if (state.status !== "active") assert.strictEqual(failureTag(result), "OfferNotActive")
      else if (!inside) assert.strictEqual(failureTag(result), "OutsideWindow")
      else if (qty > left) assert.strictEqual(failureTag(result), "NotEnoughLeft")
      else assert.deepStrictEqual(tags(result), qty === left ? ["Claimed", "SoldOut"] : ["Claimed"])
    },
    1000
  )

  property(
    "offer-claim-window: no claim is ever recorded outside active + window",
    [...histories],
    (create, commands) => {
      for (const { before, result } of playPublished(create, commands).steps) {
        for (const e of Result.getOrElse(result, () => [])) {
          if (e._tag !== "Claimed") continue
          assert.strictEqual(before.status, "active")
          assert.isTrue(Offer.insideWindow(before.window, e.at))
        }
      }
    },
    1000
  )

  property(
    "offer-cancel: cancelling a claim before pickup returns its quantity; after pickup it is refused",
    [...histories, OfferArb.claimId, OfferArb.at],
    (create, commands, claimId, at) => {
      const { state } = playPublished(create, commands)
      const claim = state.claims[claimId]
      const result = Offer.step({ _tag: "CancelClaim", claimId, at })(state)
      const expected =
        state.status === "expired"
          ? "OfferExpired"
          : claim === undefined
            ? "UnknownClaim"
            : claim.status === "picked_up"
              ? "ClaimNotActive"
              : undefined
      assert.strictEqual(failureTag(result), expected)
      if (Result.isFailure(result) || claim === undefined) return
      const returned = claim.status === "claimed" ? claim.qty : 0
      assert.strictEqual(Offer.remaining(result.success.state), Offer.remaining(state) + returned)
      assert.strictEqual(result.success.state.claims[claimId]?.status, "cancelled")
    },
    1000
  )

  property(
    "offer-edit-quantity: editing can't put quantity below what is claimed",
    [...histories, fc.integer({ min: 0, max: 12 }), OfferArb.at],
    (create, commands, quantity, at) => {
      const { state } = playPublished(create, commands)
      const result = Offer.decide({ _tag: "Edit", quantity, at }, state)
      if (state.status === "expired") assert.strictEqual(failureTag(result), "OfferExpired")
      else {
        assert.strictEqual(failureTag(result) === "QuantityBelowClaimed", quantity < state.claimed)
        assert.strictEqual(Result.isSuccess(result), quantity >= state.claimed)
      }
    },
    1000
  )

  property(
    "offer-publish: publish needs a draft, a verified business, a window ending in the future and quantity > 0",
    [...histories, OfferArb.businessStatus, OfferArb.at],
    (create, commands, businessStatus, at) => {
      const { state } = play(create, commands)
      const result = Offer.decide({ _tag: "Publish", businessStatus, at }, state)
      const ok = businessStatus === "verified" && state.quantity > 0 && state.window.endsAt > at
      if (state.status === "draft") assert.deepStrictEqual(tags(result), ok ? ["Published"] : [])
      if (state.status === "draft") assert.strictEqual(Result.isSuccess(result), ok)
      else if (state.status === "active") assert.deepStrictEqual(tags(result), [])
      else assert.isTrue(Result.isFailure(result))
    },
    1000
  )

  property(
    "offer-expire: Expire(now) expires any non-final offer iff now ≥ window end; otherwise nothing changes",
    [...histories, OfferArb.at],
    (create, commands, now) => {
      const { state } = playPublished(create, commands)
      const result = Offer.step({ _tag: "Expire", now })(state)
      assert.isTrue(Result.isSuccess(result))
      if (Result.isFailure(result)) return
      const due = state.status !== "expired" && now >= state.window.endsAt
      assert.deepStrictEqual(result.success.events, due ? [{ _tag: "Expired", at: now }] : [])
      assert.strictEqual(result.success.state.status, due ? "expired" : state.status)
    },
    1000
  )

  property(
    "offer-final: an expired offer never changes",
    [...histories, OfferArb.offerCommands],
    (create, commands, after) => {
      const expired = play(create, [...commands, { _tag: "Expire", now: timestamp(1_000 * 3_600_000) }]).state
      assert.strictEqual(expired.status, "expired")
      for (const command of after) {
        const result = Offer.decide(command, expired)
        if (command._tag === "Expire") assert.deepStrictEqual(tags(result), [])
        else assert.strictEqual(failureTag(result), "OfferExpired")
      }
    },
    500
  )

  property(
    "offer-sold-out-once: SoldOut and Reopened alternate and nothing follows Expired",
    [...histories],
    (create, commands) => {
      const { events } = playPublished(create, commands)
      assert.isTrue(Offer.Invariants.soldOutAlternates(events))
      assert.isTrue(Offer.Invariants.nothingAfterExpired(events))
    },
    1000
  )

  property(
    "offer-replay: replaying the events rebuilds the offer; version counts the events",
    [...histories],
    (create, commands) => {
      const { state, events } = playPublished(create, commands)
      assert.deepStrictEqual(Decider.replay(Offer.decider, events), state)
      assert.strictEqual(state.version, events.length)
    },
    500
  )

  property(
    "offer-idempotent: repeating publish, pause, sold-out, claim, cancel, pickup or expire adds no events",
    [...histories, OfferArb.offerCommand.filter((c) => c._tag !== "Edit" && c._tag !== "Resume")],
    (create, commands, command) => {
      const { state } = playPublished(create, commands)
      const once = Offer.step(command)(state)
      if (Result.isFailure(once)) return
      assert.deepStrictEqual(tags(Offer.decide(command, once.success.state)), [])
    },
    1000
  )
})
