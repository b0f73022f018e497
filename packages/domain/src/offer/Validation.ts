import type { Money } from "../shared/Money.ts"
import type { Window } from "./Model.ts"

/** The fields Create and Edit must keep valid; checked on the offer as it would be after the change. */
export interface OfferFields {
  readonly title: string
  readonly price: Money
  readonly originalPrice?: Money
  readonly quantity: number
  readonly window: Window
}

/** Why these fields can't make an offer, or undefined when they can. Plain checks: decide must stay fast. */
export const invalidFields = (f: OfferFields): string | undefined => {
  if (f.title.trim().length === 0) return "title is empty"
  if (!Number.isSafeInteger(f.price.amount) || f.price.amount < 0) return "price must be a non-negative amount"
  if (!Number.isSafeInteger(f.quantity) || f.quantity < 0) return "quantity must be a non-negative integer"
  if (!Number.isSafeInteger(f.window.startsAt) || !Number.isSafeInteger(f.window.endsAt)) {
    return "window must be whole milliseconds"
  }
  if (f.window.endsAt <= f.window.startsAt) return "window must end after it starts"
  const original = f.originalPrice
  if (original !== undefined) {
    if (original.currency !== f.price.currency) return "original price must be in the price's currency"
    if (!Number.isSafeInteger(original.amount) || original.amount < f.price.amount) {
      return "original price must not be below the price"
    }
  }
  return undefined
}
