import type { ConversationEvent } from "./Events.ts"
import type { Conversation, Message } from "./Model.ts"

/**
 * The message row an event records, or none for events that record no message. Repositories
 * append these in the same atomic step that stores the state, so the log and the counts agree.
 */
export const messageOf = (c: Pick<Conversation, "id" | "tenantId">, event: ConversationEvent): Message | undefined => {
  switch (event._tag) {
    case "CustomerMessageReceived":
      return row(c, event, "in", "customer", event.platformMessageId, false)
    case "BotMessageRecorded":
      return row(c, event, "out", "bot", null, event.nudge)
    case "HumanMessageRecorded":
      return row(c, event, "out", "human", event.platformMessageId, false)
    default:
      return undefined
  }
}

const row = (
  c: Pick<Conversation, "id" | "tenantId">,
  event: { readonly messageId: Message["id"]; readonly text: string; readonly at: Message["at"] },
  direction: Message["direction"],
  sender: Message["sender"],
  platformMessageId: string | null,
  nudge: boolean
): Message => ({
  id: event.messageId,
  tenantId: c.tenantId,
  conversationId: c.id,
  direction,
  sender,
  text: event.text,
  platformMessageId,
  nudge,
  at: event.at
})
