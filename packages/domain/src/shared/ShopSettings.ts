import { Schema } from "effect"
import { Currency } from "./Money.ts"

/** Opening hours in the shop's time zone, as whole minutes after midnight: [start, end). */
export const WorkHours = Schema.Struct({
  startMinute: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 24 * 60 })),
  endMinute: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 24 * 60 }))
})
export type WorkHours = typeof WorkHours.Type

/** A shop's policy knobs. Every domain rule that depends on the shop reads them from here. */
export const ShopSettings = Schema.Struct({
  /** IANA zone, e.g. "Asia/Almaty". */
  timezone: Schema.String,
  currency: Currency,
  /** How long a placed order holds stock (SPEC §3.3: default 24 h). */
  holdHours: Schema.Int.check(Schema.isGreaterThan(0)),
  /** Payment evidence scoring at or above this is paid automatically (default 0.8). */
  paymentAutoAcceptThreshold: Schema.Number.check(Schema.isBetween({ minimum: 0, maximum: 1 })),
  /** Available at or below this alerts the managers (default 2). */
  lowStockThreshold: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)),
  workHours: WorkHours,
  /** Messages within this many ms from one customer are one turn (default 2 s). */
  burstDebounceMs: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)),
  /** Nudges per silence (default 2). */
  maxNudges: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)),
  /**
   * Who the shop is paid to: account names, phone or card numbers a payment proof may show (SPEC §3.3).
   * None: no proof can score the recipient, so nothing reaches the default threshold automatically.
   */
  paymentRecipients: Schema.optionalKey(Schema.Array(Schema.String)),
  /** How to pay, told to the customer once the order is placed ("Kaspi transfer to +7 701 …"). */
  paymentDetails: Schema.optionalKey(Schema.String)
})
export type ShopSettings = typeof ShopSettings.Type

export const defaultShopSettings: ShopSettings = {
  timezone: "UTC",
  currency: "USD",
  holdHours: 24,
  paymentAutoAcceptThreshold: 0.8,
  lowStockThreshold: 2,
  workHours: { startMinute: 9 * 60, endMinute: 19 * 60 },
  burstDebounceMs: 2_000,
  maxNudges: 2
}
