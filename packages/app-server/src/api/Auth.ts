import { createHash, randomBytes } from "node:crypto"
import { ApiKey, type TenantId } from "@chatshop/domain"
import { Cause, Exit, Option, Redacted } from "effect"
import type { Context, MiddlewareHandler } from "hono"
import { failWith } from "../http.ts"
import type { AppRuntime } from "../runtime.ts"
import { type ApiRateLimit, limitKey } from "./RateLimit.ts"
import { bearer, safeEqual } from "../webhooks/Signature.ts"

/** What an authenticated request carries: its tenant and the key's role. */
export interface ApiEnv {
  Variables: { tenantId: TenantId; role: ApiKey.ApiKeyRole; apiRateLimit?: ApiRateLimit }
}

/** Keys are stored as sha256 hex: a leaked table does not reveal usable keys. */
export const hashKey = (key: string): string => createHash("sha256").update(key).digest("hex")

/** A new secret API key: 256 random bits, prefixed so it is recognisable in logs and scanners. */
export const generateApiKey = (): string => `csk_${randomBytes(32).toString("base64url")}`

/** `Authorization: Bearer <api key>` → tenant and role; 401 otherwise; 429 past the key's rate limit. */
export const apiKeyAuth =
  (runtime: AppRuntime): MiddlewareHandler<ApiEnv> =>
  async (c, next) => {
    const key = bearer(c.req.header("authorization"))
    if (key === undefined) return failWith(c, 401, "unauthorized", "missing Authorization: Bearer <api key>")
    const hash = hashKey(key)
    const exit = await runtime.runPromiseExit(ApiKey.ApiKeyRepository.use((repo) => repo.findByHash(hash)))
    if (Exit.isFailure(exit)) {
      return Option.isSome(Cause.findErrorOption(exit.cause))
        ? failWith(c, 401, "unauthorized", "unknown or revoked API key")
        : failWith(c, 503, "unavailable", "the key store did not answer")
    }
    const limited = limitKey(c, c.get("apiRateLimit"), hash)
    if (limited !== undefined) return limited
    c.set("tenantId", exit.value.tenantId)
    c.set("role", exit.value.role)
    await next()
  }

/** Reads need "read"; anything else "write" (viewer keys are read-only → 403). */
export const requireRole =
  (permission?: ApiKey.Permission): MiddlewareHandler<ApiEnv> =>
  async (c, next) => {
    const needed = permission ?? (c.req.method === "GET" || c.req.method === "HEAD" ? "read" : "write")
    if (!ApiKey.permits(c.get("role"), needed)) {
      return failWith(c, 403, "forbidden", `a ${c.get("role")} key cannot ${needed}`)
    }
    await next()
  }

/** The platform admin token (ADMIN_TOKEN), compared in constant time; unset → every call is 401. */
export const isAdmin = (c: Context, adminToken: Redacted.Redacted<string> | undefined): boolean => {
  const given = bearer(c.req.header("authorization"))
  if (given === undefined || adminToken === undefined) return false
  return safeEqual(Redacted.value(adminToken), given)
}
