import { ChannelMocks, layerTest as channelsLayerTest, Webchat } from "@chatshop/adapters/channels"
import {
  ChannelAccountId,
  Conversation,
  CustomerId,
  MessageId,
  Outbox,
  OutboxId,
  outboxIdOf,
  type TenantId,
  timestamp
} from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect, Layer } from "effect"
import { layerCredentialsFromAccounts } from "../../app-worker/src/Credentials.ts"
import { makeOutboxSender } from "../../app-worker/src/OutboxSender.ts"
import { ADMIN, makeHarness } from "./harness.ts"

type Harness = Awaited<ReturnType<typeof makeHarness>>

const call = (h: Harness, key: string, path: string, body: unknown) =>
  Effect.promise(async () => {
    const response = await h.app.request(`/api/v1${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify(body)
    })
    return { status: response.status, body: (await response.json()) as Record<string, string> }
  })

/** A shop with a WhatsApp number, and a customer who wrote just now (the 24 h window is open). */
const shopWithCustomer = (h: Harness, customer: string) =>
  Effect.gen(function* () {
    const shop = yield* call(h, ADMIN, "/tenants", { name: "Boot Corner", currency: "USD" })
    const channel = yield* call(h, shop.body.apiKey!, "/channels", {
      type: "whatsapp",
      phoneNumberId: "wa-human-reply",
      accessToken: "wa-human-token",
      appSecret: "wa-secret",
      verifyToken: "wa-verify-human"
    })
    assert.strictEqual(channel.status, 201)
    const tenantId = shop.body.id as TenantId
    const conversation = yield* Effect.promise(() =>
      h.runtime.runPromise(
        Effect.gen(function* () {
          const repo = yield* Conversation.ConversationRepository
          const c = yield* repo.getOrCreate(tenantId, {
            channel: "whatsapp",
            channelAccountId: ChannelAccountId.make(channel.body.id!),
            customerId: CustomerId.make(customer)
          })
          const at = timestamp(yield* Clock.currentTimeMillis)
          const wrote = { messageId: MessageId.make("in-1"), text: "hello?", platformMessageId: "wamid.in-1", at }
          yield* repo.update(tenantId, c.id, Conversation.execute({ _tag: "ReceiveCustomerMessage", ...wrote }))
          return c
        })
      )
    )
    return { apiKey: shop.body.apiKey!, tenantId, conversation }
  })

describe("a staff reply through the admin API reaches the platform (SPEC §9 item 9)", () => {
  it.live("POST /conversations/:id/messages → outbox → the worker's outbox sender → WhatsApp", () =>
    Effect.gen(function* () {
      const wa = yield* ChannelMocks.mockPlatform(ChannelMocks.whatsapp)
      const h = yield* Effect.acquireRelease(
        Effect.promise(() => makeHarness()),
        (h) => Effect.promise(() => h.dispose())
      )
      const customer = "15550001111"
      const { apiKey, tenantId, conversation } = yield* shopWithCustomer(h, customer)

      const reply = yield* call(h, apiKey, `/conversations/${conversation.id}/messages`, { text: "Hi, Anna here" })
      assert.strictEqual(reply.status, 201)

      // The worker's sender, with the real WhatsApp client aimed at the mock, over the server's stores.
      const senderLayer = channelsLayerTest({ whatsapp: wa.url }).pipe(
        Layer.provide(Layer.merge(layerCredentialsFromAccounts, Webchat.WebchatHub.layerMemory))
      )
      const row = yield* Effect.promise(() =>
        h.runtime.runPromise(
          Effect.gen(function* () {
            const sender = yield* makeOutboxSender({ tenantId })
            assert.strictEqual(yield* sender.sendDue, 1)
            return yield* (yield* Outbox).get(tenantId, OutboxId.make(outboxIdOf(reply.body.id!)))
          }).pipe(Effect.provide(senderLayer))
        )
      )

      assert.deepStrictEqual([row.status, row.payload.kind, row.payload.sender], ["sent", "human", "human"])
      const sent = wa.delivered()
      assert.strictEqual(sent.length, 1)
      assert.strictEqual(sent[0]!.path, "/wa-human-reply/messages")
      assert.strictEqual(sent[0]!.headers.authorization, "Bearer wa-human-token")
      const body = sent[0]!.json as { to?: string; type?: string; text?: { body?: string } }
      assert.deepStrictEqual([body.to, body.type, body.text?.body], [customer, "text", "Hi, Anna here"])
    }).pipe(Effect.scoped)
  )
})
