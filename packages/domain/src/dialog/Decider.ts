import type { NluResult } from "../ports/Nlu.ts"
import { total } from "../order/Model.ts"
import { missingFields } from "../order/Fields.ts"
import { activeOffers, browse, choose, listOffers } from "./Browse.ts"
import { applyFields, collect } from "./Collect.ts"
import type { Decision, DialogContext, DialogNeeds, DialogState } from "./Model.ts"
import { act, clock, draftOf, say, startTurn, type Turn, update } from "./Turn.ts"
import { uniqueIds } from "./Views.ts"

/**
 * The dialog of SPEC §3.8 in two pure phases. Per turn the worker runs
 * `plan(state, nlu)` → gathers what it names (catalog search, product views, the order, offers)
 * → `decide(state, nlu, context)` → executes the actions in order → `onOutcome` for the results
 * of PlaceOrder / CancelOrder / SubmitPaymentEvidence / ClaimOffer. Only these functions quote
 * prices and stock, and only from the context.
 */

const browsing = new Set(["search", "ask_availability", "ask_price", "ask_size", "choose_product"])

/** Phase 1: what this turn needs looked up. */
export const plan = (state: DialogState, nlu: NluResult): DialogNeeds => {
  const query = nlu.entities.query ?? nlu.entities.productRef
  return {
    search: query !== undefined && browsing.has(nlu.intent) ? query : null,
    products: uniqueIds([
      state.focus,
      ...state.shown.flatMap((s) => (s.kind === "product" ? [s.id as NonNullable<DialogState["focus"]>] : [])),
      ...state.draftProducts
    ])
  }
}

const hasFieldEntities = (nlu: NluResult): boolean => {
  const e = nlu.entities
  return [e.size, e.color, e.city, e.phone, e.address, e.name, e.delivery].some((v) => v !== undefined)
}

/** Fields for an open draft; then the next question (or the summary). */
const provide = (turn: Turn, nlu: NluResult): Turn => {
  const draft = draftOf(turn.ctx)
  if (draft === null || draft.lines.length === 0) {
    // A size or colour before anything was chosen is a question about the product in focus.
    if (turn.state.focus !== null && (nlu.entities.size !== undefined || nlu.entities.color !== undefined)) {
      return browse(turn, nlu.entities)
    }
    say(turn, "choose_first")
    return update(turn, { expecting: null })
  }
  const next = applyFields(turn, draft, nlu.entities)
  return next === undefined ? turn : collect(turn, next)
}

const confirm = (turn: Turn, nlu: NluResult): Turn => {
  const draft = draftOf(turn.ctx)
  const order = turn.ctx.order
  switch (turn.state.stage) {
    case "confirming":
      if (draft !== null && draft.lines.length > 0 && missingFields(draft).length === 0) {
        act(turn, { _tag: "PlaceOrder" })
        return update(turn, { expecting: null })
      }
      return draft === null ? say(turn, "choose_first") : collect(turn, draft)
    case "collecting":
      return draft === null ? say(turn, "choose_first") : collect(turn, draft)
    case "awaiting_payment":
      return say(turn, "send_screenshot", { ref: order?.id ?? "" })
    default:
      return choose(turn, nlu.entities)
  }
}

const cancel = (turn: Turn, nlu: NluResult): Turn => {
  const order = turn.ctx.order
  if (nlu.entities.topic === "decline") {
    // A bare "no": at the summary it means "change something", elsewhere "not this one".
    if (turn.state.stage === "confirming") {
      say(turn, "what_to_change")
      return update(turn, { stage: "collecting", expecting: null })
    }
    if (turn.state.stage !== "awaiting_payment") {
      say(turn, "choose_first")
      return update(turn, { expecting: null, stage: turn.state.stage === "browsing" ? "idle" : turn.state.stage })
    }
  }
  if (order === null || (order.status === "draft" && order.lines.length === 0)) return say(turn, "nothing_to_cancel")
  switch (order.status) {
    case "draft":
    case "placed":
      act(turn, { _tag: "CancelOrder", reason: "customer" })
      return update(turn, { expecting: null })
    case "payment_review":
    case "paid":
      return say(turn, "cannot_cancel", { ref: order.id })
    default:
      return say(turn, "nothing_to_cancel")
  }
}

const status = (turn: Turn): Turn => {
  const order = turn.ctx.order
  if (order === null) return say(turn, "no_order")
  return say(turn, `order_status_${order.status}`, { ref: order.id, total: order.lines.length > 0 ? total(order) : "" })
}

