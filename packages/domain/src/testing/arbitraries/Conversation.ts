import * as fc from "fast-check"
import type { ConversationCommand } from "../../conversation/Commands.ts"
import { type Conversation, empty, type HandoffSource } from "../../conversation/Model.ts"
import {
  ChannelAccountId,
  ConversationId,
  CustomerId,
  MessageId,
  MINUTE,
  OrderId,
  TenantId,
  type Timestamp,
  timestamp
} from "../../shared/Ids.ts"

/** A fresh conversation every generator and model test starts from. */
export const start: Conversation = empty(
  ConversationId.make("conv-1"),
  TenantId.make("t1"),
  { channel: "whatsapp", channelAccountId: ChannelAccountId.make("wa-1"), customerId: CustomerId.make("c1") },
  timestamp(0)
)

/** Small pools so commands collide: the same platform id arrives twice, the same order is finished twice. */
export const platformIds = ["p1", "p2", "p3", "p4", "p5"]
export const platformId = fc.constantFrom(...platformIds)
export const orderId = fc.constantFrom(OrderId.make("o1"), OrderId.make("o2"))
export const messageId = fc.integer({ min: 1, max: 1_000_000 }).map((n) => MessageId.make(`m${n}`))
export const at = fc.integer({ min: 0, max: 24 * 60 }).map((m) => timestamp(m * MINUTE)) as fc.Arbitrary<Timestamp>
export const text = fc.constantFrom("hi", "do you have boots in 38?", "привет", "ok", "")
export const handoffSource = fc.constantFrom<HandoffSource>("customer", "nlu", "manager", "admin", "echo")

export const conversationCommand: fc.Arbitrary<ConversationCommand> = fc.oneof(
  {
    arbitrary: fc.record({
      _tag: fc.constant("ReceiveCustomerMessage" as const),
      messageId,
      text,
      platformMessageId: fc.option(platformId, { nil: null }),
      at
    }),
    weight: 4
  },
  {
    arbitrary: fc.record({ _tag: fc.constant("RecordBotMessage" as const), messageId, text, nudge: fc.boolean(), at }),
    weight: 4
  },
  fc.record({ _tag: fc.constant("RecordHumanMessage" as const), messageId, text, at }),
  fc.record({ _tag: fc.constant("ReceiveEcho" as const), messageId, text, platformMessageId: platformId, at }),
  fc.record({ _tag: fc.constant("MarkDelivered" as const), messageId, platformMessageId: platformId, at }),
  { arbitrary: fc.record({ _tag: fc.constant("NluFailed" as const), at }), weight: 3 },
  fc.record({ _tag: fc.constant("NluSucceeded" as const), at }),
  fc.record({ _tag: fc.constant("HandoffOn" as const), by: handoffSource, at }),
  {
    arbitrary: fc.record({ _tag: fc.constant("HandoffOff" as const), by: fc.constantFrom("manager", "admin"), at }),
    weight: 2
  },
  fc.record({ _tag: fc.constant("SetLanguage" as const), language: fc.constantFrom("en", "ru"), at }),
  fc.record({ _tag: fc.constant("AttachOrder" as const), orderId, at }),
  fc.record({ _tag: fc.constant("FinishOrder" as const), orderId, at }),
  fc.record({ _tag: fc.constant("OptOut" as const), at })
)

export const conversationCommands = fc.array(conversationCommand, { maxLength: 40 })

/** A pending inbound message for burst grouping: arrival time plus its place in the stream. */
export interface Pending {
  readonly at: number
  readonly seq: number
}

/** Messages a few hundred ms to a few seconds apart, in any order: straddles the 2 s debounce. */
export const pendingMessages: fc.Arbitrary<ReadonlyArray<Pending>> = fc
  .array(fc.integer({ min: 0, max: 20_000 }), { maxLength: 30 })
  .map((times) => times.map((t, seq) => ({ at: t, seq })))

export const debounceMs = fc.constantFrom(0, 500, 2_000, 5_000)

/** Texts around the manager command: valid, misspelt, other commands, ordinary chat. */
export const handoffText = fc.oneof(
  fc
    .tuple(
      fc.constantFrom("/handoff", "/HANDOFF", "/handoff@shop_bot", " /handoff"),
      fc.constantFrom("on", "off", "status", "ON", "Off", "maybe", ""),
      fc.constantFrom("+77011234567", "@anna", "c1", "+7 701 123 45 67", "")
    )
    .map(([cmd, action, customer]) => `${cmd} ${action} ${customer}`),
  fc.constantFrom("/handoffs on c1", "/start", "handoff on c1", "please /handoff on c1"),
  fc.string()
)
