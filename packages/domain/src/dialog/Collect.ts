import type { ProductView } from "../catalog/Catalog.ts"
import { Result } from "effect"
import type { OrderCommand } from "../order/Commands.ts"
import { run } from "../order/Decider.ts"
import { type FieldName, nextQuestion, type RequiredField } from "../order/Fields.ts"
import { type Order, total } from "../order/Model.ts"
import type { NluEntities } from "../ports/Nlu.ts"
import { times } from "../shared/Money.ts"
import { act, draftOf, labels, quick, say, type Turn, update, virtualDraft } from "./Turn.ts"
import {
  coloursInStock,
  lineFor,
  matchColour,
  matchSize,
  sizesInStock,
  uniqueIds,
  variantFor,
  variantsWith,
  viewOf
} from "./Views.ts"

type SetField = Extract<OrderCommand, { readonly _tag: "SetField" }>

/** Apply a SetField to the foreseen order; on success record the action, else tell the customer. */
const setField = (turn: Turn, order: Order, input: Omit<SetField, "_tag" | "at">): Order | undefined => {
  const result = run({ _tag: "SetField", ...input, at: turn.ctx.now }, order)
  if (Result.isFailure(result)) {
    say(turn, input.field === "phone" ? "invalid_phone" : "invalid_field")
    update(turn, { expecting: input.field === "phone" ? "phone" : turn.state.expecting })
    return undefined
  }
  act(turn, {
    _tag: "SetOrderField",
    field: input.field,
    value: input.value,
    ...(input.line === undefined ? {} : { line: input.line }),
    ...(input.sku === undefined ? {} : { sku: input.sku })
  })
  return result.success.state
}

/** The line a size or colour answer is for: the one being asked about, else the last that has the option. */
const optionLine = (order: Order, field: "size" | "color"): number | undefined => {
  const q = nextQuestion(order)
  if (q._tag === "Some" && q.value.field === field) return q.value.line
  for (let i = order.lines.length - 1; i >= 0; i--) {
    const line = order.lines[i]!
    if (field === "size" ? line.hasSizes : line.colorCount > 1) return i
  }
  return undefined
}

/** A size or colour for a draft line, checked against the catalog (offered? in stock?). */
const setOption = (turn: Turn, order: Order, field: "size" | "color", wanted: string): Order | undefined => {
  const index = optionLine(order, field)
  const line = index === undefined ? undefined : order.lines[index]
  const view = line === undefined ? undefined : viewOf(turn.ctx, line.productId)
  if (index === undefined || line === undefined || view === undefined) return order
  const title = view.product.title
  const value = field === "size" ? matchSize(view, wanted) : matchColour(view, wanted)
  if (value === undefined) {
    if (field === "size")
      say(turn, "size_not_offered", { title, size: wanted, sizes: sizesInStock(view, line.color).join(", ") })
    else say(turn, "colour_not_offered", { title, color: wanted, colours: coloursInStock(view, line.size).join(", ") })
    update(turn, { expecting: field })
    return undefined
  }
  const size = field === "size" ? value : line.size
  const color = field === "color" ? value : line.color
  const variant = variantFor(view, size, color)
  if (variant === undefined || variant.available <= 0) {
    const options = field === "size" ? sizesInStock(view, color) : coloursInStock(view, size)
    say(turn, "option_out_of_stock", { title, size: size ?? "", color: color ?? "", options: options.join(", ") })
    update(turn, { expecting: field })
    return undefined
  }
  return setField(turn, order, { field, value, line: index, sku: variant.variant.sku })
}

/** Fields in the customer's message, applied in asking order; stops at the first one refused. */
export const applyFields = (turn: Turn, order: Order, e: NluEntities): Order | undefined => {
  let current: Order | undefined = order
  if (e.size !== undefined) current = setOption(turn, current, "size", e.size)
  if (current !== undefined && e.color !== undefined) current = setOption(turn, current, "color", e.color)
  const plain: ReadonlyArray<readonly [FieldName, string | undefined]> = [
    ["city", e.city],
    ["phone", e.phone],
    ["name", e.name],
    ["delivery", e.delivery],
    ["address", e.address]
  ]
  for (const [field, value] of plain) {
    if (current === undefined) return undefined
    if (value !== undefined && value !== current.fields[field as keyof Order["fields"]]) {
      current = setField(turn, current, { field, value })
    }
  }
  return current
}

