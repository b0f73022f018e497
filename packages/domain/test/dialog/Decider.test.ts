import { assert, describe, it } from "@effect/vitest"
import { defaultShopSettings, Dialog, type Order } from "@chatshop/domain"
import { applyActions, boots, context, keys, nlu, texts, view } from "./fixtures.ts"
import { say, session } from "./session.ts"

const start = Dialog.initialDialogState

/** A placed order for the boots in 38, through the dialog itself. */
const placedOrder = (): { s: ReturnType<typeof session>; order: Order.Order } => {
  const s = session()
  say(s, nlu("search", { query: "chelsea boots" }))
  say(s, nlu("choose_product", { size: "38" }))
  say(s, nlu("provide_field", { city: "Almaty", phone: "+7 701 111 22 33", delivery: "pickup" }))
  say(s, nlu("confirm"))
  return { s, order: s.order! }
}

describe("dialog decide: each intent", () => {
  it("opt-out records the stop and says so, without scheduling a nudge", () => {
    const out = Dialog.decide(start, nlu("opt_out", {}, "ru"), context())
    assert.deepStrictEqual(
      out.actions.map((a) => a._tag),
      ["OptOut", "Reply"]
    )
    assert.strictEqual(texts(out.actions), Dialog.templates.opted_out.ru)
  })

  it("asking for a person: a last reply, then the handoff; the misses reset", () => {
    const out = Dialog.decide({ ...start, misses: 1, expecting: "city" }, nlu("ask_human"), context())
    assert.deepStrictEqual(keys(out.actions), ["handoff"])
    assert.deepStrictEqual(out.actions[1], { _tag: "Handoff", by: "customer" })
    assert.deepStrictEqual([out.state.misses, out.state.expecting], [0, null])
  })

  it("one unknown turn asks to rephrase; the second hands off to a person", () => {
    const first = Dialog.decide(start, nlu("unknown"), context())
    assert.deepStrictEqual(keys(first.actions), ["unknown"])
    assert.strictEqual(first.state.misses, 1)
    const second = Dialog.decide(first.state, nlu("unknown"), context())
    assert.deepStrictEqual(second.actions, [
      { _tag: "Reply", key: "handoff", params: {}, language: "en" },
      { _tag: "Handoff", by: "nlu" }
    ])
    assert.strictEqual(second.state.misses, 0)
  })

  it("thanks get a 'you're welcome', not the greeting", () => {
    assert.deepStrictEqual(keys(Dialog.decide(start, nlu("greeting", { topic: "thanks" }, "ru"), context()).actions), [
      "welcome"
    ])
  })

  it("an unknown answer mid-order repeats the question", () => {
    const s = session()
    say(s, nlu("search", { query: "chelsea boots" }))
    say(s, nlu("choose_product", { size: "38" }))
    const again = say(s, nlu("unknown"))
    assert.deepStrictEqual(keys(again), ["unknown", "ask_city"])
    assert.strictEqual(s.state.misses, 1)
  })

  it("FAQ topics, with the shop's hours", () => {
    const ctx = context({ settings: { ...defaultShopSettings, workHours: { startMinute: 570, endMinute: 1200 } } })
    const topic = (t: string | undefined) =>
      keys(Dialog.decide(start, nlu("faq", t === undefined ? {} : { topic: t }), ctx).actions)
    assert.deepStrictEqual(["delivery", "returns", "hours", "payment", "location", undefined].map(topic), [
      ["faq_delivery"],
      ["faq_returns"],
      ["faq_hours"],
      ["faq_payment"],
      ["faq_general"],
      ["faq_general"]
    ])
    assert.strictEqual(
      texts(Dialog.decide(start, nlu("faq", { topic: "hours" }), ctx).actions),
      "We're open 09:30–20:00."
    )
  })

  it("order status and payment questions answer from the attached order", () => {
    assert.deepStrictEqual(keys(Dialog.decide(start, nlu("order_status"), context()).actions), ["no_order"])
    assert.deepStrictEqual(keys(Dialog.decide(start, nlu("payment_sent"), context()).actions), ["no_order"])
    const { order } = placedOrder()
    const ctx = context({ order })
    assert.include(texts(Dialog.decide(start, nlu("order_status"), ctx).actions), "is placed and waiting for payment")
    assert.include(texts(Dialog.decide(start, nlu("order_status"), ctx).actions), "$120.00")
    assert.deepStrictEqual(keys(Dialog.decide(start, nlu("payment_sent"), ctx).actions), ["send_screenshot"])
    const review = { ...order, status: "payment_review" as const }
    assert.deepStrictEqual(keys(Dialog.decide(start, nlu("payment_sent"), context({ order: review })).actions), [
      "payment_review"
    ])
    const paid = { ...order, status: "paid" as const }
    assert.deepStrictEqual(keys(Dialog.decide(start, nlu("payment_sent"), context({ order: paid })).actions), [
      "payment_accepted"
    ])
    const cancelled = { ...order, status: "cancelled" as const }
    assert.deepStrictEqual(keys(Dialog.decide(start, nlu("payment_sent"), context({ order: cancelled })).actions), [
      "order_status_cancelled"
    ])
  })

  it("a screenshot while an order awaits payment is submitted whatever the text; not for a draft", () => {
    const { s, order } = placedOrder()
    const shot = [{ url: "https://cdn.example/r.png" }]
    const out = Dialog.decide(s.state, nlu("unknown"), context({ order, attachments: shot }))
    assert.deepStrictEqual(out.actions, [{ _tag: "SubmitPaymentEvidence", images: shot }])
    assert.strictEqual(out.state.stage, "awaiting_payment")
    const draft = { ...order, status: "draft" as const }
    assert.notDeepInclude(Dialog.decide(start, nlu("greeting"), context({ order: draft, attachments: shot })).actions, {
      _tag: "SubmitPaymentEvidence",
      images: shot
    })
  })

  it("cancel: placed → CancelOrder; in review or paid → cannot; nothing → nothing to cancel", () => {
    const { order } = placedOrder()
    assert.deepStrictEqual(Dialog.decide(start, nlu("cancel"), context({ order })).actions, [
      { _tag: "CancelOrder", reason: "customer" }
    ])
    for (const status of ["payment_review", "paid"] as const) {
      assert.deepStrictEqual(
        keys(Dialog.decide(start, nlu("cancel"), context({ order: { ...order, status } })).actions),
        ["cannot_cancel"]
      )
    }
    assert.deepStrictEqual(
      keys(Dialog.decide(start, nlu("cancel"), context({ order: { ...order, status: "expired" } })).actions),
      ["nothing_to_cancel"]
    )
    const browsing = { ...start, stage: "browsing" as const }
    const no = Dialog.decide(browsing, nlu("cancel", { topic: "decline" }), context())
    assert.deepStrictEqual([keys(no.actions), no.state.stage], [["choose_first"], "idle"])
  })

  it("confirm outside the summary: chooses the product in focus, or re-asks, or asks for the screenshot", () => {
    const focused = { ...start, stage: "browsing" as const, focus: boots.id }
    const took = Dialog.decide(focused, nlu("confirm"), context())
    assert.includeMembers([...keys(took.actions)], ["added", "ask_city"])
    const collecting = { ...focused, stage: "collecting" as const }
    const draft = applyActions(null, took.actions)
    assert.deepStrictEqual(keys(Dialog.decide(collecting, nlu("confirm"), context({ order: draft })).actions), [
      "ask_city"
    ])
    assert.deepStrictEqual(keys(Dialog.decide(collecting, nlu("confirm"), context()).actions), ["choose_first"])
    const confirming = { ...focused, stage: "confirming" as const }
    assert.deepStrictEqual(keys(Dialog.decide(confirming, nlu("confirm"), context({ order: draft })).actions), [
      "ask_city"
    ])
    const waiting = { ...start, stage: "awaiting_payment" as const }
    assert.deepStrictEqual(keys(Dialog.decide(waiting, nlu("confirm"), context()).actions), ["send_screenshot"])
  })

  it("a field before any product asks what they want; a bad phone is refused and asked again", () => {
    assert.deepStrictEqual(keys(Dialog.decide(start, nlu("provide_field", { city: "Almaty" }), context()).actions), [
      "choose_first"
    ])
    const s = session()
    say(s, nlu("search", { query: "chelsea boots" }))
    say(s, nlu("choose_product", { size: "38" }))
    say(s, nlu("provide_field", { city: "Almaty" }))
    const bad = say(s, nlu("provide_field", { phone: "call me" }))
    assert.deepStrictEqual(keys(bad), ["invalid_phone"])
    assert.strictEqual(s.state.expecting, "phone")
  })

  it("dialog-measurements: a one-of-a-kind piece's card gives its measurements, in the customer's language", () => {
    const [first] = boots.variants
    const jacket = {
      ...boots,
      title: "Vintage denim jacket",
      variants: [{ ...first!, oneOfAKind: true, measurements: { chest: 54, length: 68 } }] as const
    }
    const ctx = context({ search: [{ ...view(jacket), score: 3 }], products: [view(jacket)] })
    const card = Dialog.decide(start, nlu("search", { query: "denim jacket" }), ctx)
    assert.include(texts(card.actions), "Measurements (cm): chest 54, length 68.")
    const ru = Dialog.decide(start, nlu("search", { query: "джинсовка" }, "ru"), ctx)
    assert.include(texts(ru.actions), "Замеры (см): chest 54, length 68.")
    const plain = Dialog.decide(
      start,
      nlu("search", { query: "boots" }),
      context({ search: [{ ...view(boots), score: 3 }] })
    )
    assert.notInclude(texts(plain.actions), "Measurements")
  })

  it("sold-out products are said to be sold out and never added", () => {
    const none = new Map(boots.variants.map((v) => [v.sku, 0]))
    const soldOut = view(boots, none)
    const ctx = context({ search: [{ ...soldOut, score: 3 }], products: [soldOut] })
    const card = Dialog.decide(start, nlu("search", { query: "boots" }), ctx)
    assert.deepStrictEqual(keys(card.actions), ["product_sold_out"])
    const take = Dialog.decide(card.state, nlu("choose_product"), ctx)
    assert.deepStrictEqual(keys(take.actions), ["product_sold_out"])
    assert.isFalse(take.actions.some((a) => a._tag === "AddLineToDraft"))
  })
})

