import * as fc from "fast-check"
import type { BusinessCommand } from "../../offer/Business.ts"
import type { OfferCommand } from "../../offer/Commands.ts"
import type { BusinessStatus } from "../../offer/Errors.ts"
import type { Window } from "../../offer/Model.ts"
import {
  BusinessId,
  ClaimId,
  CustomerId,
  HOUR,
  OfferId,
  TenantId,
  type Timestamp,
  timestamp
} from "../../shared/Ids.ts"
import type { Money } from "../../shared/Money.ts"

/** Small pools so commands collide on the same claims and customers. */
export const claimIds = ["c1", "c2", "c3", "c4", "c5"].map((id) => ClaimId.make(id))
export const customerIds = ["u1", "u2", "u3"].map((id) => CustomerId.make(id))
export const tenantId = TenantId.make("t-offer")
export const offerId = OfferId.make("o1")
export const businessId = BusinessId.make("b1")

export const claimId = fc.constantFrom(...claimIds)
export const customerId = fc.constantFrom(...customerIds)
/** Whole hours 0..48: windows below live inside this span, so times fall before, inside and after them. */
export const at = fc.integer({ min: 0, max: 48 }).map((h) => timestamp(h * HOUR)) as fc.Arbitrary<Timestamp>
export const businessStatus: fc.Arbitrary<BusinessStatus> = fc.constantFrom("pending", "verified", "rejected")

export const window: fc.Arbitrary<Window> = fc
  .tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 30 }))
  .map(([start, length]) => ({ startsAt: timestamp(start * HOUR), endsAt: timestamp((start + length) * HOUR) }))

/** Mostly valid prices; now and then a negative one, which Create/Edit must refuse. */
export const price: fc.Arbitrary<Money> = fc
  .integer({ min: -1, max: 2_000 })
  .map((amount) => ({ amount, currency: "USD" as const }))

export const quantity = fc.integer({ min: 0, max: 6 })
export const title = fc.constantFrom("Surprise bag", "Pastry box", "", "  ")

/** A valid Create command: the start of every generated history. */
export const create: fc.Arbitrary<Extract<OfferCommand, { _tag: "Create" }>> = fc.record({
  _tag: fc.constant("Create" as const),
  offerId: fc.constant(offerId),
  tenantId: fc.constant(tenantId),
  businessId: fc.constant(businessId),
  title: fc.constant("Surprise bag"),
  price: fc.integer({ min: 0, max: 1_000 }).map((amount) => ({ amount, currency: "USD" as const })),
  quantity: fc.integer({ min: 1, max: 6 }),
  window,
  at: fc.constant(timestamp(0))
})

const edit = fc
  .record({ title, price, quantity, window }, { requiredKeys: [] })
  .chain((patch) => at.map((t) => ({ ...patch, _tag: "Edit" as const, at: t })))

/** Claim times lean towards the windows (which start by 12 h) so most histories sell out or come close. */
const claimAt = fc.integer({ min: 0, max: 30 }).map((h) => timestamp(h * HOUR)) as fc.Arbitrary<Timestamp>

/** Any command on an existing offer, weighted towards claims so offers sell out. */
export const offerCommand: fc.Arbitrary<OfferCommand> = fc.oneof(
  { arbitrary: edit, weight: 2 },
  {
    arbitrary: fc.record({
      _tag: fc.constant("Publish" as const),
      businessStatus: fc.oneof({ arbitrary: fc.constant("verified" as const), weight: 4 }, businessStatus),
      at
    }),
    weight: 2
  },
  fc.record({ _tag: fc.constant("Pause" as const), at }),
  { arbitrary: fc.record({ _tag: fc.constant("Resume" as const), at: claimAt }), weight: 2 },
  fc.record({ _tag: fc.constant("ForceSoldOut" as const), at }),
  {
    arbitrary: fc.record({
      _tag: fc.constant("Claim" as const),
      claimId,
      customerId,
      qty: fc.integer({ min: 1, max: 4 }),
      at: claimAt
    }),
    weight: 8
  },
  { arbitrary: fc.record({ _tag: fc.constant("CancelClaim" as const), claimId, at: claimAt }), weight: 3 },
  { arbitrary: fc.record({ _tag: fc.constant("PickUp" as const), claimId, at }), weight: 2 },
  fc.record({ _tag: fc.constant("Expire" as const), now: at })
)

export const offerCommands = fc.array(offerCommand, { maxLength: 40, size: "max" })

/** A Create followed by a history of commands. */
export const offerHistory = fc.tuple(create, offerCommands)

export const businessCommand: fc.Arbitrary<BusinessCommand> = fc.oneof(
  fc.record({ _tag: fc.constant("Verify" as const), at }),
  fc.record({ _tag: fc.constant("Reject" as const), reason: fc.constantFrom("no licence", "", "blurry photo"), at }),
  fc.record(
    { _tag: fc.constant("Resubmit" as const), name: fc.constantFrom("Bakery", "Bakery & Co", " "), at },
    { requiredKeys: ["_tag", "at"] }
  )
)

export const businessCommands = fc.array(businessCommand, { maxLength: 20, size: "max" })
