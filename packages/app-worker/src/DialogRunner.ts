import { type Conversation, Dialog, type OutboundMessage } from "@chatshop/domain"
import { Effect } from "effect"
import { executeAction, type TurnEffects, turnEnv } from "./turn/Execute.ts"
import { gather } from "./turn/Gather.ts"
import type { PendingMessage } from "./TurnStore.ts"

export { dialogStateOf, shopOf } from "./turn/Gather.ts"

/** What one dialog turn produced: the messages to send, conversation commands, the next dialog state. */
export interface DialogTurnResult {
  readonly state: Dialog.DialogState
  readonly messages: ReadonlyArray<OutboundMessage>
  readonly commands: ReadonlyArray<Conversation.ConversationCommand>
}

/** How many rounds of outcome → reply → action a turn follows (an outcome's actions may have outcomes). */
const MAX_DEPTH = 3

/**
 * A turn's dialog in named steps: gather (conversation, shop, state, NLU, catalog and order reads)
 * → decide (`Dialog.decide`, pure) → execute each action (Orders, Offers, payment evidence; each
 * outcome answered by `Dialog.onOutcome`) → the replies and commands the turn's one write records.
 * Every figure the customer sees comes from `decide`/`onOutcome`.
 */
export const runDialog = (
  conversation: Conversation.Conversation,
  stored: unknown,
  turn: ReadonlyArray<PendingMessage>,
  customerName: string | undefined
) =>
  Effect.gen(function* () {
    const gathered = yield* gather(conversation, stored, turn, customerName)
    const env = yield* turnEnv(gathered, turn[0]!.messageId)
    const language = gathered.nlu.language
    const fx: TurnEffects = { messages: [], commands: [], order: gathered.order }
    if (language !== conversation.language) fx.commands.push({ _tag: "SetLanguage", language, at: gathered.now })

    const decision = Dialog.decide(gathered.state, gathered.nlu, gathered.context(fx.order))
    let state = decision.state
    const execute = (actions: ReadonlyArray<Dialog.DialogAction>, depth: number): Effect.Effect<void> =>
      Effect.forEach(
        actions,
        (action) =>
          Effect.gen(function* () {
            const outcome = yield* executeAction(env, fx, action)
            if (outcome === null || depth > MAX_DEPTH) return
            const next = Dialog.onOutcome(state, outcome, gathered.context(fx.order), language)
            state = next.state
            yield* execute(next.actions, depth + 1)
          }),
        { discard: true }
      )
    yield* execute(decision.actions, 0)
    // As few messages as the channel allows: WhatsApp lets one through to a customer about every 6 s.
    const messages = Dialog.Coalesce.coalesce(fx.messages, Dialog.Coalesce.channelLimits[conversation.channel])
    return { state, messages, commands: fx.commands } satisfies DialogTurnResult
  })
