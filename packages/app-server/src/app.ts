import { Effect, Exit, type Redacted } from "effect"
import { Hono } from "hono"
import { channelRoutes } from "./api/Channels.ts"
import { conversationRoutes } from "./api/Conversations.ts"
import { offerRoutes, businessRoutes, platformRoutes } from "./api/Offers.ts"
import { openApiDocument } from "./api/OpenApi.ts"
import { orderRoutes } from "./api/Orders.ts"
import { inventoryRoutes, productRoutes } from "./api/Products.ts"
import { apiRateLimit, DEFAULT_FAILED_AUTH_PER_MINUTE, DEFAULT_PER_MINUTE } from "./api/RateLimit.ts"
import { tenantRoutes } from "./api/Tenants.ts"
import { dashboardRoutes } from "./dashboard/Routes.ts"
import { failWith } from "./http.ts"
import { type AppRuntime, downDependencies } from "./runtime.ts"
import { webchatRoutes } from "./webchat/Routes.ts"
import { webhookRoutes } from "./webhooks/Routes.ts"

export interface AppOptions {
  /** The platform admin token (ADMIN_TOKEN); without it, admin-only routes answer 401. */
  readonly adminToken?: Redacted.Redacted<string> | undefined
  /** The server clock in epoch ms, for webhook timestamps and rate limits (tests pin it). */
  readonly now?: () => number
  /** Admin API requests per minute per API key (API_RATE_LIMIT_PER_MINUTE, burst the same); 0 = off. */
  readonly apiRateLimitPerMinute?: number
  /** Rejected credentials per minute per client address before 429; 0 = off. */
  readonly failedAuthPerMinute?: number
}

/**
 * The whole HTTP surface over one ManagedRuntime: every handler runs its Effect through it, so the
 * same app serves memory layers in tests and PostgreSQL/Redis in production.
 */
export const makeApp = (runtime: AppRuntime, options: AppOptions = {}) => {
  const app = new Hono()

  app.get("/health", (c) => c.json({ status: "ok" }))
  app.get("/ready", async (c) => {
    const exit = await runtime.runPromiseExit(downDependencies)
    const down = Exit.isSuccess(exit) ? exit.value : ["runtime"]
    return down.length === 0
      ? c.json({ status: "ready" })
      : failWith(c, 503, "not_ready", `down: ${down.join(", ")}`, { down })
  })

  app.route("/webhooks", webhookRoutes(runtime, options.now === undefined ? {} : { now: options.now }))
  app.route("/", webchatRoutes(runtime, options.now ?? Date.now))
  app.route("/", dashboardRoutes())

  app.use(
    "/api/v1/*",
    apiRateLimit({
      perMinute: options.apiRateLimitPerMinute ?? DEFAULT_PER_MINUTE,
      failedAuthPerMinute: options.failedAuthPerMinute ?? DEFAULT_FAILED_AUTH_PER_MINUTE,
      now: options.now ?? Date.now
    })
  )
  const document = openApiDocument()
  app.get("/api/v1/openapi.json", (c) => c.json(document))
  app.route("/api/v1", tenantRoutes(runtime, options.adminToken))
  app.route("/api/v1/admin", platformRoutes(runtime, options.adminToken))
  app.route("/api/v1/channels", channelRoutes(runtime))
  app.route("/api/v1/products", productRoutes(runtime))
  app.route("/api/v1/inventory", inventoryRoutes(runtime))
  app.route("/api/v1/orders", orderRoutes(runtime))
  app.route("/api/v1/businesses", businessRoutes(runtime))
  app.route("/api/v1/offers", offerRoutes(runtime))
  app.route("/api/v1/conversations", conversationRoutes(runtime))

  app.notFound((c) => failWith(c, 404, "not_found", `no route for ${c.req.method} ${c.req.path}`))
  app.onError((error, c) => {
    runtime.runFork(Effect.logError("unhandled error", error.message))
    return failWith(c, 500, "internal", "the server failed to handle the request")
  })
  return app
}
