import { Schema } from "effect"
import { TenantId } from "../shared/Ids.ts"

/** A tenant with this id already exists. */
export class TenantExists extends Schema.TaggedError<TenantExists>()("TenantExists", {
  tenantId: TenantId
}) {}

/** A name or settings the shop cannot run with (the admin API answers 422 listing the problems). */
export class InvalidTenant extends Schema.TaggedError<InvalidTenant>()("InvalidTenant", {
  tenantId: TenantId,
  problems: Schema.NonEmptyArray(Schema.String)
}) {}
