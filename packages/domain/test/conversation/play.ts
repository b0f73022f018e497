import { Result, Schema } from "effect"
import { Conversation, MessageId, timestamp } from "@chatshop/domain"
import { ConversationArb } from "@chatshop/domain/testing"

export type Command = Conversation.ConversationCommand
export type Event = Conversation.ConversationEvent

/** Run commands through the decider, keeping rejected ones as no-ops; collect every event. */
export const play = (commands: ReadonlyArray<Command>, from = ConversationArb.start) => {
  let state = from
  const events: Array<Event> = []
  for (const command of commands) {
    const decided = Conversation.execute(command)(state)
    if (Result.isSuccess(decided)) {
      state = decided.success.state
      events.push(...decided.success.events)
    }
  }
  return { state, events }
}

/** Decide one command on a state; fail the test on a rejection. */
export const ok = (command: Command, state: Conversation.Conversation) => {
  const decided = Conversation.execute(command)(state)
  if (Result.isFailure(decided)) throw new Error(`rejected: ${decided.failure._tag}`)
  return decided.success
}
export const rejection = (command: Command, state: Conversation.Conversation) => {
  const decided = Conversation.decide(command, state)
  return Result.isFailure(decided) ? decided.failure : undefined
}
export const tags = (events: ReadonlyArray<Event>) => events.map((e) => e._tag)

export const commands = ConversationArb.conversationCommands
export const late = timestamp(10 * 24 * 3_600_000) // after anything the arbitraries generate
export const mid = MessageId.make("m-test")
export const bot = (nudge: boolean, at = late): Command => ({
  _tag: "RecordBotMessage",
  messageId: mid,
  text: "hi",
  nudge,
  at
})
export const customer = (platformMessageId: string | null, at = late): Command => ({
  _tag: "ReceiveCustomerMessage",
  messageId: mid,
  text: "hi",
  platformMessageId,
  at
})
export const isEvent = Schema.is(Conversation.ConversationEvent)
