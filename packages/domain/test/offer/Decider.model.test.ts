import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import * as fc from "fast-check"
import { BusinessId, ClaimId, CustomerId, HOUR, Offer, OfferId, TenantId, timestamp } from "@chatshop/domain"

/** The simple model: a status, a quantity and a status per claim id. */
interface Model {
  status: Offer.OfferStatus
  quantity: number
  soldOutBy: "auto" | "forced" | undefined
  claims: Map<string, { customer: string; qty: number; status: Offer.ClaimStatus }>
}
interface Real {
  offer: Offer.Offer
}

const window = { startsAt: timestamp(10 * HOUR), endsAt: timestamp(30 * HOUR) }
const claimed = (m: Model) => [...m.claims.values()].reduce((n, c) => n + (c.status === "cancelled" ? 0 : c.qty), 0)
const left = (m: Model) => m.quantity - claimed(m)
const autoSoldOut = (m: Model) => {
  if (m.status === "active" && left(m) === 0) {
    m.status = "sold_out"
    m.soldOutBy = "auto"
  }
}
const reopen = (m: Model) => {
  m.status = "active"
  m.soldOutBy = undefined
}

/** One command: `expect` applies it to the model and says whether the decider must accept it. */
const command = (label: string, make: (at: number) => Offer.OfferCommand, expect: (m: Model, at: number) => boolean) =>
  fc.integer({ min: 0, max: 40 }).map(
    (hours): fc.Command<Model, Real> => ({
      check: () => true,
      run(m, r) {
        const at = hours * HOUR
        const result = Offer.step(make(at))(r.offer)
        const accepted = m.status === "expired" ? make(at)._tag === "Expire" : expect(m, at)
        assert.strictEqual(Result.isSuccess(result), accepted, `${label} at ${hours}h`)
        if (Result.isSuccess(result)) r.offer = result.success.state
        const o = r.offer
        assert.deepStrictEqual(
          [o.status, o.quantity, o.claimed, o.soldOutBy],
          [m.status, m.quantity, claimed(m), m.soldOutBy]
        )
        for (const [id, c] of m.claims) assert.strictEqual(o.claims[ClaimId.make(id)]?.status, c.status)
        assert.strictEqual(Object.keys(o.claims).length, m.claims.size)
      },
      toString: () => `${label}@${hours}h`
    })
  )

const ids = fc.constantFrom("c1", "c2", "c3", "c4")
const customers = fc.constantFrom("u1", "u2")

const commands = fc.commands(
  [
    fc.constantFrom("verified", "pending", "rejected").chain((status) =>
      command(
        `publish(${status})`,
        (at) => ({ _tag: "Publish", businessStatus: status as Offer.BusinessStatus, at: timestamp(at) }),
        (m, at) => {
          if (m.status === "active") return true
          if (m.status !== "draft" || status !== "verified" || m.quantity === 0 || at >= window.endsAt) return false
          m.status = "active"
          return true
        }
      )
    ),
    command(
      "pause",
      (at) => ({ _tag: "Pause", at: timestamp(at) }),
      (m) => {
        if (m.status === "active") m.status = "paused"
        return m.status === "paused"
      }
    ),
    command(
      "resume",
      (at) => ({ _tag: "Resume", at: timestamp(at) }),
      (m, at) => {
        if (m.status === "active") return true
        if (m.status !== "paused" || at >= window.endsAt) return false
        m.status = "active"
        autoSoldOut(m)
        return true
      }
    ),
    command(
      "soldOut",
      (at) => ({ _tag: "ForceSoldOut", at: timestamp(at) }),
      (m) => {
        if (m.status === "active") {
          m.status = "sold_out"
          m.soldOutBy = "forced"
        }
        return m.status === "sold_out"
      }
    ),
    fc.tuple(ids, customers, fc.integer({ min: 1, max: 3 })).chain(([id, customer, qty]) =>
      command(
        `claim(${id},${customer},${qty})`,
        (at) => ({
          _tag: "Claim",
          claimId: ClaimId.make(id),
          customerId: CustomerId.make(customer),
          qty,
          at: timestamp(at)
        }),
        (m, at) => {
          const existing = m.claims.get(id)
          if (existing !== undefined) return existing.customer === customer && existing.qty === qty
          if (m.status !== "active" || at < window.startsAt || at >= window.endsAt || qty > left(m)) return false
          m.claims.set(id, { customer, qty, status: "claimed" })
          autoSoldOut(m)
          return true
        }
      )
    ),
    ids.chain((id) =>
      command(
        `cancel(${id})`,
        (at) => ({ _tag: "CancelClaim", claimId: ClaimId.make(id), at: timestamp(at) }),
        (m, at) => {
          const c = m.claims.get(id)
          if (c === undefined || c.status === "picked_up") return false
          if (c.status === "claimed" && m.status === "sold_out" && m.soldOutBy === "auto" && at < window.endsAt)
            reopen(m)
          c.status = "cancelled"
          return true
        }
      )
    ),
    ids.chain((id) =>
      command(
        `pickUp(${id})`,
        (at) => ({ _tag: "PickUp", claimId: ClaimId.make(id), at: timestamp(at) }),
        (m) => {
          const c = m.claims.get(id)
          if (c === undefined || c.status === "cancelled") return false
          c.status = "picked_up"
          return true
        }
      )
    ),
    fc.integer({ min: 0, max: 6 }).chain((quantity) =>
      command(
        `edit(${quantity})`,
        (at) => ({ _tag: "Edit", quantity, at: timestamp(at) }),
        (m, at) => {
          if (quantity < claimed(m)) return false
          const raised = quantity > m.quantity
          m.quantity = quantity
          autoSoldOut(m)
          if (m.status === "sold_out" && raised && at < window.endsAt) reopen(m)
          return true
        }
      )
    ),
    command(
      "expire",
      (at) => ({ _tag: "Expire", now: timestamp(at) }),
      (m, at) => {
        if (at >= window.endsAt) m.status = "expired"
        return true
      }
    )
  ],
  { maxCommands: 40, size: "max" }
)

describe("offer decider against a simple model", () => {
  it("model-based: status, quantity, claimed and every claim agree with the model after each command", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), commands, (quantity, cmds) => {
        const made = Offer.start({
          _tag: "Create",
          offerId: OfferId.make("o1"),
          tenantId: TenantId.make("t1"),
          businessId: BusinessId.make("b1"),
          title: "Surprise bag",
          price: { amount: 300, currency: "USD" },
          quantity,
          window,
          at: timestamp(0)
        })
        const real: Real = { offer: Result.getOrThrow(made).state }
        const model: Model = { status: "draft", quantity, soldOutBy: undefined, claims: new Map() }
        fc.modelRun(() => ({ model, real }), cmds)
        assert.isTrue(Offer.Invariants.all(real.offer))
      }),
      { numRuns: 1000 }
    )
  })
})
