import { Schema } from "effect"

/** Branded identifiers. Every entity id is a non-empty string; the brand keeps them apart. */
export const TenantId = Schema.NonEmptyString.pipe(Schema.brand("TenantId"))
export type TenantId = typeof TenantId.Type
export const ProductId = Schema.NonEmptyString.pipe(Schema.brand("ProductId"))
export type ProductId = typeof ProductId.Type
export const Sku = Schema.NonEmptyString.pipe(Schema.brand("Sku"))
export type Sku = typeof Sku.Type
export const ReservationId = Schema.NonEmptyString.pipe(Schema.brand("ReservationId"))
export type ReservationId = typeof ReservationId.Type
export const OrderId = Schema.NonEmptyString.pipe(Schema.brand("OrderId"))
export type OrderId = typeof OrderId.Type
export const OfferId = Schema.NonEmptyString.pipe(Schema.brand("OfferId"))
export type OfferId = typeof OfferId.Type
export const ClaimId = Schema.NonEmptyString.pipe(Schema.brand("ClaimId"))
export type ClaimId = typeof ClaimId.Type
export const BusinessId = Schema.NonEmptyString.pipe(Schema.brand("BusinessId"))
export type BusinessId = typeof BusinessId.Type
export const CustomerId = Schema.NonEmptyString.pipe(Schema.brand("CustomerId"))
export type CustomerId = typeof CustomerId.Type
export const ChannelAccountId = Schema.NonEmptyString.pipe(Schema.brand("ChannelAccountId"))
export type ChannelAccountId = typeof ChannelAccountId.Type
export const ConversationId = Schema.NonEmptyString.pipe(Schema.brand("ConversationId"))
export type ConversationId = typeof ConversationId.Type
export const MessageId = Schema.NonEmptyString.pipe(Schema.brand("MessageId"))
export type MessageId = typeof MessageId.Type

/** Milliseconds since the Unix epoch. The domain never reads the clock itself: callers pass time in. */
export const Timestamp = Schema.Int.pipe(Schema.brand("Timestamp"))
export type Timestamp = typeof Timestamp.Type
export const timestamp = (millis: number): Timestamp => millis as Timestamp

export const HOUR = 3_600_000
export const MINUTE = 60_000
export const DAY = 24 * HOUR
