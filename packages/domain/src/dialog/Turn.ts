import type { Language } from "../conversation/Model.ts"
import { makeDraft, type Order } from "../order/Model.ts"
import type { CustomerId, OrderId, TenantId } from "../shared/Ids.ts"
import type { Currency } from "../shared/Money.ts"
import type { DialogAction, DialogContext, DialogState, Params } from "./Model.ts"
import type { TemplateKey } from "./Templates.ts"

/** One turn being decided: the state so far, the actions in order, and the language to reply in. */
export interface Turn {
  state: DialogState
  readonly actions: Array<DialogAction>
  readonly language: Language
  readonly ctx: DialogContext
}

export const startTurn = (state: DialogState, language: Language, ctx: DialogContext): Turn => ({
  state,
  actions: [],
  language,
  ctx
})

/** Each step returns the turn, so a branch can end with `return say(…)`. */
export const say = (turn: Turn, key: TemplateKey, params: Params = {}): Turn => {
  turn.actions.push({ _tag: "Reply", key, params, language: turn.language })
  return turn
}

export const act = (turn: Turn, action: DialogAction): Turn => {
  turn.actions.push(action)
  return turn
}

export const update = (turn: Turn, patch: Partial<DialogState>): Turn => {
  turn.state = { ...turn.state, ...patch }
  return turn
}

export const quick = (turn: Turn, options: ReadonlyArray<string>): Turn => {
  if (options.length > 0) turn.actions.push({ _tag: "QuickReplies", options: options.slice(0, 10) })
  return turn
}

export const photos = (turn: Turn, urls: ReadonlyArray<string>): Turn => {
  if (urls.length > 0) turn.actions.push({ _tag: "Photos", urls })
  return turn
}

/** Quick-reply labels in the customer's language. */
export const labels = {
  yesNo: { en: ["Yes", "No"], ru: ["Да", "Нет"] },
  delivery: { en: ["Delivery", "Pickup"], ru: ["Доставка", "Самовывоз"] }
} as const

/** The attached order while it is a draft; a placed or finished order means the next line starts a new one. */
export const draftOf = (ctx: DialogContext): Order | null =>
  ctx.order !== null && ctx.order.status === "draft" ? ctx.order : null

/**
 * A stand-in draft to foresee what the Orders service will do with our actions (ids are
 * placeholders; only fields, lines and `nextQuestion` are read from it).
 */
export const virtualDraft = (ctx: DialogContext, currency: Currency): Order =>
  makeDraft({
    id: "draft" as OrderId,
    tenantId: "tenant" as TenantId,
    customer: { customerId: "customer" as CustomerId, ...ctx.customer },
    currency,
    at: ctx.now
  })

/** "09:00" from minutes after midnight. */
export const clock = (minute: number): string => {
  const m = Math.max(0, Math.min(24 * 60, Math.trunc(minute)))
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`
}
