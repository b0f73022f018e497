import { Schema } from "effect"
import { initialNudgeState, NudgeState } from "../nudge/Model.ts"
import { Channel } from "../shared/Channel.ts"
import { ChannelAccountId, ConversationId, CustomerId, MessageId, OrderId, TenantId, Timestamp } from "../shared/Ids.ts"

/** The languages the bot speaks (SPEC §3.8: templates in English and Russian). */
export const Language = Schema.Literals(["en", "ru"])
export type Language = typeof Language.Type

/** Who answers the customer. While a human owns the conversation the bot stays silent (SPEC §3.7). */
export const Owner = Schema.Literals(["bot", "human"])
export type Owner = typeof Owner.Type

/** What handed the conversation to a human (SPEC §3.7's five triggers). */
export const HandoffSource = Schema.Literals(["customer", "nlu", "manager", "admin", "echo"])
export type HandoffSource = typeof HandoffSource.Type

/** Who may hand a conversation back to the bot. */
export const HandbackSource = Schema.Literals(["manager", "admin"])
export type HandbackSource = typeof HandbackSource.Type

export const Direction = Schema.Literals(["in", "out"])
export type Direction = typeof Direction.Type
export const Sender = Schema.Literals(["customer", "bot", "human"])
export type Sender = typeof Sender.Type

/** Two NLU misses in a row hand the conversation to a human (SPEC §3.7). */
export const NLU_FAILURES_FOR_HANDOFF = 2

/**
 * Platform message ids remembered per conversation for the duplicate guard. Webhook retries come
 * within minutes; older duplicates are also refused by the repository's unique index.
 */
export const PLATFORM_ID_WINDOW = 100

export const Handoff = Schema.Struct({ by: HandoffSource, at: Timestamp })
export type Handoff = typeof Handoff.Type

/** One chat: (tenant, channel account, customer). Also the decider's state. */
export const Conversation = Schema.Struct({
  id: ConversationId,
  tenantId: TenantId,
  channel: Channel,
  channelAccountId: ChannelAccountId,
  customerId: CustomerId,
  language: Language,
  owner: Owner,
  /** Set exactly while a human owns the conversation. */
  handoff: Schema.NullOr(Handoff),
  /** NLU misses in a row; reaching NLU_FAILURES_FOR_HANDOFF hands off and resets it. */
  nluFailures: Schema.Int,
  lastInboundAt: Schema.NullOr(Timestamp),
  lastOutboundAt: Schema.NullOr(Timestamp),
  /** The current order draft, if any. */
  orderId: Schema.NullOr(OrderId),
  /** Kept by the nudge module's update functions; also records opt-out and finished orders. */
  nudge: NudgeState,
  messageCount: Schema.Int,
  /** The most recent platform message ids (≤ PLATFORM_ID_WINDOW), oldest first. */
  recentPlatformIds: Schema.Array(Schema.String),
  createdAt: Timestamp
})
export type Conversation = typeof Conversation.Type

/** The identity of a conversation plus what is known when it starts. */
export interface ConversationKey {
  readonly channel: Channel
  readonly channelAccountId: ChannelAccountId
  readonly customerId: CustomerId
  readonly language?: Language
}

export const empty = (
  id: ConversationId,
  tenantId: TenantId,
  key: ConversationKey,
  createdAt: Timestamp
): Conversation => ({
  id,
  tenantId,
  channel: key.channel,
  channelAccountId: key.channelAccountId,
  customerId: key.customerId,
  language: key.language ?? "en",
  owner: "bot",
  handoff: null,
  nluFailures: 0,
  lastInboundAt: null,
  lastOutboundAt: null,
  orderId: null,
  nudge: initialNudgeState,
  messageCount: 0,
  recentPlatformIds: [],
  createdAt
})

/** One recorded message. Bot and human messages get their platform id once delivered. */
export const Message = Schema.Struct({
  id: MessageId,
  tenantId: TenantId,
  conversationId: ConversationId,
  direction: Direction,
  sender: Sender,
  text: Schema.String,
  platformMessageId: Schema.NullOr(Schema.String),
  /** A bot follow-up to a silent customer (SPEC §3.5). */
  nudge: Schema.Boolean,
  at: Timestamp
})
export type Message = typeof Message.Type

/** The customer said "stop" and has not written since (a handoff only hides it until the handback). */
export const isOptedOut = (c: Pick<Conversation, "nudge">): boolean =>
  c.nudge.stoppedBy === "opt_out" || c.nudge.stopAfterHandback === "opt_out"

/** The same platform message seen again (webhook retry, our own echo): recorded once only. */
export const isDuplicate = (c: Pick<Conversation, "recentPlatformIds">, platformMessageId: string | null): boolean =>
  platformMessageId !== null && c.recentPlatformIds.includes(platformMessageId)

/**
 * The bot spoke last, the customer is silent, and nothing stops nudging: `nextNudge` decides when.
 * A bot reply stamped in the same millisecond as the customer's message answered it.
 */
export const isNudgeCandidate = (c: Conversation): boolean => {
  const { lastBotMessageAt, lastCustomerMessageAt, stoppedBy } = c.nudge
  return (
    c.owner === "bot" &&
    stoppedBy === null &&
    lastBotMessageAt !== null &&
    (lastCustomerMessageAt === null || lastBotMessageAt >= lastCustomerMessageAt)
  )
}
