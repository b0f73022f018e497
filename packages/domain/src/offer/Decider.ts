import { Result } from "effect"
import * as D from "../shared/Decider.ts"
import type { ClaimId } from "../shared/Ids.ts"
import type { OfferCommand } from "./Commands.ts"
import {
  BusinessNotVerified,
  ClaimConflict,
  ClaimNotActive,
  IllegalOfferTransition,
  InvalidOffer,
  InvalidQuantity,
  NotEnoughLeft,
  OfferAlreadyExists,
  OfferExpired,
  OfferNotActive,
  OfferNotCreated,
  OutsideWindow,
  QuantityBelowClaimed,
  QuantityRequired,
  UnknownClaim,
  WindowEnded
} from "./Errors.ts"
import type { OfferEvent } from "./Events.ts"
import { type Claim, insideWindow, type Offer, type OfferState, remaining } from "./Model.ts"
import { invalidFields } from "./Validation.ts"

export type OfferError =
  | OfferNotCreated
  | OfferAlreadyExists
  | OfferExpired
  | IllegalOfferTransition
  | InvalidOffer
  | BusinessNotVerified
  | WindowEnded
  | QuantityRequired
  | QuantityBelowClaimed
  | OfferNotActive
  | OutsideWindow
  | NotEnoughLeft
  | InvalidQuantity
  | ClaimConflict
  | UnknownClaim
  | ClaimNotActive

type Decision = Result.Result<ReadonlyArray<OfferEvent>, OfferError>

const none: Decision = Result.succeed([])
const ok = (...events: ReadonlyArray<OfferEvent>): Decision => Result.succeed(events)
const illegal = (offer: Offer, command: OfferCommand): Decision =>
  Result.fail(new IllegalOfferTransition({ offerId: offer.id, from: offer.status, command: command._tag }))

const invalid = (reason: string | undefined): Decision | undefined =>
  reason === undefined ? undefined : Result.fail(new InvalidOffer({ reason }))

export const decide = (command: OfferCommand, state: OfferState): Decision => {
  if (command._tag === "Create") {
    if (state !== undefined) return Result.fail(new OfferAlreadyExists({ offerId: state.id }))
    return invalid(invalidFields(command)) ?? ok({ ...command, _tag: "Created" })
  }
  if (state === undefined) return Result.fail(new OfferNotCreated())
  if (state.status === "expired") {
    return command._tag === "Expire" ? none : Result.fail(new OfferExpired({ offerId: state.id }))
  }
  return decideLive(command, state)
}

