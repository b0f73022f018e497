import { Dialog, type NluResult, type Order } from "@chatshop/domain"
import { applyActions, context, searchFor } from "./fixtures.ts"

/** A pure stand-in for the worker: plan → context → decide → apply order actions → outcomes. */
export interface Session {
  state: Dialog.DialogState
  order: Order.Order | null
  readonly turns: Array<ReadonlyArray<Dialog.DialogAction>>
}

export const session = (): Session => ({ state: Dialog.initialDialogState, order: null, turns: [] })

export const say = (
  s: Session,
  nlu: NluResult,
  patch: Partial<Dialog.DialogContext> = {}
): ReadonlyArray<Dialog.DialogAction> => {
  const needs = Dialog.plan(s.state, nlu)
  const ctx = context({ search: needs.search === null ? [] : searchFor(needs.search), order: s.order, ...patch })
  const decision = Dialog.decide(s.state, nlu, ctx)
  const actions: Array<Dialog.DialogAction> = [...decision.actions]
  s.state = decision.state
  s.order = applyActions(s.order, decision.actions)
  if (decision.actions.some((a) => a._tag === "PlaceOrder") && s.order !== null) {
    const outcome = Dialog.onOutcome(s.state, { _tag: "OrderPlaced", order: s.order }, ctx, nlu.language)
    s.state = outcome.state
    actions.push(...outcome.actions)
  }
  if (decision.actions.some((a) => a._tag === "CancelOrder") && s.order !== null) {
    const outcome = Dialog.onOutcome(s.state, { _tag: "OrderCancelled", order: s.order }, ctx, nlu.language)
    s.state = outcome.state
    actions.push(...outcome.actions)
  }
  s.turns.push(actions)
  return actions
}
