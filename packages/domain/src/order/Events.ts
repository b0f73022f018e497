import { Schema } from "effect"
import { PaymentAssessment, PaymentEvidence, ReviewReason } from "../payment/Model.ts"
import { ReservationId, Timestamp } from "../shared/Ids.ts"
import { SetFieldFields } from "./Commands.ts"
import { OrderLine, ShortLine } from "./Model.ts"

const Hold = Schema.Struct({ line: Schema.Int, reservationId: ReservationId })

/** What happened to an order. PaymentAccepted commits holds; OrderCancelled/OrderExpired release them. */
export const OrderEvent = Schema.TaggedUnion({
  LineAdded: { line: OrderLine, at: Timestamp },
  LineRemoved: { line: Schema.Int, at: Timestamp },
  FieldSet: SetFieldFields,
  PlacementFailed: { short: Schema.Array(ShortLine), at: Timestamp },
  OrderPlaced: { holds: Schema.Array(Hold), holdUntil: Timestamp, at: Timestamp },
  OrderCancelled: { reason: Schema.String, released: Schema.Array(ReservationId), at: Timestamp },
  OrderExpired: { released: Schema.Array(ReservationId), at: Timestamp },
  PaymentSubmitted: { evidence: PaymentEvidence, assessment: PaymentAssessment, at: Timestamp },
  /** `by` is "auto" when the score passed the shop threshold, else the approving staff member. */
  PaymentAccepted: { by: Schema.String, committed: Schema.Array(ReservationId), at: Timestamp },
  PaymentReviewRequested: { reasons: Schema.Array(ReviewReason), at: Timestamp },
  PaymentRejected: { by: Schema.String, reason: Schema.String, at: Timestamp },
  OrderFulfilled: { at: Timestamp }
})
export type OrderEvent = typeof OrderEvent.Type