const ask = (turn: Turn, order: Order, q: RequiredField): Turn => {
  const line = q.line === undefined ? undefined : order.lines[q.line]
  const view = line === undefined ? undefined : viewOf(turn.ctx, line.productId)
  const title = line?.title ?? view?.product.title ?? ""
  switch (q.field) {
    case "size": {
      const options = view === undefined ? [] : sizesInStock(view, line?.color)
      say(turn, "ask_size", { title, sizes: options.join(", ") })
      quick(turn, options)
      break
    }
    case "color": {
      const options = view === undefined ? [] : coloursInStock(view, line?.size)
      say(turn, "ask_color", { title, colours: options.join(", ") })
      quick(turn, options)
      break
    }
    default:
      say(turn, `ask_${q.field}`)
  }
  return update(turn, { stage: "collecting", expecting: q.field })
}

/** Summary of a complete draft and the question to place it (SPEC §3.8: summary and confirm). */
export const summarise = (turn: Turn, order: Order): Turn => {
  order.lines.forEach((line, i) => {
    say(turn, "summary_line", {
      n: i + 1,
      title: line.title ?? "",
      size: line.size ?? "",
      color: line.colorCount > 1 ? (line.color ?? "") : "",
      qty: line.qty,
      lineTotal: times(line.unitPrice, line.qty)
    })
  })
  const f = order.fields
  const common = { total: total(order), city: f.city ?? "", phone: f.phone ?? "" }
  if (f.delivery === "delivery") say(turn, "summary_delivery", { ...common, address: f.address ?? "" })
  else say(turn, "summary_pickup", common)
  say(turn, "confirm_prompt")
  quick(turn, labels.yesNo[turn.language])
  return update(turn, { stage: "confirming", expecting: null })
}

/** Ask the next missing field in `nextQuestion` order, then delivery or pickup, then the summary. */
export const collect = (turn: Turn, order: Order): Turn => {
  const q = nextQuestion(order)
  if (q._tag === "Some") return ask(turn, order, q.value)
  if (order.fields.delivery === undefined) {
    say(turn, "ask_delivery")
    quick(turn, labels.delivery[turn.language])
    return update(turn, { stage: "collecting", expecting: "delivery" })
  }
  return summarise(turn, order)
}

/**
 * Put a product on the draft (a new one when none is open), take any order fields the same message
 * carried ("… delivery to Almaty, +7 701 …"), and continue collecting.
 */
export const addToDraft = (
  turn: Turn,
  view: ProductView,
  wanted: { readonly size?: string | undefined; readonly color?: string | undefined },
  qty: number,
  fields: NluEntities = {}
): Turn => {
  const title = view.product.title
  const size = wanted.size === undefined ? undefined : matchSize(view, wanted.size)
  const color = wanted.color === undefined ? undefined : matchColour(view, wanted.color)
  update(turn, { focus: view.product.id })
  if (wanted.size !== undefined && size === undefined) {
    say(turn, "size_not_offered", { title, size: wanted.size, sizes: sizesInStock(view, color).join(", ") })
    return update(turn, { stage: "browsing", expecting: null })
  }
  if (wanted.color !== undefined && color === undefined) {
    say(turn, "colour_not_offered", { title, color: wanted.color, colours: coloursInStock(view, size).join(", ") })
    return update(turn, { stage: "browsing", expecting: null })
  }
  const matching = variantsWith(view, size, color)
  if (!matching.some((v) => v.available > 0)) {
    const options = size !== undefined ? sizesInStock(view, color) : coloursInStock(view, size)
    if (size === undefined && color === undefined) say(turn, "product_sold_out", { title })
    else say(turn, "option_out_of_stock", { title, size: size ?? "", color: color ?? "", options: options.join(", ") })
    return update(turn, { stage: "browsing", expecting: null })
  }
  const line = lineFor(view, { size, color }, qty)
  if (line === undefined) return say(turn, "error")
  const base = draftOf(turn.ctx) ?? virtualDraft(turn.ctx, line.unitPrice.currency)
  const added = run({ _tag: "AddLine", line, at: turn.ctx.now }, base)
  if (Result.isFailure(added)) return say(turn, "error")
  act(turn, { _tag: "AddLineToDraft", line })
  say(turn, "added", {
    title,
    size: line.size ?? "",
    color: line.colorCount > 1 ? (line.color ?? "") : "",
    qty: line.qty,
    lineTotal: times(line.unitPrice, line.qty)
  })
  update(turn, { draftProducts: uniqueIds([...turn.state.draftProducts, view.product.id]), shown: [] })
  const { size: _size, color: _color, ...orderFields } = fields
  const next = applyFields(turn, added.success.state, orderFields)
  return next === undefined ? turn : collect(turn, next)
}
