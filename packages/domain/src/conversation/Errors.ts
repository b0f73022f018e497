import { Schema } from "effect"
import { NudgeStop } from "../nudge/Model.ts"
import { ConversationId, OrderId } from "../shared/Ids.ts"

/** The bot tried to speak while a human owns the conversation (SPEC §3.7: the bot stays silent). */
export class HumanOwnsConversation extends Schema.TaggedError<HumanOwnsConversation>()("HumanOwnsConversation", {
  conversationId: ConversationId
}) {}

/** A nudge after a stop condition: opt-out, handoff or a finished order (SPEC §3.5). */
export class NudgingStopped extends Schema.TaggedError<NudgingStopped>()("NudgingStopped", {
  conversationId: ConversationId,
  reason: NudgeStop
}) {}

/** FinishOrder for an order that is not this conversation's draft. */
export class OrderNotAttached extends Schema.TaggedError<OrderNotAttached>()("OrderNotAttached", {
  conversationId: ConversationId,
  orderId: OrderId
}) {}
