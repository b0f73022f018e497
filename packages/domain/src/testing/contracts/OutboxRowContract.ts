import { assert } from "@effect/vitest"
import { Effect } from "effect"
import { type NewOutboxMessage, Outbox, OutboxId, type OutboxRow } from "../../ports/Outbox.ts"
import type { OutboxPayload } from "../../ports/OutboxPayload.ts"
import type { Channel } from "../../shared/Channel.ts"
import {
  ChannelAccountId,
  ConversationId,
  MessageId,
  MINUTE,
  HOUR,
  type TenantId,
  timestamp
} from "../../shared/Ids.ts"
import { freshId, freshTenant } from "../Fresh.ts"

export const T0 = timestamp(10 * HOUR)
export const LEASE = MINUTE

/** A bot's text reply in a conversation: the payload most rows carry. */
export const payloadOf = (text: string): OutboxPayload => ({
  kind: "reply",
  accountId: ChannelAccountId.make("acc-1"),
  message: { _tag: "Text", text },
  sender: "bot",
  conversationId: ConversationId.make("conv-1"),
  messageId: MessageId.make(`msg-${text}`)
})

export const message = (
  tenantId: TenantId,
  recipient: string,
  text = "hi",
  channel: Channel = "telegram",
  payload: OutboxPayload = payloadOf(text)
): NewOutboxMessage => ({
  id: OutboxId.make(freshId("out")),
  tenantId,
  channel,
  recipient,
  payload
})

/** One payload of every kind and every message shape, with text a JSON column must keep as is. */
const payloads: ReadonlyArray<OutboxPayload> = [
  payloadOf('Boots "Chelsea", 38–40 👢\nback slash \\ and ünïcödé'),
  {
    kind: "nudge",
    accountId: ChannelAccountId.make("acc-wa"),
    message: {
      _tag: "Buttons",
      text: "Still thinking about the boots?",
      buttons: [
        { id: "yes", title: "Yes" },
        { id: "no", title: "No" }
      ],
      footer: "Demo Shoes",
      image: { url: "https://cdn.example/boots.jpg" }
    },
    sender: "bot",
    conversationId: ConversationId.make("conv-2"),
    messageId: MessageId.make("nudge_conv-2_1")
  },
  {
    kind: "human",
    accountId: ChannelAccountId.make("acc-wa"),
    message: { _tag: "Image", mediaId: "media-1", caption: "Your receipt" },
    sender: "human",
    conversationId: ConversationId.make("conv-3"),
    messageId: MessageId.make("msg-human")
  },
  {
    kind: "notification",
    accountId: ChannelAccountId.make("acc-tg"),
    message: { _tag: "Text", text: "A person is answering 77015550002." },
    sender: "bot",
    conversationId: ConversationId.make("conv-4"),
    messageId: null
  },
  {
    kind: "alert",
    accountId: ChannelAccountId.make("acc-tg"),
    message: { _tag: "Text", text: "Low stock: boots-39 — 1 left." },
    sender: "bot",
    conversationId: null,
    messageId: null
  },
  {
    kind: "reply",
    accountId: ChannelAccountId.make("acc-tg"),
    message: { _tag: "AnswerCallback", callbackId: "cb-1" },
    sender: "bot",
    conversationId: ConversationId.make("conv-5"),
    messageId: null
  }
]

const retryState = (row: OutboxRow) => [row.status, row.attempts, row.settledAttempts, row.deliveredParts]