/** Commands on an offer that exists and is not final. */
const decideLive = (command: Exclude<OfferCommand, { _tag: "Create" }>, offer: Offer): Decision => {
  switch (command._tag) {
    case "Edit":
      return decideEdit(command, offer)
    case "Publish": {
      if (offer.status === "active") return none // a retried publish
      if (offer.status !== "draft") return illegal(offer, command)
      if (command.businessStatus !== "verified") {
        return Result.fail(new BusinessNotVerified({ businessId: offer.businessId, status: command.businessStatus }))
      }
      if (offer.quantity <= 0) return Result.fail(new QuantityRequired({ offerId: offer.id }))
      if (offer.window.endsAt <= command.at) {
        return Result.fail(new WindowEnded({ endsAt: offer.window.endsAt, at: command.at }))
      }
      return ok({ _tag: "Published", at: command.at })
    }
    case "Pause":
      if (offer.status === "paused") return none
      return offer.status === "active" ? ok({ _tag: "Paused", at: command.at }) : illegal(offer, command)
    case "Resume": {
      if (offer.status === "active") return none
      if (offer.status !== "paused") return illegal(offer, command)
      if (offer.window.endsAt <= command.at) {
        return Result.fail(new WindowEnded({ endsAt: offer.window.endsAt, at: command.at }))
      }
      const resumed: OfferEvent = { _tag: "Resumed", at: command.at }
      // Edits while paused may have used up the quantity: resuming lands straight in sold_out.
      return remaining(offer) === 0 ? ok(resumed, { _tag: "SoldOut", by: "auto", at: command.at }) : ok(resumed)
    }
    case "ForceSoldOut":
      if (offer.status === "sold_out") return none
      return offer.status === "active" ? ok({ _tag: "SoldOut", by: "forced", at: command.at }) : illegal(offer, command)
    case "Claim":
      return decideClaim(command, offer)
    case "CancelClaim": {
      const claim = offer.claims[command.claimId]
      if (claim === undefined) return Result.fail(new UnknownClaim({ claimId: command.claimId }))
      if (claim.status === "cancelled") return none
      if (claim.status === "picked_up") return notActive(command.claimId, claim)
      const cancelled: OfferEvent = { _tag: "ClaimCancelled", claimId: command.claimId, qty: claim.qty, at: command.at }
      // Only a sell-out caused by claims reopens on a cancel; a forced sold_out is the merchant's call.
      const reopen = offer.status === "sold_out" && offer.soldOutBy === "auto" && command.at < offer.window.endsAt
      return reopen ? ok(cancelled, { _tag: "Reopened", reason: "claim_cancelled", at: command.at }) : ok(cancelled)
    }
    case "PickUp": {
      const claim = offer.claims[command.claimId]
      if (claim === undefined) return Result.fail(new UnknownClaim({ claimId: command.claimId }))
      if (claim.status === "picked_up") return none
      if (claim.status === "cancelled") return notActive(command.claimId, claim)
      return ok({ _tag: "PickedUp", claimId: command.claimId, qty: claim.qty, at: command.at })
    }
    case "Expire":
      return command.now < offer.window.endsAt ? none : ok({ _tag: "Expired", at: command.now })
  }
}

const notActive = (claimId: ClaimId, claim: Claim): Decision =>
  Result.fail(new ClaimNotActive({ claimId, status: claim.status }))

const decideEdit = (command: Extract<OfferCommand, { _tag: "Edit" }>, offer: Offer): Decision => {
  const { _tag, at, ...patch } = command
  if (Object.keys(patch).length === 0) return none
  const merged: Offer = { ...offer, ...patch }
  const bad = invalid(invalidFields(merged))
  if (bad !== undefined) return bad
  if (merged.quantity < offer.claimed) {
    return Result.fail(new QuantityBelowClaimed({ quantity: merged.quantity, claimed: offer.claimed }))
  }
  if (patch.window !== undefined && offer.status !== "draft" && patch.window.endsAt <= at) {
    return Result.fail(new WindowEnded({ endsAt: patch.window.endsAt, at }))
  }
  const edited: OfferEvent = { ...patch, _tag: "Edited", at }
  if (offer.status === "active" && remaining(merged) === 0) return ok(edited, { _tag: "SoldOut", by: "auto", at })
  // Raising the quantity of a sold-out offer puts it back on sale while its window is open.
  const raised = merged.quantity > offer.quantity
  if (offer.status === "sold_out" && raised && at < merged.window.endsAt) {
    return ok(edited, { _tag: "Reopened", reason: "quantity_raised", at })
  }
  return ok(edited)
}

const decideClaim = (command: Extract<OfferCommand, { _tag: "Claim" }>, offer: Offer): Decision => {
  const existing = offer.claims[command.claimId]
  if (existing !== undefined) {
    // A retried claim is a no-op; the same claim id for someone or something else is a bug.
    const same = existing.customerId === command.customerId && existing.qty === command.qty
    return same ? none : Result.fail(new ClaimConflict({ claimId: command.claimId }))
  }
  if (!Number.isSafeInteger(command.qty) || command.qty < 1) {
    return Result.fail(new InvalidQuantity({ qty: command.qty }))
  }
  if (offer.status !== "active") return Result.fail(new OfferNotActive({ offerId: offer.id, status: offer.status }))
  if (!insideWindow(offer.window, command.at)) {
    return Result.fail(
      new OutsideWindow({ at: command.at, startsAt: offer.window.startsAt, endsAt: offer.window.endsAt })
    )
  }
  const left = remaining(offer)
  if (command.qty > left) return Result.fail(new NotEnoughLeft({ requested: command.qty, remaining: left }))
  const claimed: OfferEvent = { ...command, _tag: "Claimed" }
  return command.qty === left ? ok(claimed, { _tag: "SoldOut", by: "auto", at: command.at }) : ok(claimed)
}

