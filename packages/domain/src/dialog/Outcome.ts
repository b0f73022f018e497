import type { Language } from "../conversation/Model.ts"
import { type Order, total } from "../order/Model.ts"
import { times } from "../shared/Money.ts"
import type { Decision, DialogContext, DialogState, Outcome, ReplyAction } from "./Model.ts"
import { say, startTurn, type Turn, update } from "./Turn.ts"

const paymentInstructions = (turn: Turn, order: Order): void => {
  const details = turn.ctx.paymentDetails.trim()
  if (details === "") say(turn, "payment_instructions_manager", { total: total(order) })
  else say(turn, "payment_instructions", { total: total(order), details })
}

/**
 * The replies to what the worker's actions did (SPEC §3.8: place → payment instructions, payment
 * screenshot → paid or payment_review). Figures come from the order or offer in the outcome.
 */
export const onOutcome = (state: DialogState, outcome: Outcome, ctx: DialogContext, language: Language): Decision => {
  if (ctx.owner === "human") return { state, actions: [] }
  const turn = startTurn(state, language, ctx)
  switch (outcome._tag) {
    case "OrderPlaced":
      say(turn, "order_placed", { ref: outcome.order.id, hours: ctx.settings.holdHours })
      paymentInstructions(turn, outcome.order)
      update(turn, { stage: "awaiting_payment", expecting: null, draftProducts: [], shown: [] })
      break
    case "PlaceFailed": {
      // A line sold out between the summary and placing: name it and ask for another option.
      for (const short of outcome.order.shortage) {
        const line = outcome.order.lines[short.line]
        if (line === undefined) continue
        say(turn, "line_sold_out", {
          title: line.title ?? "",
          size: line.size ?? "",
          color: line.colorCount > 1 ? (line.color ?? "") : ""
        })
      }
      const first = outcome.order.lines[outcome.order.shortage[0]?.line ?? -1]
      update(turn, { stage: "collecting", expecting: first?.hasSizes === true ? "size" : null })
      if (first?.hasSizes !== true) say(turn, "choose_first")
      break
    }
    case "PaymentDecided": {
      const ref = outcome.order.id
      const status = outcome.order.status
      if (status === "paid" || status === "fulfilled") {
        say(turn, "payment_accepted", { ref })
        update(turn, { stage: "done", expecting: null })
      } else if (status === "payment_review") {
        say(turn, "payment_review", { ref })
        update(turn, { stage: "awaiting_payment", expecting: null })
      } else {
        say(turn, "payment_not_confirmed", { ref })
        update(turn, { stage: "awaiting_payment", expecting: null })
      }
      break
    }
    case "OrderCancelled":
      say(turn, "order_cancelled", { ref: outcome.order.id })
      update(turn, { stage: "idle", expecting: null, draftProducts: [], shown: [] })
      break
    case "CancelRefused":
      say(turn, "cannot_cancel", { ref: outcome.order.id })
      break
    case "OfferClaimed":
      say(turn, "offer_claimed", {
        qty: outcome.qty,
        title: outcome.offer.title,
        total: times(outcome.offer.price, outcome.qty)
      })
      update(turn, { stage: "idle", expecting: null, shown: [] })
      break
    case "ClaimFailed":
      say(turn, "offer_unavailable")
      update(turn, { expecting: null, shown: [] })
      break
    case "FieldRejected":
      say(turn, outcome.field === "phone" ? "invalid_phone" : "invalid_field")
      update(turn, { stage: "collecting", expecting: outcome.field === "phone" ? "phone" : turn.state.expecting })
      break
  }
  return { state: turn.state, actions: turn.actions }
}

/** The text of a nudge (SPEC §3.5) for where the sale stands; `Nudge.nextNudge` says when. */
export const nudgeReply = (state: DialogState, order: Order | null, language: Language): ReplyAction => {
  const waitingForPayment = order !== null && order.status === "placed"
  const key = waitingForPayment
    ? "nudge_payment"
    : state.stage === "collecting" || state.stage === "confirming"
      ? "nudge_order"
      : "nudge_browse"
  return { _tag: "Reply", key, params: waitingForPayment ? { ref: order.id } : {}, language }
}
