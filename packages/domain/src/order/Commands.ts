import { Schema } from "effect"
import { PaymentAssessment, PaymentEvidence } from "../payment/Model.ts"
import { ReservationId, Sku, Timestamp } from "../shared/Ids.ts"
import { FieldName } from "./Fields.ts"
import { LineSpec } from "./Model.ts"

/** How reserving one line went, as the service found out from the StockLedger. */
export const ReservationOutcome = Schema.TaggedUnion({
  Reserved: { line: Schema.Int, sku: Sku, qty: Schema.Int, reservationId: ReservationId },
  Short: { line: Schema.Int, sku: Sku, qty: Schema.Int, available: Schema.Int }
})
export type ReservationOutcome = typeof ReservationOutcome.Type

/** What setting a field says: the SetField command's fields, restated by the FieldSet event. */
export const SetFieldFields = {
  field: FieldName,
  value: Schema.String,
  line: Schema.optionalKey(Schema.Int),
  sku: Schema.optionalKey(Sku),
  at: Timestamp
}

export const OrderCommand = Schema.TaggedUnion({
  AddLine: { line: LineSpec, at: Timestamp },
  RemoveLine: { line: Schema.Int, at: Timestamp },
  /** `line` for size and colour; `sku` optionally switches that line to the chosen variant. */
  SetField: SetFieldFields,
  /** `version` is the order version the reservations were taken at (their ids derive from it). */
  Place: {
    version: Schema.Int,
    outcomes: Schema.Array(ReservationOutcome),
    holdUntil: Timestamp,
    at: Timestamp
  },
  Cancel: { reason: Schema.String, at: Timestamp },
  Expire: { now: Timestamp },
  SubmitPayment: { evidence: PaymentEvidence, assessment: PaymentAssessment, at: Timestamp },
  ApprovePayment: { by: Schema.String, at: Timestamp },
  RejectPayment: { by: Schema.String, reason: Schema.String, at: Timestamp },
  Fulfil: { at: Timestamp }
})
export type OrderCommand = typeof OrderCommand.Type
