import { assert, describe, it } from "@effect/vitest"
import { CustomerId, Dialog, Order, OrderId } from "@chatshop/domain"
import { bag, boots, context, keys, nlu, now, offer, tenant, texts } from "./fixtures.ts"
import { say, session } from "./session.ts"

const start = Dialog.initialDialogState

const setFields = (actions: ReadonlyArray<Dialog.DialogAction>) =>
  actions.flatMap((a) => (a._tag === "SetOrderField" ? [a] : []))

describe("dialog decide: edges", () => {
  it("choosing a size or colour the product lacks, or one sold out, adds nothing", () => {
    const s = session()
    say(s, nlu("search", { query: "chelsea boots" }))
    const noSize = say(s, nlu("choose_product", { size: "45" }))
    assert.deepStrictEqual(keys(noSize), ["size_not_offered"])
    const soldOut = say(s, nlu("choose_product", { size: "40" }))
    assert.deepStrictEqual(keys(soldOut), ["option_out_of_stock"])
    assert.include(texts(soldOut), "Available: 38, 39.")
    say(s, nlu("search", { query: "flap bag" }))
    assert.deepStrictEqual(keys(say(s, nlu("choose_product", { color: "blue" }))), ["colour_not_offered"])
    assert.deepStrictEqual(keys(say(s, nlu("choose_product", { color: "red" }))), ["option_out_of_stock"])
    assert.isNull(s.order)
  })

  it("a colour the bag lacks is refused while collecting; an empty city is refused", () => {
    const s = session()
    say(s, nlu("search", { query: "flap bag" }))
    say(s, nlu("choose_product"))
    const blank = say(s, nlu("provide_field", { city: "  " }))
    assert.deepStrictEqual(keys(blank), ["invalid_field"])
    say(s, nlu("provide_field", { city: "Almaty" }))
    const blue = say(s, nlu("provide_field", { color: "blue" }))
    assert.deepStrictEqual(keys(blue), ["colour_not_offered"])
    assert.include(texts(blue), "Colours in stock: Black, White.")
    assert.strictEqual(s.state.expecting, "color")
  })

  it("changing the size at the summary switches the line's variant and shows the summary again", () => {
    const s = session()
    say(s, nlu("search", { query: "chelsea boots" }))
    say(s, nlu("choose_product", { size: "38" }))
    say(s, nlu("provide_field", { city: "Almaty", phone: "+7 701 111 22 33", delivery: "pickup" }))
    const changed = say(s, nlu("provide_field", { size: "39" }))
    assert.deepStrictEqual(setFields(changed), [
      { _tag: "SetOrderField", field: "size", value: "39", line: 0, sku: boots.variants[1]!.sku }
    ])
    assert.strictEqual(keys(changed)[0], "summary_line")
    assert.include(texts(changed), "size 39")
  })

  it("a line in another currency than the open draft is not added", () => {
    const draft = Order.makeDraft({
      id: OrderId.make("o-kzt"),
      tenantId: tenant,
      customer: { customerId: CustomerId.make("c") },
      currency: "KZT",
      at: now
    })
    const state = { ...start, stage: "browsing" as const, focus: boots.id }
    const out = Dialog.decide(state, nlu("choose_product", { size: "38" }), context({ order: draft }))
    assert.deepStrictEqual(keys(out.actions), ["error"])
    assert.isFalse(out.actions.some((a) => a._tag === "AddLineToDraft"))
  })

  it("deal words without active offers search the catalog; a gone offer can't be claimed", () => {
    const s = session()
    assert.deepStrictEqual(keys(say(s, nlu("search", { query: "deals" }))), ["nothing_found"])
    const state = { ...start, shown: [{ kind: "offer" as const, id: offer.id }] }
    const paused = { ...offer, status: "paused" as const }
    const out = Dialog.decide(state, nlu("choose_product", { choice: 1 }), context({ offers: [paused] }))
    assert.deepStrictEqual(keys(out.actions), ["offer_unavailable"])
  })

  it("with one product shown, 'I'll take it' takes that one", () => {
    const state = { ...start, shown: [{ kind: "product" as const, id: bag.id }] }
    const out = Dialog.decide(state, nlu("choose_product", { color: "white" }), context())
    const line = out.actions.find((a) => a._tag === "AddLineToDraft")
    assert.strictEqual(line?._tag === "AddLineToDraft" ? line.line.sku : "", "flap-white")
  })

  it("status of an empty draft; a decline while awaiting payment is a cancel", () => {
    const empty = Order.makeDraft({
      id: OrderId.make("o-empty"),
      tenantId: tenant,
      customer: { customerId: CustomerId.make("c") },
      currency: "USD",
      at: now
    })
    assert.strictEqual(
      texts(Dialog.decide(start, nlu("order_status"), context({ order: empty })).actions),
      "Your order isn't placed yet."
    )
    const s = session()
    say(s, nlu("search", { query: "chelsea boots" }))
    say(s, nlu("choose_product", { size: "38" }))
    say(s, nlu("provide_field", { city: "Almaty", phone: "+7 701 111 22 33", delivery: "pickup" }))
    say(s, nlu("confirm"))
    assert.strictEqual(s.state.stage, "awaiting_payment")
    const no = say(s, nlu("cancel", { topic: "decline" }))
    assert.deepStrictEqual(keys(no), ["order_cancelled"])
  })

  it("a sold-out line without sizes at placing asks to choose again", () => {
    const s = session()
    say(s, nlu("search", { query: "flap bag" }))
    say(s, nlu("choose_product", { color: "black" }))
    say(s, nlu("provide_field", { city: "Almaty", phone: "+7 701 111 22 33", delivery: "pickup" }))
    const order = s.order!
    const short = { ...order, shortage: [{ line: 0, sku: order.lines[0]!.sku, requested: 1, available: 0 }] }
    const out = Dialog.onOutcome(s.state, { _tag: "PlaceFailed", order: short }, context(), "en")
    assert.deepStrictEqual(keys(out.actions), ["line_sold_out", "choose_first"])
    assert.include(texts(out.actions), "Classic flap bag, Black just sold out")
    assert.isNull(out.state.expecting)
  })
})
