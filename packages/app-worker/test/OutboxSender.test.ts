import {
  ChannelAccountId,
  ChannelSender,
  ChannelSenderMemory,
  Conversation,
  CustomerId,
  HOUR,
  MessageId,
  Outbox,
  OutboxId,
  type OutboxPayload,
  PermanentSendError,
  TenantId,
  TransientSendError,
  timestamp
} from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect, Layer, Logger } from "effect"
import { TestClock } from "effect/testing"
import { makeOutboxSender } from "../src/OutboxSender.ts"

const tenantId = TenantId.make("shop-outbox")
const account = ChannelAccountId.make("acc-wa")
const layer = Layer.mergeAll(
  Outbox.layerMemory,
  ChannelSender.layerMemory,
  Conversation.ConversationRepository.layerMemory
)

/** A WhatsApp conversation whose customer wrote at `at`, and a bot row for it. */
const setup = (customer: string, wroteAt: number | null, text = "hello") =>
  Effect.gen(function* () {
    const repo = yield* Conversation.ConversationRepository
    const outbox = yield* Outbox
    const c = yield* repo.getOrCreate(tenantId, {
      channel: "whatsapp",
      channelAccountId: account,
      customerId: CustomerId.make(customer)
    })
    if (wroteAt !== null) {
      yield* repo.update(
        tenantId,
        c.id,
        Conversation.execute({
          _tag: "ReceiveCustomerMessage",
          messageId: MessageId.make(`in-${customer}`),
          text: "hi",
          platformMessageId: `wamid-${customer}`,
          at: timestamp(wroteAt)
        })
      )
    }
    const payload: OutboxPayload = {
      accountId: account,
      message: { _tag: "Text", text },
      sender: "bot",
      conversationId: c.id,
      messageId: MessageId.make(`out-${customer}`),
      kind: "reply"
    }
    const row = yield* outbox.add({
      id: OutboxId.make(`out_${customer}`),
      tenantId,
      channel: "whatsapp",
      recipient: customer,
      payload
    })
    return { conversation: c, row }
  })

/** What `effect` logged at Info or above (the production default), as "<level> <message>". */
const capturingLogs = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const lines: Array<string> = []
    const logger = Logger.make((options) => {
      if (options.logLevel !== "Info" && options.logLevel !== "Warn" && options.logLevel !== "Error") return
      const message = Array.isArray(options.message) ? options.message.map(String).join(" ") : String(options.message)
      lines.push(`${options.logLevel} ${message}`)
    })
    const value = yield* effect.pipe(Effect.provide(Logger.layer([logger])))
    return { value, lines }
  })

const statusOf = (id: string) =>
  Effect.gen(function* () {
    return yield* (yield* Outbox).get(tenantId, OutboxId.make(id))
  })