describe("dialog outcomes and nudges", () => {
  it("placing failed on a short line names it and asks again", () => {
    const { s, order } = placedOrder()
    const short = {
      ...order,
      status: "draft" as const,
      shortage: [{ line: 0, sku: order.lines[0]!.sku, requested: 1, available: 0 }]
    }
    const out = Dialog.onOutcome(s.state, { _tag: "PlaceFailed", order: short }, context(), "en")
    assert.deepStrictEqual(keys(out.actions), ["line_sold_out"])
    assert.include(texts(out.actions), "Chelsea boots size 38 just sold out")
    assert.deepStrictEqual([out.state.stage, out.state.expecting], ["collecting", "size"])
  })

  it("payment decided: paid, review, or back to placed", () => {
    const { s, order } = placedOrder()
    const decided = (status: Order.OrderStatus) =>
      Dialog.onOutcome(s.state, { _tag: "PaymentDecided", order: { ...order, status } }, context(), "en")
    assert.deepStrictEqual(keys(decided("paid").actions), ["payment_accepted"])
    assert.strictEqual(decided("paid").state.stage, "done")
    assert.deepStrictEqual(keys(decided("payment_review").actions), ["payment_review"])
    assert.deepStrictEqual(keys(decided("placed").actions), ["payment_not_confirmed"])
  })

  it("without payment details the manager sends them; cancel refused and field rejected are explained", () => {
    const { s, order } = placedOrder()
    const ctx = context({ paymentDetails: "  " })
    const placed = Dialog.onOutcome(s.state, { _tag: "OrderPlaced", order }, ctx, "ru")
    assert.deepStrictEqual(keys(placed.actions), ["order_placed", "payment_instructions_manager"])
    assert.include(texts(placed.actions), "120.00")
    assert.deepStrictEqual(keys(Dialog.onOutcome(s.state, { _tag: "CancelRefused", order }, ctx, "en").actions), [
      "cannot_cancel"
    ])
    const rejected = Dialog.onOutcome(s.state, { _tag: "FieldRejected", field: "phone" }, ctx, "en")
    assert.deepStrictEqual([keys(rejected.actions), rejected.state.expecting], [["invalid_phone"], "phone"])
    assert.deepStrictEqual(
      keys(Dialog.onOutcome(s.state, { _tag: "FieldRejected", field: "city" }, ctx, "en").actions),
      ["invalid_field"]
    )
  })

  it("the nudge text follows where the sale stands", () => {
    const { order } = placedOrder()
    assert.deepStrictEqual(Dialog.nudgeReply(start, order, "en"), {
      _tag: "Reply",
      key: "nudge_payment",
      params: { ref: order.id },
      language: "en"
    })
    assert.strictEqual(Dialog.nudgeReply({ ...start, stage: "collecting" }, null, "ru").key, "nudge_order")
    assert.strictEqual(Dialog.nudgeReply({ ...start, stage: "confirming" }, null, "ru").key, "nudge_order")
    assert.strictEqual(Dialog.nudgeReply({ ...start, stage: "browsing" }, null, "ru").key, "nudge_browse")
  })
})
