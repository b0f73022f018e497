import { Schema } from "effect"
import { MessageId, OrderId, Timestamp } from "../shared/Ids.ts"
import { HandbackSource, HandoffSource, Language } from "./Model.ts"

/**
 * What can happen to a conversation. Times come in the command (`at`); message ids come from the
 * IdGenerator; platform ids from the channel (null when the channel has none, e.g. web chat).
 */
export const ConversationCommand = Schema.TaggedUnion({
  ReceiveCustomerMessage: {
    messageId: MessageId,
    text: Schema.String,
    platformMessageId: Schema.NullOr(Schema.String),
    at: Timestamp
  },
  /** A bot reply, or a nudge (`nudge: true`) to a silent customer. */
  RecordBotMessage: { messageId: MessageId, text: Schema.String, nudge: Schema.Boolean, at: Timestamp },
  /** A person replying through chatshop (inbox, admin API): they take the conversation. */
  RecordHumanMessage: { messageId: MessageId, text: Schema.String, at: Timestamp },
  /** The platform echoes a message sent from the shop's phone or app: the owner replied by hand. */
  ReceiveEcho: { messageId: MessageId, text: Schema.String, platformMessageId: Schema.String, at: Timestamp },
  /** A sent message got its platform id, so its echo is recognised as ours. */
  MarkDelivered: { messageId: MessageId, platformMessageId: Schema.String, at: Timestamp },
  NluFailed: { at: Timestamp },
  NluSucceeded: { at: Timestamp },
  HandoffOn: { by: HandoffSource, at: Timestamp },
  HandoffOff: { by: HandbackSource, at: Timestamp },
  SetLanguage: { language: Language, at: Timestamp },
  AttachOrder: { orderId: OrderId, at: Timestamp },
  /** The draft's order was paid, fulfilled or cancelled: nothing left to nudge about. */
  FinishOrder: { orderId: OrderId, at: Timestamp },
  /** The customer wrote "stop": no more nudges until they write again (SPEC §3.5). */
  OptOut: { at: Timestamp }
})
export type ConversationCommand = typeof ConversationCommand.Type
