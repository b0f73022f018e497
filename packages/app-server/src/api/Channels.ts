import { ChannelAccount, ChannelAccountId, CustomerId, IdGenerator, type TenantId } from "@chatshop/domain"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import type { AppRuntime } from "../runtime.ts"
import { type ApiEnv, apiKeyAuth, requireRole } from "./Auth.ts"
import type { RouteDoc } from "./Docs.ts"
import { iso } from "./Json.ts"
import { decodeBody, run } from "./Run.ts"
import { type CreateChannel as CreateChannelBody, CreateChannel } from "./Schemas.ts"

export const PatchChannel = Schema.Struct({ managers: Schema.Array(Schema.NonEmptyString) }).annotate({
  identifier: "PatchChannel"
})

export const channelDocs: ReadonlyArray<RouteDoc> = [
  {
    method: "post",
    path: "/api/v1/channels",
    summary: "Connect a channel account (owner) → {id, type}; secrets are never echoed",
    auth: "apiKey",
    body: CreateChannel,
    success: 201
  },
  {
    method: "get",
    path: "/api/v1/channels",
    summary: "The shop's channel accounts, without secrets",
    auth: "apiKey",
    success: 200
  },
  {
    method: "get",
    path: "/api/v1/channels/{id}",
    summary: "One channel account, without secrets",
    auth: "apiKey",
    success: 200
  },
  {
    method: "patch",
    path: "/api/v1/channels/{id}",
    summary: "Replace the managers (owner)",
    auth: "apiKey",
    body: PatchChannel,
    success: 200
  },
  {
    method: "delete",
    path: "/api/v1/channels/{id}",
    summary: "Disconnect (owner): its webhooks answer 404",
    auth: "apiKey",
    success: 204
  }
]

/** The request → a NewChannelAccount: lookup keys on top, secrets apart (the store encrypts those). */
export const toAccount = (
  tenantId: TenantId,
  id: ChannelAccountId,
  body: CreateChannelBody
): ChannelAccount.NewChannelAccount => {
  const managers = (body.managers ?? []).map((m) => CustomerId.make(m))
  const base = { id, tenantId, managers }
  switch (body.type) {
    case "whatsapp":
      return {
        ...base,
        type: "whatsapp",
        phoneNumberId: body.phoneNumberId,
        verifyToken: body.verifyToken,
        secrets: { accessToken: body.accessToken, appSecret: body.appSecret }
      }
    case "messenger":
    case "instagram":
      return {
        ...base,
        type: body.type,
        pageId: body.pageId,
        ...(body.instagramAccountId === undefined ? {} : { instagramAccountId: body.instagramAccountId }),
        verifyToken: body.verifyToken,
        secrets: { accessToken: body.accessToken, appSecret: body.appSecret }
      }
    case "telegram": {
      const botAccountId = ChannelAccount.telegramBotId(body.botToken)
      return {
        ...base,
        type: "telegram",
        ...(botAccountId === undefined ? {} : { botAccountId }),
        secrets: { botToken: body.botToken, secretToken: body.secretToken }
      }
    }
    case "tiktok":
      return {
        ...base,
        type: "tiktok",
        businessId: body.businessId,
        secrets: { accessToken: body.accessToken, clientSecret: body.clientSecret }
      }
    case "greenapi":
      return {
        ...base,
        type: "greenapi",
        idInstance: body.idInstance,
        secrets: { apiTokenInstance: body.apiTokenInstance, webhookToken: body.webhookToken }
      }
    case "webchat":
      return { ...base, type: "webchat", secrets: {} }
  }
}

const view = (a: ChannelAccount.ChannelAccount) => ({ ...ChannelAccount.publicView(a), createdAt: iso(a.createdAt) })

export const channelRoutes = (runtime: AppRuntime) => {
  const app = new Hono<ApiEnv>()
  app.use("*", apiKeyAuth(runtime))
  app.post("/", requireRole("manage"), async (c) => {
    const body = await decodeBody(c, CreateChannel)
    if (!body.ok) return body.response
    const effect = Effect.gen(function* () {
      const id = ChannelAccountId.make(yield* (yield* IdGenerator).next("ch"))
      const repo = yield* ChannelAccount.ChannelAccountRepository
      return yield* repo.create(toAccount(c.get("tenantId"), id, body.value))
    })
    return run(c, runtime, effect, (a) => c.json({ id: a.id, type: a.type }, 201))
  })
  app.get("/", requireRole(), (c) =>
    run(
      c,
      runtime,
      ChannelAccount.ChannelAccountRepository.use((r) => r.list(c.get("tenantId"))),
      (list) => c.json(list.map(view))
    )
  )
  app.get("/:id", requireRole(), (c) =>
    run(
      c,
      runtime,
      ChannelAccount.ChannelAccountRepository.use((r) =>
        r.get(c.get("tenantId"), ChannelAccountId.make(c.req.param("id")))
      ),
      (a) => c.json(view(a))
    )
  )
  app.patch("/:id", requireRole("manage"), async (c) => {
    const body = await decodeBody(c, PatchChannel)
    if (!body.ok) return body.response
    const id = ChannelAccountId.make(c.req.param("id"))
    const managers = body.value.managers.map((m) => CustomerId.make(m))
    return run(
      c,
      runtime,
      ChannelAccount.ChannelAccountRepository.use((r) => r.setManagers(c.get("tenantId"), id, managers)),
      (a) => c.json(view(a))
    )
  })
  app.delete("/:id", requireRole("manage"), (c) =>
    run(
      c,
      runtime,
      ChannelAccount.ChannelAccountRepository.use((r) =>
        r.remove(c.get("tenantId"), ChannelAccountId.make(c.req.param("id")))
      ),
      () => c.body(null, 204)
    )
  )
  return app
}
