import { Schema } from "effect"
import type { TenantId } from "./Ids.ts"

/**
 * Every entity belongs to one tenant (shop). Ports take the tenant as their first argument and
 * answer "not found" for another tenant's ids, so no method can read or write across shops.
 */
export interface Scoped {
  readonly tenantId: TenantId
}

/** A lookup by id that found nothing in this tenant — also what another tenant's id yields. */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", {
  entity: Schema.String,
  id: Schema.String
}) {}

/** Optimistic concurrency: the stored version moved on since it was read. */
export class VersionConflict extends Schema.TaggedError<VersionConflict>()("VersionConflict", {
  entity: Schema.String,
  id: Schema.String,
  expected: Schema.Int,
  actual: Schema.Int
}) {}

export const belongsTo =
  (tenantId: TenantId) =>
  (entity: Scoped): boolean =>
    entity.tenantId === tenantId
