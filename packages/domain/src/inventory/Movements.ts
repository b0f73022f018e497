import type { Sku, TenantId } from "../shared/Ids.ts"
import type { InventoryEvent } from "./Events.ts"
import type { StockMovement } from "./Model.ts"

/** The audit-trail row an event writes, or none for events that move no stock. */
export const movementOf = (tenantId: TenantId, sku: Sku, event: InventoryEvent): StockMovement | undefined => {
  const base = { tenantId, sku, at: event.at }
  switch (event._tag) {
    case "Reserved":
      return { ...base, kind: "reserve", onHandDelta: 0, reservedDelta: event.qty, reservationId: event.reservationId }
    case "Released":
      return { ...base, kind: "release", onHandDelta: 0, reservedDelta: -event.qty, reservationId: event.reservationId }
    case "Expired":
      return { ...base, kind: "expire", onHandDelta: 0, reservedDelta: -event.qty, reservationId: event.reservationId }
    case "Committed":
      return {
        ...base,
        kind: "commit",
        onHandDelta: -event.qty,
        reservedDelta: -event.qty,
        reservationId: event.reservationId
      }
    case "Restocked":
      return { ...base, kind: "restock", onHandDelta: event.qty, reservedDelta: 0 }
    case "Adjusted":
      return { ...base, kind: "adjust", onHandDelta: event.to - event.from, reservedDelta: 0 }
    case "ThresholdSet":
    case "LowStock":
      return undefined
  }
}