/** The typed payload and the retry state, registered inside the Outbox contract's `describe`. */
export const outboxRowTests = (test: (title: string, body: () => Effect.Effect<void, unknown, Outbox>) => void) => {
  test("the typed payload of every kind comes back as written from add, get, list and claim", () =>
    Effect.gen(function* () {
      const outbox = yield* Outbox
      const t = freshTenant()
      const added = []
      for (const [i, payload] of payloads.entries()) {
        added.push(yield* outbox.add(message(t, `r${i}`, "", "whatsapp", payload)))
      }
      assert.deepStrictEqual(
        added.map((r) => r.payload),
        payloads
      )
      const read = []
      for (const row of added) read.push((yield* outbox.get(t, row.id)).payload)
      assert.deepStrictEqual(read, payloads)
      assert.deepStrictEqual(
        (yield* outbox.list(t)).map((r) => r.payload),
        payloads
      )
      const claimed = yield* outbox.claim(10, T0, { tenantId: t })
      assert.deepStrictEqual(
        claimed.map((r) => r.payload),
        payloads
      )
    }))

  test("settledAttempts counts the attempts whose outcome was recorded; a claim alone records none", () =>
    Effect.gen(function* () {
      const outbox = yield* Outbox
      const t = freshTenant()
      const row = yield* outbox.add(message(t, "alice"))
      const state = Effect.map(outbox.get(t, row.id), retryState)
      assert.deepStrictEqual(yield* state, ["pending", 0, 0, 0])
      const [first] = yield* outbox.claim(1, T0, { tenantId: t, leaseMs: LEASE })
      assert.deepStrictEqual(retryState(first!), ["sending", 1, 0, 0])
      // The sender died mid-send: the next claim shows an attempt with no recorded outcome.
      const [second] = yield* outbox.claim(1, timestamp(T0 + LEASE), { tenantId: t, leaseMs: LEASE })
      assert.deepStrictEqual(retryState(second!), ["sending", 2, 0, 0])
      assert.isTrue(yield* outbox.markFailed(t, row.id, { kind: "retry", error: "429", deliveredParts: 2 }))
      assert.deepStrictEqual(yield* state, ["pending", 2, 2, 2])
      const [third] = yield* outbox.claim(1, timestamp(T0 + 3 * LEASE), { tenantId: t, leaseMs: LEASE })
      assert.deepStrictEqual(retryState(third!), ["sending", 3, 2, 2])
      // A retry that names no parts keeps the ones already delivered.
      assert.isTrue(yield* outbox.markFailed(t, row.id, { kind: "retry", error: "503" }))
      assert.deepStrictEqual(yield* state, ["pending", 3, 3, 2])
      yield* outbox.claim(1, timestamp(T0 + 5 * LEASE), { tenantId: t, leaseMs: LEASE })
      assert.isTrue(yield* outbox.markSent(t, row.id))
      assert.deepStrictEqual(yield* state, ["sent", 4, 4, 2])
      assert.isFalse(yield* outbox.markFailed(t, row.id, { kind: "retry", error: "late", deliveredParts: 9 }))
      assert.deepStrictEqual(yield* state, ["sent", 4, 4, 2])
    }))

  test("a permanent failure records its attempt and keeps the parts delivered", () =>
    Effect.gen(function* () {
      const outbox = yield* Outbox
      const t = freshTenant()
      const row = yield* outbox.add(message(t, "alice"))
      yield* outbox.claim(1, T0, { tenantId: t, leaseMs: LEASE })
      yield* outbox.markFailed(t, row.id, { kind: "retry", error: "timeout", deliveredParts: 1, retryAt: T0 })
      yield* outbox.claim(1, T0, { tenantId: t, leaseMs: LEASE })
      assert.isTrue(yield* outbox.markFailed(t, row.id, { kind: "permanent", error: "blocked" }))
      assert.deepStrictEqual(retryState(yield* outbox.get(t, row.id)), ["failed", 2, 2, 1])
    }))

  test("a row whose payload does not decode is never handed out: claim fails it, naming the field", () =>
    Effect.gen(function* () {
      const outbox = yield* Outbox
      const t = freshTenant()
      // Written around the type (an older writer, a hand edit): the store keeps it, the claim refuses it.
      const legacy = { ...payloadOf("x"), kind: "manager" } as unknown as OutboxPayload
      const noText = { ...payloadOf("x"), message: { _tag: "Text", text: "" } } as OutboxPayload
      const bad = yield* outbox.add(message(t, "alice", "", "telegram", legacy))
      const empty = yield* outbox.add(message(t, "bob", "", "telegram", noText))
      const next = yield* outbox.add(message(t, "alice", "after the bad one"))
      const good = yield* outbox.add(message(t, "carol", "fine"))
      const first = yield* outbox.claim(10, T0, { tenantId: t, leaseMs: LEASE })
      assert.deepStrictEqual(
        first.map((r) => r.id),
        [good.id]
      )
      const failed = yield* outbox.get(t, bad.id)
      assert.deepStrictEqual(retryState(failed), ["failed", 1, 1, 0])
      assert.match(failed.error ?? "", /^invalid_payload: .*\["kind"\]/)
      assert.match((yield* outbox.get(t, empty.id)).error ?? "", /^invalid_payload: .*\["message"\]\["text"\]/)
      // The recipient's next row is no longer held behind the failed one.
      const second = yield* outbox.claim(10, T0, { tenantId: t, leaseMs: LEASE })
      assert.deepStrictEqual(
        second.map((r) => r.id),
        [next.id]
      )
    }))
}
