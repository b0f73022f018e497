import { Conversation, type OutboundMessage } from "@chatshop/domain"
import { Result } from "effect"

/** Apply commands in order in one atomic update; a command the decider refuses is skipped. */
export const applyAll =
  (commands: ReadonlyArray<Conversation.ConversationCommand>) =>
  (state: Conversation.Conversation): Result.Result<Conversation.Transition, never> => {
    let current = state
    const events: Array<Conversation.ConversationEvent> = []
    for (const command of commands) {
      const applied = Conversation.execute(command)(current)
      if (Result.isSuccess(applied)) {
        current = applied.success.state
        events.push(...applied.success.events)
      }
    }
    return Result.succeed({ state: current, events })
  }

/** The text a message is recorded with in the conversation log. */
export const recordedText = (m: OutboundMessage): string => {
  switch (m._tag) {
    case "Text":
    case "Buttons":
      return m.text
    case "Image":
      return m.caption ?? `[image] ${m.url ?? m.mediaId ?? ""}`
    case "AnswerCallback":
      return m.text ?? ""
  }
}
