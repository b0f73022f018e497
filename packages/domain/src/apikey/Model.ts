import { Schema } from "effect"
import { TenantId, Timestamp } from "../shared/Ids.ts"

export const ApiKeyId = Schema.NonEmptyString.pipe(Schema.brand("ApiKeyId"))
export type ApiKeyId = typeof ApiKeyId.Type

/** owner: everything incl. keys and channels; staff: day-to-day writes; viewer: read only. */
export const ApiKeyRole = Schema.Literals(["owner", "staff", "viewer"])
export type ApiKeyRole = typeof ApiKeyRole.Type

/**
 * A tenant API key. Only a hash of the secret is stored (the caller hashes: sha256 hex in the app);
 * the plain key is shown once, when created. The platform admin token is not an API key.
 */
export const ApiKey = Schema.Struct({
  id: ApiKeyId,
  tenantId: TenantId,
  role: ApiKeyRole,
  hash: Schema.NonEmptyString,
  label: Schema.optionalKey(Schema.String),
  createdAt: Timestamp,
  revokedAt: Schema.NullOr(Timestamp)
})
export type ApiKey = typeof ApiKey.Type

export type NewApiKey = Omit<ApiKey, "createdAt" | "revokedAt">

/** What a request may do: read anything of its tenant, write shop data, or manage the shop itself. */
export type Permission = "read" | "write" | "manage"

const grants: Readonly<Record<ApiKeyRole, ReadonlyArray<Permission>>> = {
  owner: ["read", "write", "manage"],
  staff: ["read", "write"],
  viewer: ["read"]
}

export const permits = (role: ApiKeyRole, permission: Permission): boolean => grants[role].includes(permission)
