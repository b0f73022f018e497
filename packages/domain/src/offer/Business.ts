import { Result, Schema } from "effect"
import * as D from "../shared/Decider.ts"
import { BusinessId, TenantId, Timestamp } from "../shared/Ids.ts"
import { BusinessStatus } from "./Errors.ts"

/**
 * The venue behind a tenant's offers. SPEC §3.4: a platform admin moves it `pending → verified |
 * rejected`; only a verified business can publish offers. A rejected one may fix and resubmit.
 */
export const Business = Schema.Struct({
  id: BusinessId,
  tenantId: TenantId,
  name: Schema.String,
  status: BusinessStatus,
  /** Why the platform admin rejected it; cleared on resubmit. */
  reason: Schema.optionalKey(Schema.String),
  version: Schema.Int
})
export type Business = typeof Business.Type
export type BusinessState = Business | undefined

export const BusinessCommand = Schema.TaggedUnion({
  Submit: { businessId: BusinessId, tenantId: TenantId, name: Schema.String, at: Timestamp },
  /** Platform admin only: the API checks ADMIN_TOKEN before sending it. */
  Verify: { at: Timestamp },
  /** Platform admin only. */
  Reject: { reason: Schema.String, at: Timestamp },
  Resubmit: { name: Schema.optionalKey(Schema.String), at: Timestamp }
})
export type BusinessCommand = typeof BusinessCommand.Type

export const BusinessEvent = Schema.TaggedUnion({
  Submitted: { businessId: BusinessId, tenantId: TenantId, name: Schema.String, at: Timestamp },
  Verified: { at: Timestamp },
  Rejected: { reason: Schema.String, at: Timestamp },
  Resubmitted: { name: Schema.optionalKey(Schema.String), at: Timestamp }
})
export type BusinessEvent = typeof BusinessEvent.Type

export class BusinessNotCreated extends Schema.TaggedError<BusinessNotCreated>()("BusinessNotCreated", {}) {}

export class BusinessAlreadyExists extends Schema.TaggedError<BusinessAlreadyExists>()("BusinessAlreadyExists", {
  businessId: BusinessId
}) {}

export class InvalidBusiness extends Schema.TaggedError<InvalidBusiness>()("InvalidBusiness", {
  reason: Schema.String
}) {}

export class IllegalBusinessTransition extends Schema.TaggedError<IllegalBusinessTransition>()(
  "IllegalBusinessTransition",
  { businessId: BusinessId, from: BusinessStatus, command: Schema.String }
) {}

export type BusinessError = BusinessNotCreated | BusinessAlreadyExists | InvalidBusiness | IllegalBusinessTransition

type Decision = Result.Result<ReadonlyArray<BusinessEvent>, BusinessError>

const blank = (text: string) => text.trim().length === 0

export const decideBusiness = (command: BusinessCommand, state: BusinessState): Decision => {
  if (command._tag === "Submit") {
    if (state !== undefined) return Result.fail(new BusinessAlreadyExists({ businessId: state.id }))
    if (blank(command.name)) return Result.fail(new InvalidBusiness({ reason: "name is empty" }))
    return Result.succeed([{ ...command, _tag: "Submitted" }])
  }
  if (state === undefined) return Result.fail(new BusinessNotCreated())
  const illegal = () =>
    Result.fail(new IllegalBusinessTransition({ businessId: state.id, from: state.status, command: command._tag }))
  switch (command._tag) {
    case "Verify":
      if (state.status === "verified") return Result.succeed([])
      return state.status === "pending" ? Result.succeed([{ _tag: "Verified", at: command.at }]) : illegal()
    case "Reject":
      if (state.status !== "pending") return illegal()
      // The merchant must learn why, so a rejection always carries a reason.
      if (blank(command.reason)) return Result.fail(new InvalidBusiness({ reason: "a rejection needs a reason" }))
      return Result.succeed([{ _tag: "Rejected", reason: command.reason, at: command.at }])
    case "Resubmit":
      if (state.status !== "rejected") return illegal()
      if (command.name !== undefined && blank(command.name)) {
        return Result.fail(new InvalidBusiness({ reason: "name is empty" }))
      }
      return Result.succeed([{ ...command, _tag: "Resubmitted" }])
  }
}

/** Fold one event into an existing business (every event but Submitted). */
export const evolveExisting = (state: Business, event: BusinessEvent): Business => {
  const version = state.version + 1
  switch (event._tag) {
    case "Submitted":
      return state
    case "Verified":
      return { ...state, status: "verified", version }
    case "Rejected":
      return { ...state, status: "rejected", reason: event.reason, version }
    case "Resubmitted": {
      const { reason, ...rest } = state
      return { ...rest, name: event.name ?? state.name, status: "pending", version }
    }
  }
}

export const evolveBusiness = (state: BusinessState, event: BusinessEvent): BusinessState => {
  if (event._tag === "Submitted") {
    return state ?? { id: event.businessId, tenantId: event.tenantId, name: event.name, status: "pending", version: 1 }
  }
  return state === undefined ? state : evolveExisting(state, event)
}

export const businessDecider: D.Decider<BusinessState, BusinessCommand, BusinessEvent, BusinessError> = {
  initial: undefined,
  decide: decideBusiness,
  evolve: evolveBusiness
}

/** A business after a command, and the events that got it there. */
export type BusinessChange = D.Change<Business, BusinessEvent>

/** The decider over businesses that exist: every event but Submitted changes them. */
const existing: D.Rules<Business, BusinessCommand, BusinessEvent, BusinessError> = {
  decide: decideBusiness,
  evolve: evolveExisting
}

/** Decide and evolve a command on an existing business: the function `BusinessRepository.update` applies. */
export const stepBusiness = (
  command: BusinessCommand
): ((business: Business) => Result.Result<BusinessChange, BusinessError>) => D.step(existing, command)
