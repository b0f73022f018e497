import {
  type ChannelAccountId,
  Conversation,
  type CustomerId,
  IdGenerator,
  type Inbound,
  MessageId,
  Outbox,
  OutboxId,
  type TenantId,
  timestamp
} from "@chatshop/domain"
import { Clock, Effect, Result } from "effect"
import { OutboxWakeup } from "./OutboxSender.ts"

interface Who {
  readonly tenantId: TenantId
  readonly accountId: ChannelAccountId
  readonly customerId: CustomerId
}

/**
 * "+7 701…", "@anna", "7701…": the forms a manager may name a customer by, as ids to look for. A
 * phone number is the customer id on WhatsApp and GREEN-API alike (the adapters normalise it).
 */
export const customerCandidates = (reference: string): ReadonlyArray<string> => {
  const trimmed = reference.trim()
  const bare = trimmed.replace(/^[@+]/, "")
  const digits = trimmed.replace(/[^\d]/g, "")
  return [...new Set([trimmed, bare, digits].filter((s) => s !== ""))]
}

/** The customer's conversation on the manager's own channel account first, else any of the shop's. */
const findConversation = (tenantId: TenantId, accountId: ChannelAccountId, reference: string) =>
  Effect.gen(function* () {
    const repo = yield* Conversation.ConversationRepository
    const found: Array<Conversation.Conversation> = []
    for (const candidate of customerCandidates(reference)) {
      found.push(...(yield* repo.list(tenantId, { customerId: candidate as CustomerId })))
    }
    return found.find((c) => c.channelAccountId === accountId) ?? found[0] ?? null
  })

const ownerText = (c: Conversation.Conversation): string =>
  c.owner === "human"
    ? `A person is answering ${c.customerId} (since handoff by ${c.handoff?.by ?? "?"}).`
    : `The bot is answering ${c.customerId}.`

/**
 * `/handoff on|off|status <customer>` from a manager identity (SPEC §3.7). The manager's message is
 * recorded in their own conversation (a redelivery is recognised there and ignored), the target
 * conversation is handed off or back, and the manager gets a one-line answer.
 */
export const handleManagerCommand = (
  who: Who,
  event: Inbound.InboundEvent,
  command: Exclude<Conversation.HandoffParse, { readonly _tag: "NotACommand" }>
) =>
  Effect.gen(function* () {
    const repo = yield* Conversation.ConversationRepository
    const outbox = yield* Outbox
    const ids = yield* IdGenerator
    const wakeup = yield* OutboxWakeup
    const at = timestamp(yield* Clock.currentTimeMillis)
    const own = yield* repo.getOrCreate(who.tenantId, {
      channel: event.channel,
      channelAccountId: who.accountId,
      customerId: who.customerId
    })
    const messageId = MessageId.make(yield* ids.next("msg"))
    const recorded = yield* repo
      .update(
        who.tenantId,
        own.id,
        Conversation.execute({
          _tag: "ReceiveCustomerMessage",
          messageId,
          text: event.text ?? "",
          platformMessageId: event.platformMessageId,
          at
        })
      )
      .pipe(Effect.orDie)
    if (recorded.events.length === 0) return // a redelivered command: already done

    let answer: string
    if (command._tag === "Invalid") {
      answer = command.reason
    } else {
      const target = yield* findConversation(who.tenantId, who.accountId, command.customer)
      if (target === null) {
        answer = `No conversation with ${command.customer}.`
      } else {
        const change = Conversation.handoffCommandOf(command.action, at)
        const after =
          change === null
            ? target
            : (yield* repo
                .update(who.tenantId, target.id, (s) => {
                  const r = Conversation.execute(change)(s)
                  return Result.isSuccess(r) ? r : Result.succeed({ state: s, events: [] })
                })
                .pipe(Effect.orDie)).state
        answer = ownerText(after)
      }
    }
    yield* outbox.add({
      id: OutboxId.make(`out_mgr_${messageId}`),
      tenantId: who.tenantId,
      channel: event.channel,
      recipient: who.customerId,
      payload: {
        accountId: who.accountId,
        message: { _tag: "Text", text: answer },
        sender: "bot",
        conversationId: own.id,
        messageId: null,
        kind: "notification"
      }
    })
    yield* wakeup.wake
  })
