import { Result } from "effect"
import { BusinessId, HOUR, Offer, OfferId, TenantId, timestamp as t } from "@chatshop/domain"

export interface Step {
  readonly command: Offer.OfferCommand
  readonly before: Offer.Offer
  readonly after: Offer.Offer
  readonly result: Result.Result<ReadonlyArray<Offer.OfferEvent>, Offer.OfferError>
}

/** A bag of 3 at $4.99, claimable from 10:00 to 20:00 on day 0: the example tests' offer. */
export const bagCreate: Offer.OfferCommand & { _tag: "Create" } = {
  _tag: "Create",
  offerId: OfferId.make("o1"),
  tenantId: TenantId.make("t1"),
  businessId: BusinessId.make("b1"),
  title: "Surprise bag",
  price: { amount: 499, currency: "USD" },
  quantity: 3,
  window: { startsAt: t(10 * HOUR), endsAt: t(20 * HOUR) },
  at: t(0)
}

/** Create an offer, then run commands through the decider, keeping rejected ones as no-ops. */
export const play = (create: Offer.OfferCommand & { _tag: "Create" }, commands: ReadonlyArray<Offer.OfferCommand>) => {
  const made = Offer.start(create)
  if (Result.isFailure(made)) throw new Error(`create failed: ${made.failure._tag}`)
  let state = made.success.state
  const events: Array<Offer.OfferEvent> = [...made.success.events]
  const steps: Array<Step> = []
  for (const command of commands) {
    const before = state
    const result = Offer.decide(command, state)
    if (Result.isSuccess(result)) {
      for (const e of result.success) {
        state = Offer.evolveOffer(state, e)
        events.push(e)
      }
    }
    steps.push({ command, before, after: state, result })
  }
  return { state, events, steps }
}

/** Play, then publish with a verified business (when the window allows) so claims can happen. */
export const playPublished = (
  create: Offer.OfferCommand & { _tag: "Create" },
  commands: ReadonlyArray<Offer.OfferCommand>
) => play(create, [{ _tag: "Publish", businessStatus: "verified", at: create.window.startsAt }, ...commands])

export const failureTag = (r: Result.Result<unknown, { readonly _tag: string }>): string | undefined =>
  Result.isFailure(r) ? r.failure._tag : undefined

export const tags = (r: Result.Result<ReadonlyArray<{ readonly _tag: string }>, unknown>): ReadonlyArray<string> =>
  Result.isSuccess(r) ? r.success.map((e) => e._tag) : []
