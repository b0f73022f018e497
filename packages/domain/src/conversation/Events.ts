import { Schema } from "effect"
import { MessageId, OrderId, Timestamp } from "../shared/Ids.ts"
import { HandbackSource, HandoffSource, Language } from "./Model.ts"

export const ConversationEvent = Schema.TaggedUnion({
  CustomerMessageReceived: {
    messageId: MessageId,
    text: Schema.String,
    platformMessageId: Schema.NullOr(Schema.String),
    at: Timestamp
  },
  BotMessageRecorded: { messageId: MessageId, text: Schema.String, nudge: Schema.Boolean, at: Timestamp },
  HumanMessageRecorded: {
    messageId: MessageId,
    text: Schema.String,
    platformMessageId: Schema.NullOr(Schema.String),
    at: Timestamp
  },
  MessageDelivered: { messageId: MessageId, platformMessageId: Schema.String, at: Timestamp },
  /** `failures` is the count in a row after this miss. */
  NluFailureCounted: { failures: Schema.Int, at: Timestamp },
  NluFailuresReset: { at: Timestamp },
  HandedOff: { by: HandoffSource, at: Timestamp },
  HandedBack: { by: HandbackSource, at: Timestamp },
  LanguageSet: { language: Language, at: Timestamp },
  OrderAttached: { orderId: OrderId, at: Timestamp },
  OrderFinished: { orderId: OrderId, at: Timestamp },
  OptedOut: { at: Timestamp }
})
export type ConversationEvent = typeof ConversationEvent.Type