describe("outbox sender (SPEC §6)", () => {
  it.effect("sends a due row once, marks it sent, and remembers the platform id so its echo is ours", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_800_000_000_000)
      const now = yield* Clock.currentTimeMillis
      const { conversation } = yield* setup("100", now)
      const sender = yield* makeOutboxSender()
      assert.strictEqual(yield* sender.sendDue, 1)
      assert.strictEqual(yield* sender.sendDue, 0, "nothing left to claim")
      assert.strictEqual((yield* statusOf("out_100")).status, "sent")
      const sent = yield* (yield* ChannelSenderMemory).sent
      assert.strictEqual(sent.length, 1)
      assert.strictEqual(sent[0]!.request.recipient, "100")
      const after = yield* (yield* Conversation.ConversationRepository).get(tenantId, conversation.id)
      assert.include(after.recentPlatformIds, sent[0]!.platformMessageIds[0]!)
    }).pipe(Effect.provide(layer))
  )

  it.effect("at most once: a row claimed by a sender that died mid-send is failed, never sent again", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_800_000_000_000)
      yield* setup("101", yield* Clock.currentTimeMillis)
      const outbox = yield* Outbox
      // The dead sender: claimed (attempt 1), then nothing recorded.
      const claimed = yield* outbox.claim(10, timestamp(yield* Clock.currentTimeMillis), { leaseMs: 1_000 })
      assert.strictEqual(claimed.length, 1)
      yield* TestClock.adjust(2_000)
      const sender = yield* makeOutboxSender()
      assert.strictEqual(yield* sender.sendDue, 1)
      const row = yield* statusOf("out_101")
      assert.strictEqual(row.status, "failed")
      assert.match(row.error ?? "", /^outcome_unknown/)
      assert.strictEqual((yield* (yield* ChannelSenderMemory).sent).length, 0)
    }).pipe(Effect.provide(layer))
  )

  it.effect("a transient failure is retried later, resuming after the parts already delivered", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_800_000_000_000)
      yield* setup("102", yield* Clock.currentTimeMillis)
      yield* (yield* ChannelSenderMemory).failNext(
        new TransientSendError({
          channel: "whatsapp",
          code: "429",
          message: "slow down",
          retryAfterMs: 5_000,
          sentMessageIds: ["part-1"]
        })
      )
      const sender = yield* makeOutboxSender()
      yield* sender.sendDue
      const waiting = yield* statusOf("out_102")
      assert.deepStrictEqual(
        [waiting.status, waiting.settledAttempts, waiting.deliveredParts, waiting.error],
        ["pending", 1, 1, "429: slow down"]
      )
      assert.strictEqual(yield* sender.sendDue, 0, "not before its retry time")
      yield* TestClock.adjust(5_000)
      assert.strictEqual(yield* sender.sendDue, 1)
      assert.strictEqual((yield* statusOf("out_102")).status, "sent")
      const sent = yield* (yield* ChannelSenderMemory).sent
      assert.strictEqual(sent.length, 1)
      assert.strictEqual(sent[0]!.request.skipParts, 1)
    }).pipe(Effect.provide(layer))
  )

  it.effect("a permanent failure is not retried", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_800_000_000_000)
      yield* setup("103", yield* Clock.currentTimeMillis)
      yield* (yield* ChannelSenderMemory).failNext(
        new PermanentSendError({
          channel: "whatsapp",
          code: "131050",
          reason: "opted_out",
          message: "stopped",
          sentMessageIds: []
        })
      )
      const sender = yield* makeOutboxSender()
      yield* sender.sendDue
      yield* TestClock.adjust(HOUR)
      assert.strictEqual(yield* sender.sendDue, 0)
      assert.match((yield* statusOf("out_103")).error ?? "", /^opted_out/)
    }).pipe(Effect.provide(layer))
  )

  it.effect("outside the WhatsApp 24 h window nothing is sent (explicit failure, SPEC §3.6)", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_800_000_000_000)
      yield* setup("104", (yield* Clock.currentTimeMillis) - 24 * HOUR)
      yield* setup("105", null)
      const sender = yield* makeOutboxSender()
      assert.strictEqual(yield* sender.sendDue, 2)
      assert.strictEqual((yield* statusOf("out_104")).error, "window_closed")
      assert.strictEqual((yield* statusOf("out_105")).error, "window_closed")
      assert.strictEqual((yield* (yield* ChannelSenderMemory).sent).length, 0)
    }).pipe(Effect.provide(layer))
  )

  it.effect("a bot message written before a human took over is not sent", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_800_000_000_000)
      const { conversation } = yield* setup("106", yield* Clock.currentTimeMillis)
      yield* TestClock.adjust(1_000)
      yield* (yield* Conversation.ConversationRepository).update(
        tenantId,
        conversation.id,
        Conversation.execute({ _tag: "HandoffOn", by: "admin", at: timestamp(yield* Clock.currentTimeMillis) })
      )
      const sender = yield* makeOutboxSender()
      yield* sender.sendDue
      assert.strictEqual((yield* statusOf("out_106")).error, "human_owns_conversation")
      assert.strictEqual((yield* (yield* ChannelSenderMemory).sent).length, 0)
    }).pipe(Effect.provide(layer))
  )

  it.effect("a failed send is logged with the row, its channel and the reason; a retry too", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_800_000_000_000)
      yield* setup("107", yield* Clock.currentTimeMillis)
      yield* setup("108", yield* Clock.currentTimeMillis)
      const memory = yield* ChannelSenderMemory
      const permanent = { channel: "whatsapp", sentMessageIds: [] } as const
      yield* memory.failNext(
        new PermanentSendError({ ...permanent, code: "131050", reason: "opted_out", message: "stopped" })
      )
      yield* memory.failNext(new TransientSendError({ ...permanent, code: "503", message: "busy" }))
      const sender = yield* makeOutboxSender({ concurrency: 1, batch: 2 })
      const { lines } = yield* capturingLogs(sender.sendDue)
      assert.strictEqual(lines.length, 2, lines.join("\n"))
      const [failed, retried] = lines
      assert.match(failed!, /^Warn outbox out_107 \(reply on whatsapp to 107, attempt 1\) failed: opted_out: stopped$/)
      assert.match(
        retried!,
        /^Info outbox out_108 \(reply on whatsapp to 108, attempt 1\) will be retried .*503: busy$/
      )
    }).pipe(Effect.provide(layer))
  )
})