const setClaim = (offer: Offer, claimId: ClaimId, claim: Claim): Offer["claims"] => ({
  ...offer.claims,
  [claimId]: claim
})

const withClaimStatus = (offer: Offer, claimId: ClaimId, status: Claim["status"]): Offer["claims"] => {
  const claim = offer.claims[claimId]
  return claim === undefined ? offer.claims : setClaim(offer, claimId, { ...claim, status })
}

/** Fold one event into an existing offer (every event but Created). */
export const evolveOffer = (offer: Offer, event: OfferEvent): Offer => {
  const version = offer.version + 1
  switch (event._tag) {
    case "Created":
      return offer
    case "Edited": {
      const { _tag, at, ...patch } = event
      return { ...offer, ...patch, version }
    }
    case "Published":
    case "Resumed":
      return { ...offer, status: "active", version }
    case "Paused":
      return { ...offer, status: "paused", version }
    case "SoldOut":
      return { ...offer, status: "sold_out", soldOutBy: event.by, version }
    case "Reopened": {
      const { soldOutBy, ...rest } = offer
      return { ...rest, status: "active", version }
    }
    case "Claimed":
      return {
        ...offer,
        claimed: offer.claimed + event.qty,
        claims: setClaim(offer, event.claimId, {
          customerId: event.customerId,
          qty: event.qty,
          status: "claimed",
          at: event.at
        }),
        version
      }
    case "ClaimCancelled":
      return {
        ...offer,
        claimed: offer.claimed - event.qty,
        claims: withClaimStatus(offer, event.claimId, "cancelled"),
        version
      }
    case "PickedUp":
      return { ...offer, claims: withClaimStatus(offer, event.claimId, "picked_up"), version }
    case "Expired":
      return { ...offer, status: "expired", version }
  }
}

/** The offer a Created event describes: a draft with nothing claimed. */
export const created = (event: Extract<OfferEvent, { _tag: "Created" }>): Offer => ({
  id: event.offerId,
  tenantId: event.tenantId,
  businessId: event.businessId,
  title: event.title,
  ...(event.description === undefined ? {} : { description: event.description }),
  price: event.price,
  ...(event.originalPrice === undefined ? {} : { originalPrice: event.originalPrice }),
  quantity: event.quantity,
  claimed: 0,
  window: event.window,
  status: "draft",
  claims: {},
  createdAt: event.at,
  version: 1
})

export const evolve = (state: OfferState, event: OfferEvent): OfferState => {
  if (event._tag === "Created") return state ?? created(event)
  return state === undefined ? state : evolveOffer(state, event)
}

export const decider: D.Decider<OfferState, OfferCommand, OfferEvent, OfferError> = {
  initial: undefined,
  decide,
  evolve
}

/** An offer after a command, and the events that got it there. */
export type OfferChange = D.Change<Offer, OfferEvent>

/** The decider over offers that exist: every event but Created changes them. */
const existing: D.Rules<Offer, OfferCommand, OfferEvent, OfferError> = { decide, evolve: evolveOffer }

/** Decide and evolve a command on an existing offer: the function an OfferRepository `update` applies. */
export const step = (command: OfferCommand): ((offer: Offer) => Result.Result<OfferChange, OfferError>) =>
  D.step(existing, command)

/** Make a new offer from a Create command: the draft and its Created event. */
export const start = (command: Extract<OfferCommand, { _tag: "Create" }>): Result.Result<OfferChange, OfferError> =>
  // Create decides exactly one Created, which always makes an offer.
  Result.map(D.run(decider, command, undefined), ({ state, events }) => ({ state: state!, events }))
