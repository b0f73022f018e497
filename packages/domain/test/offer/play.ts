import { Result } from "effect"
import { Offer } from "@chatshop/domain"

export interface Step {
  readonly command: Offer.OfferCommand
  readonly before: Offer.Offer
  readonly after: Offer.Offer
  readonly result: Result.Result<ReadonlyArray<Offer.OfferEvent>, Offer.OfferError>
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
