import { Schema } from "effect"
import { OrderId, Timestamp } from "../shared/Ids.ts"
import { OrderStatus, ShortLine } from "./Model.ts"

/** The command is not allowed in the order's current status. */
export class InvalidTransition extends Schema.TaggedError<InvalidTransition>()("InvalidTransition", {
  orderId: OrderId,
  status: OrderStatus,
  command: Schema.String
}) {}

export class EmptyOrder extends Schema.TaggedError<EmptyOrder>()("EmptyOrder", {
  orderId: OrderId
}) {}

/** Placing needs every required field; `fields` are in asking order ("size:0", "phone", …). */
export class MissingFields extends Schema.TaggedError<MissingFields>()("MissingFields", {
  orderId: OrderId,
  fields: Schema.Array(Schema.String)
}) {}

export class LineNotFound extends Schema.TaggedError<LineNotFound>()("LineNotFound", {
  orderId: OrderId,
  line: Schema.Int
}) {}

export class InvalidFieldValue extends Schema.TaggedError<InvalidFieldValue>()("InvalidFieldValue", {
  field: Schema.String,
  value: Schema.String,
  reason: Schema.String
}) {}

/** Placing failed: these lines could not be held. The order stays draft and records them. */
export class InsufficientStockForOrder extends Schema.TaggedError<InsufficientStockForOrder>()(
  "InsufficientStockForOrder",
  { orderId: OrderId, lines: Schema.Array(ShortLine) }
) {}

/** The reservation outcomes handed to Place do not describe the order's lines (a caller bug). */
export class ReservationMismatch extends Schema.TaggedError<ReservationMismatch>()("ReservationMismatch", {
  orderId: OrderId,
  line: Schema.Int
}) {}

export class HoldNotLapsed extends Schema.TaggedError<HoldNotLapsed>()("HoldNotLapsed", {
  orderId: OrderId,
  holdUntil: Timestamp,
  now: Timestamp
}) {}

/** Staff cannot approve a payment whose transaction id is already another order's. */
export class ReferenceReused extends Schema.TaggedError<ReferenceReused>()("ReferenceReused", {
  orderId: OrderId,
  reference: Schema.String
}) {}

/** Repository: the written order claims a payment reference another order of the shop claims. */
export class PaymentReferenceTaken extends Schema.TaggedError<PaymentReferenceTaken>()("PaymentReferenceTaken", {
  reference: Schema.String,
  orderId: OrderId
}) {}

export class OrderExists extends Schema.TaggedError<OrderExists>()("OrderExists", {
  orderId: OrderId
}) {}
