import * as fc from "fast-check"
import type { InventoryCommand } from "../../inventory/Commands.ts"
import { HOUR, ReservationId, type Timestamp, timestamp } from "../../shared/Ids.ts"

/** A small pool so commands collide on the same reservations. */
export const reservationIds = ["r1", "r2", "r3", "r4", "r5"].map((id) => ReservationId.make(id))

export const reservationId = fc.constantFrom(...reservationIds)
export const at = fc.integer({ min: 0, max: 48 }).map((h) => timestamp(h * HOUR)) as fc.Arbitrary<Timestamp>

export const inventoryCommand: fc.Arbitrary<InventoryCommand> = fc.oneof(
  fc.record({
    _tag: fc.constant("Reserve" as const),
    reservationId,
    qty: fc.integer({ min: 1, max: 6 }),
    holdUntil: at,
    at
  }),
  fc.record({ _tag: fc.constant("Release" as const), reservationId, at }),
  fc.record({ _tag: fc.constant("Commit" as const), reservationId, at }),
  fc.record({ _tag: fc.constant("Expire" as const), now: at }),
  fc.record({ _tag: fc.constant("Restock" as const), qty: fc.integer({ min: 1, max: 10 }), at }),
  fc.record({ _tag: fc.constant("Adjust" as const), onHand: fc.integer({ min: 0, max: 20 }), at }),
  fc.record({ _tag: fc.constant("SetThreshold" as const), threshold: fc.integer({ min: 0, max: 5 }), at })
)

export const inventoryCommands = fc.array(inventoryCommand, { maxLength: 40 })