const payment = (turn: Turn): Turn => {
  const order = turn.ctx.order
  if (order === null) return say(turn, "no_order")
  switch (order.status) {
    case "placed":
      return say(turn, "send_screenshot", { ref: order.id })
    case "payment_review":
      return say(turn, "payment_review", { ref: order.id })
    case "paid":
    case "fulfilled":
      return say(turn, "payment_accepted", { ref: order.id })
    default:
      return status(turn)
  }
}

const faq = (turn: Turn, topic: string | undefined): Turn => {
  const hours = turn.ctx.settings.workHours
  switch (topic) {
    case "delivery":
      return say(turn, "faq_delivery")
    case "returns":
      return say(turn, "faq_returns")
    case "hours":
      return say(turn, "faq_hours", { open: clock(hours.startMinute), close: clock(hours.endMinute) })
    case "payment":
      return say(turn, "faq_payment")
    default:
      return say(turn, "faq_general")
  }
}

const greet = (turn: Turn, topic: string | undefined): Turn => {
  if (topic === "thanks") return say(turn, "welcome")
  say(turn, "greeting", { shop: turn.ctx.shopName ?? "" })
  const offers = activeOffers(turn)
  if (offers.length > 0) return listOffers(turn, offers)
  return update(turn, { stage: turn.state.stage === "done" ? "idle" : turn.state.stage })
}

const miss = (turn: Turn): Turn => {
  const misses = turn.state.misses + 1
  if (misses >= 2) {
    say(turn, "handoff")
    act(turn, { _tag: "Handoff", by: "nlu" })
    return update(turn, { misses: 0, expecting: null })
  }
  say(turn, "unknown")
  update(turn, { misses })
  // Mid-order, repeat the question so the customer knows what is still needed.
  const draft = draftOf(turn.ctx)
  return turn.state.stage === "collecting" && draft !== null && draft.lines.length > 0 ? collect(turn, draft) : turn
}

/** Phase 2: the turn's actions and the next state. A human-owned conversation gets nothing from the bot. */
export const decide = (state: DialogState, nlu: NluResult, ctx: DialogContext): Decision => {
  if (ctx.owner === "human") return { state, actions: [] }
  const turn = startTurn(nlu.intent === "unknown" ? state : { ...state, misses: 0 }, nlu.language, ctx)
  const order = ctx.order
  if (nlu.intent === "opt_out") {
    act(turn, { _tag: "OptOut" })
    say(turn, "opted_out")
    return { state: turn.state, actions: turn.actions }
  }
  if (nlu.intent === "ask_human") {
    say(turn, "handoff")
    act(turn, { _tag: "Handoff", by: "customer" })
    return { state: { ...turn.state, expecting: null }, actions: turn.actions }
  }
  if (
    ctx.attachments.length > 0 &&
    order !== null &&
    (order.status === "placed" || order.status === "payment_review")
  ) {
    // A picture while an order waits for payment is the payment screenshot, whatever the text says.
    act(turn, { _tag: "SubmitPaymentEvidence", images: ctx.attachments })
    update(turn, { misses: 0, stage: "awaiting_payment", expecting: null })
    return { state: turn.state, actions: turn.actions }
  }
  switch (nlu.intent) {
    case "greeting":
      greet(turn, nlu.entities.topic)
      break
    case "search":
    case "ask_availability":
    case "ask_price":
    case "ask_size":
      if (turn.state.stage === "collecting" && nlu.entities.query === undefined && hasFieldEntities(nlu))
        provide(turn, nlu)
      else browse(turn, nlu.entities)
      break
    case "choose_product":
      // "Да, беру" at the summary confirms it rather than adding the product again.
      if (turn.state.stage === "confirming" && nlu.entities.choice === undefined && nlu.entities.query === undefined) {
        confirm(turn, nlu)
      } else choose(turn, nlu.entities)
      break
    case "provide_field":
      provide(turn, nlu)
      break
    case "confirm":
      confirm(turn, nlu)
      break
    case "cancel":
      cancel(turn, nlu)
      break
    case "order_status":
      status(turn)
      break
    case "payment_sent":
      payment(turn)
      break
    case "faq":
      faq(turn, nlu.entities.topic)
      break
    case "unknown":
      miss(turn)
      break
  }
  return { state: turn.state, actions: turn.actions }
}
