import { ApiKey, IdGenerator, Money, Tenant, TenantId } from "@chatshop/domain"
import { Effect, type Redacted, Schema } from "effect"
import { Hono } from "hono"
import { failWith } from "../http.ts"
import type { AppRuntime } from "../runtime.ts"
import { type ApiEnv, apiKeyAuth, generateApiKey, hashKey, isAdmin, requireRole } from "./Auth.ts"
import type { RouteDoc } from "./Docs.ts"
import { iso } from "./Json.ts"
import { decodeBody, run } from "./Run.ts"
import { CreateTenant } from "./Schemas.ts"

export const CreateKey = Schema.Struct({
  role: ApiKey.ApiKeyRole,
  label: Schema.optionalKey(Schema.String)
}).annotate({ identifier: "CreateApiKey" })

export const PatchShop = Schema.Struct({
  name: Schema.optionalKey(Schema.String),
  timezone: Schema.optionalKey(Schema.String),
  currency: Schema.optionalKey(Money.Currency),
  holdHours: Schema.optionalKey(Schema.Int),
  paymentAutoAcceptThreshold: Schema.optionalKey(Schema.Number),
  lowStockThreshold: Schema.optionalKey(Schema.Int),
  burstDebounceMs: Schema.optionalKey(Schema.Int),
  maxNudges: Schema.optionalKey(Schema.Int),
  paymentRecipients: Schema.optionalKey(Schema.Array(Schema.String)),
  paymentDetails: Schema.optionalKey(Schema.String)
}).annotate({ identifier: "PatchShop" })

export const tenantDocs: ReadonlyArray<RouteDoc> = [
  {
    method: "post",
    path: "/api/v1/tenants",
    summary: "Create a shop (platform ADMIN_TOKEN) → {id, apiKey}",
    auth: "admin",
    body: CreateTenant,
    success: 201
  },
  { method: "get", path: "/api/v1/keys", summary: "The shop's API keys (no secrets)", auth: "apiKey", success: 200 },
  {
    method: "post",
    path: "/api/v1/keys",
    summary: "Create an API key (owner) → {id, role, apiKey}",
    auth: "apiKey",
    body: CreateKey,
    success: 201
  },
  {
    method: "post",
    path: "/api/v1/keys/{id}/revoke",
    summary: "Revoke an API key (owner)",
    auth: "apiKey",
    success: 200
  },
  { method: "get", path: "/api/v1/shop", summary: "The key's shop: name and settings", auth: "apiKey", success: 200 },
  {
    method: "patch",
    path: "/api/v1/shop",
    summary: "Rename the shop or change settings (owner); invalid → 422",
    auth: "apiKey",
    body: PatchShop,
    success: 200
  }
]

/** Issue a key for `tenantId`: the plain key is returned once, only its sha256 is stored. */
const issueKey = (tenantId: TenantId, role: ApiKey.ApiKeyRole, label?: string) =>
  Effect.gen(function* () {
    const ids = yield* IdGenerator
    const keys = yield* ApiKey.ApiKeyRepository
    const secret = generateApiKey()
    const id = ApiKey.ApiKeyId.make(yield* ids.next("key"))
    const stored = yield* keys.create({
      id,
      tenantId,
      role,
      hash: hashKey(secret),
      ...(label === undefined ? {} : { label })
    })
    return { id: stored.id, role: stored.role, apiKey: secret }
  })

export const tenantRoutes = (runtime: AppRuntime, adminToken: Redacted.Redacted<string> | undefined) => {
  const app = new Hono<ApiEnv>()

  app.post("/tenants", async (c) => {
    if (!isAdmin(c, adminToken)) return failWith(c, 401, "unauthorized", "the platform ADMIN_TOKEN is required")
    const body = await decodeBody(c, CreateTenant)
    if (!body.ok) return body.response
    const { name, timezone, currency } = body.value
    const effect = Effect.gen(function* () {
      const ids = yield* IdGenerator
      const tenants = yield* Tenant.TenantRepository
      const id = TenantId.make(yield* ids.next("shop"))
      const patch = { ...(timezone === undefined ? {} : { timezone }), ...(currency === undefined ? {} : { currency }) }
      yield* tenants.create({ id, name, settings: Tenant.settingsWith(patch) })
      const key = yield* issueKey(id, "owner", "created with the shop")
      return { id, apiKey: key.apiKey }
    })
    return run(c, runtime, effect, (created) => c.json(created, 201))
  })

  const keys = new Hono<ApiEnv>()
  keys.use("*", apiKeyAuth(runtime), requireRole("manage"))
  keys.get("/", (c) =>
    run(
      c,
      runtime,
      ApiKey.ApiKeyRepository.use((r) => r.list(c.get("tenantId"))),
      (list) =>
        c.json(
          list.map((k) => ({
            id: k.id,
            role: k.role,
            label: k.label ?? null,
            createdAt: iso(k.createdAt),
            revokedAt: iso(k.revokedAt)
          }))
        )
    )
  )
  keys.post("/", async (c) => {
    const body = await decodeBody(c, CreateKey)
    if (!body.ok) return body.response
    return run(c, runtime, issueKey(c.get("tenantId"), body.value.role, body.value.label), (k) => c.json(k, 201))
  })
  keys.post("/:id/revoke", (c) =>
    run(
      c,
      runtime,
      ApiKey.ApiKeyRepository.use((r) => r.revoke(c.get("tenantId"), ApiKey.ApiKeyId.make(c.req.param("id")))),
      (k) => c.json({ id: k.id, role: k.role, revokedAt: iso(k.revokedAt) })
    )
  )
  app.route("/keys", keys)

  const shop = new Hono<ApiEnv>()
  shop.use("*", apiKeyAuth(runtime))
  const shopJson = (t: Tenant.Tenant) => ({ id: t.id, name: t.name, settings: t.settings, createdAt: iso(t.createdAt) })
  shop.get("/", requireRole(), (c) =>
    run(
      c,
      runtime,
      Tenant.TenantRepository.use((r) => r.get(c.get("tenantId"))),
      (t) => c.json(shopJson(t))
    )
  )
  shop.patch("/", requireRole("manage"), async (c) => {
    const body = await decodeBody(c, PatchShop)
    if (!body.ok) return body.response
    const { name, ...settings } = body.value
    const effect = Effect.gen(function* () {
      const repo = yield* Tenant.TenantRepository
      const tenantId = c.get("tenantId")
      if (name !== undefined) yield* repo.rename(tenantId, name)
      return yield* repo.updateSettings(tenantId, settings)
    })
    return run(c, runtime, effect, (t) => c.json(shopJson(t)))
  })
  app.route("/shop", shop)
  return app
}
