import { Result } from "effect"
import { onBotMessage, onCustomerMessage, onHandback, onNudgeSent, onStop } from "../nudge/Updates.ts"
import * as D from "../shared/Decider.ts"
import type { ConversationId, TenantId, Timestamp } from "../shared/Ids.ts"
import type { ConversationCommand } from "./Commands.ts"
import { HumanOwnsConversation, NudgingStopped, OrderNotAttached } from "./Errors.ts"
import type { ConversationEvent } from "./Events.ts"
import {
  type Conversation,
  type ConversationKey,
  empty,
  isDuplicate,
  isOptedOut,
  NLU_FAILURES_FOR_HANDOFF,
  PLATFORM_ID_WINDOW
} from "./Model.ts"

export type ConversationError = HumanOwnsConversation | NudgingStopped | OrderNotAttached

type Decision = Result.Result<ReadonlyArray<ConversationEvent>, ConversationError>

const none: Decision = Result.succeed([])
const one = (event: ConversationEvent): Decision => Result.succeed([event])

export const decide = (command: ConversationCommand, state: Conversation): Decision => {
  switch (command._tag) {
    case "ReceiveCustomerMessage":
      if (isDuplicate(state, command.platformMessageId)) return none
      return one({ ...command, _tag: "CustomerMessageReceived" })
    case "RecordBotMessage": {
      if (state.owner === "human") return Result.fail(new HumanOwnsConversation({ conversationId: state.id }))
      const stop = state.nudge.stoppedBy
      if (command.nudge && stop !== null) {
        return Result.fail(new NudgingStopped({ conversationId: state.id, reason: stop }))
      }
      return one({ ...command, _tag: "BotMessageRecorded" })
    }
    case "RecordHumanMessage": {
      const recorded: ConversationEvent = { ...command, _tag: "HumanMessageRecorded", platformMessageId: null }
      // A person answering through chatshop takes the conversation, as the admin API would.
      return Result.succeed(
        state.owner === "bot" ? [{ _tag: "HandedOff", by: "admin", at: command.at }, recorded] : [recorded]
      )
    }
    case "ReceiveEcho": {
      // Our own sent messages echo back with a platform id we already know: not the owner typing.
      if (isDuplicate(state, command.platformMessageId)) return none
      const recorded: ConversationEvent = { ...command, _tag: "HumanMessageRecorded" }
      return Result.succeed(
        state.owner === "bot" ? [{ _tag: "HandedOff", by: "echo", at: command.at }, recorded] : [recorded]
      )
    }
    case "MarkDelivered":
      if (isDuplicate(state, command.platformMessageId)) return none
      return one({ ...command, _tag: "MessageDelivered" })
    case "NluFailed": {
      // A human owns it: the dialog does not run, so there is nothing to count.
      if (state.owner === "human") return none
      const failures = state.nluFailures + 1
      const counted: ConversationEvent = { _tag: "NluFailureCounted", failures, at: command.at }
      return Result.succeed(
        failures >= NLU_FAILURES_FOR_HANDOFF ? [counted, { _tag: "HandedOff", by: "nlu", at: command.at }] : [counted]
      )
    }
    case "NluSucceeded":
      return state.nluFailures === 0 ? none : one({ _tag: "NluFailuresReset", at: command.at })
    case "HandoffOn":
      return state.owner === "human" ? none : one({ _tag: "HandedOff", by: command.by, at: command.at })
    case "HandoffOff":
      return state.owner === "bot" ? none : one({ _tag: "HandedBack", by: command.by, at: command.at })
    case "SetLanguage":
      return state.language === command.language
        ? none
        : one({ _tag: "LanguageSet", language: command.language, at: command.at })
    case "AttachOrder":
      return state.orderId === command.orderId
        ? none
        : one({ _tag: "OrderAttached", orderId: command.orderId, at: command.at })
    case "FinishOrder":
      return state.orderId === command.orderId
        ? one({ _tag: "OrderFinished", orderId: command.orderId, at: command.at })
        : Result.fail(new OrderNotAttached({ conversationId: state.id, orderId: command.orderId }))
    case "OptOut":
      return isOptedOut(state) ? none : one({ _tag: "OptedOut", at: command.at })
  }
}

const later = (a: Timestamp | null, b: Timestamp): Timestamp => (a === null || b > a ? b : a)

const remember = (ids: ReadonlyArray<string>, id: string | null): ReadonlyArray<string> => {
  if (id === null) return ids
  return ids.length >= PLATFORM_ID_WINDOW ? [...ids.slice(ids.length - PLATFORM_ID_WINDOW + 1), id] : [...ids, id]
}

/** Nudge state changes go through the nudge module's updates so both modules agree (SPEC §3.5). */
export const evolve = (state: Conversation, event: ConversationEvent): Conversation => {
  switch (event._tag) {
    case "CustomerMessageReceived":
      return {
        ...state,
        lastInboundAt: later(state.lastInboundAt, event.at),
        messageCount: state.messageCount + 1,
        recentPlatformIds: remember(state.recentPlatformIds, event.platformMessageId),
        nudge: onCustomerMessage(state.nudge, event.at)
      }
    case "BotMessageRecorded":
      return {
        ...state,
        lastOutboundAt: later(state.lastOutboundAt, event.at),
        messageCount: state.messageCount + 1,
        nudge: event.nudge ? onNudgeSent(state.nudge, event.at) : onBotMessage(state.nudge, event.at)
      }
    case "HumanMessageRecorded":
      return {
        ...state,
        lastOutboundAt: later(state.lastOutboundAt, event.at),
        messageCount: state.messageCount + 1,
        recentPlatformIds: remember(state.recentPlatformIds, event.platformMessageId),
        nudge: onBotMessage(state.nudge, event.at)
      }
    case "MessageDelivered":
      return { ...state, recentPlatformIds: remember(state.recentPlatformIds, event.platformMessageId) }
    case "NluFailureCounted":
      return { ...state, nluFailures: event.failures }
    case "NluFailuresReset":
      return { ...state, nluFailures: 0 }
    case "HandedOff":
      return {
        ...state,
        owner: "human",
        handoff: { by: event.by, at: event.at },
        nluFailures: 0,
        nudge: onStop(state.nudge, "handoff")
      }
    case "HandedBack":
      return { ...state, owner: "bot", handoff: null, nluFailures: 0, nudge: onHandback(state.nudge) }
    case "LanguageSet":
      return { ...state, language: event.language }
    case "OrderAttached":
      return { ...state, orderId: event.orderId }
    case "OrderFinished":
      return { ...state, orderId: null, nudge: onStop(state.nudge, "order_finished") }
    case "OptedOut":
      return { ...state, nudge: onStop(state.nudge, "opt_out") }
  }
}

export const decider = (
  id: ConversationId,
  tenantId: TenantId,
  key: ConversationKey,
  createdAt: Timestamp
): D.Decider<Conversation, ConversationCommand, ConversationEvent, ConversationError> => ({
  initial: empty(id, tenantId, key, createdAt),
  decide,
  evolve
})

/** Decide then evolve one command: the function `ConversationRepository.update` takes. */
export const execute = (
  command: ConversationCommand
): ((state: Conversation) => Result.Result<D.Change<Conversation, ConversationEvent>, ConversationError>) =>
  D.step({ decide, evolve }, command)
