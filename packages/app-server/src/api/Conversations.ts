import {
  ConversationId,
  Conversation,
  IdGenerator,
  MessageId,
  Outbox,
  OutboxId,
  outboxIdOf,
  Channel,
  CustomerId,
  timestamp
} from "@chatshop/domain"
import { Clock, Effect, Schema } from "effect"
import { Hono } from "hono"
import { failWith } from "../http.ts"
import type { AppRuntime } from "../runtime.ts"
import { type ApiEnv, apiKeyAuth, requireRole } from "./Auth.ts"
import type { RouteDoc } from "./Docs.ts"
import { iso } from "./Json.ts"
import { decodeBody, run } from "./Run.ts"
import { Handoff, HumanReply } from "./Schemas.ts"

const path = (p: string) => `/api/v1/conversations${p}`
export const conversationDocs: ReadonlyArray<RouteDoc> = [
  {
    method: "get",
    path: path(""),
    summary: "List conversations, optionally ?channel=&customer=",
    auth: "apiKey",
    success: 200,
    query: ["channel", "customer"]
  },
  { method: "get", path: path("/{id}"), summary: "One conversation", auth: "apiKey", success: 200 },
  { method: "get", path: path("/{id}/messages"), summary: "Its messages, oldest first", auth: "apiKey", success: 200 },
  {
    method: "post",
    path: path("/{id}/handoff"),
    summary: "Hand to a human (on: true) or back to the bot (on: false)",
    auth: "apiKey",
    body: Handoff,
    success: 200
  },
  {
    method: "post",
    path: path("/{id}/messages"),
    summary: "A human's reply: recorded and queued for sending (outbox)",
    auth: "apiKey",
    body: HumanReply,
    success: 201
  }
]

const conversationJson = (c: Conversation.Conversation) => ({
  id: c.id,
  channel: c.channel,
  channelAccountId: c.channelAccountId,
  customerId: c.customerId,
  language: c.language,
  owner: c.owner,
  handoff: c.handoff === null ? null : { by: c.handoff.by, at: iso(c.handoff.at) },
  lastInboundAt: iso(c.lastInboundAt),
  lastOutboundAt: iso(c.lastOutboundAt),
  orderId: c.orderId,
  messageCount: c.messageCount,
  createdAt: iso(c.createdAt)
})

const messageJson = (m: Conversation.Message) => ({ ...m, at: iso(m.at) })

const isChannel = Schema.is(Channel)

export const conversationRoutes = (runtime: AppRuntime) => {
  const app = new Hono<ApiEnv>()
  app.use("*", apiKeyAuth(runtime), requireRole())
  const repo = Conversation.ConversationRepository
  const id = (raw: string) => ConversationId.make(raw)
  const now = Effect.map(Clock.currentTimeMillis, timestamp)

  app.get("/", async (c) => {
    const channel = c.req.query("channel")
    const customer = c.req.query("customer")
    if (channel !== undefined && !isChannel(channel))
      return failWith(c, 422, "invalid_request", `unknown channel: ${channel}`)
    const filter = {
      ...(channel === undefined ? {} : { channel }),
      ...(customer === undefined || customer === "" ? {} : { customerId: CustomerId.make(customer) })
    }
    return run(
      c,
      runtime,
      repo.use((r) => r.list(c.get("tenantId"), filter)),
      (list) => c.json(list.map(conversationJson))
    )
  })
  app.get("/:id", async (c) =>
    run(
      c,
      runtime,
      repo.use((r) => r.get(c.get("tenantId"), id(c.req.param("id")))),
      (conv) => c.json(conversationJson(conv))
    )
  )
  app.get("/:id/messages", async (c) =>
    run(
      c,
      runtime,
      repo.use((r) => r.messages(c.get("tenantId"), id(c.req.param("id")))),
      (list) => c.json(list.map(messageJson))
    )
  )
  app.post("/:id/handoff", async (c) => {
    const body = await decodeBody(c, Handoff)
    if (!body.ok) return body.response
    const effect = Effect.gen(function* () {
      const at = yield* now
      const command: Conversation.ConversationCommand = body.value.on
        ? { _tag: "HandoffOn", by: "admin", at }
        : { _tag: "HandoffOff", by: "admin", at }
      return yield* (yield* repo).update(c.get("tenantId"), id(c.req.param("id")), Conversation.execute(command))
    })
    return run(c, runtime, effect, (t) => c.json(conversationJson(t.state)))
  })
  app.post("/:id/messages", async (c) => {
    const body = await decodeBody(c, HumanReply)
    if (!body.ok) return body.response
    const tenantId = c.get("tenantId")
    const effect = Effect.gen(function* () {
      const ids = yield* IdGenerator
      const at = yield* now
      const messageId = MessageId.make(yield* ids.next("msg"))
      const command: Conversation.ConversationCommand = {
        _tag: "RecordHumanMessage",
        messageId,
        text: body.value.text,
        at
      }
      const t = yield* (yield* repo).update(tenantId, id(c.req.param("id")), Conversation.execute(command))
      // The outbox sender delivers it (SPEC §6); a human reply never goes through the dialog.
      yield* (yield* Outbox).add({
        id: OutboxId.make(outboxIdOf(messageId)),
        tenantId,
        channel: t.state.channel,
        recipient: t.state.customerId,
        payload: {
          kind: "human",
          accountId: t.state.channelAccountId,
          message: { _tag: "Text", text: body.value.text },
          sender: "human",
          conversationId: t.state.id,
          messageId
        }
      })
      return { id: messageId, conversationId: t.state.id, text: body.value.text, sender: "human", at: iso(at) }
    })
    return run(c, runtime, effect, (m) => c.json(m, 201))
  })
  return app
}
