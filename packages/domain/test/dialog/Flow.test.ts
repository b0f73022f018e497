import { assert, describe, it } from "@effect/vitest"
import { Dialog, Money, Order } from "@chatshop/domain"
import { bag, boots, context, keys, nlu, now, offer, replies, searchFor, texts, view } from "./fixtures.ts"
import { say, session } from "./session.ts"

const actionTags = (actions: ReadonlyArray<Dialog.DialogAction>) => actions.map((a) => a._tag)

describe("dialog flow (SPEC §3.8)", () => {
  it("a shoe sale: search → card → choose → city → size → phone → delivery → address → summary → place", () => {
    const s = session()
    const found = say(s, nlu("search", { query: "boots" }))
    assert.deepStrictEqual(keys(found), ["product", "sizes_in_stock", "ask_take"])
    assert.include(texts(found), "$120.00")
    assert.include(texts(found), "38, 39")
    assert.notInclude(texts(found), "40")
    assert.deepStrictEqual(
      found.find((a) => a._tag === "Photos"),
      {
        _tag: "Photos",
        urls: ["https://cdn.example/p-boots-1.jpg", "https://cdn.example/p-boots-2.jpg"]
      }
    )
    assert.strictEqual(s.state.focus, boots.id)

    const chosen = say(s, nlu("choose_product"))
    assert.deepStrictEqual(keys(chosen), ["added", "ask_city"])
    const line = chosen.find((a) => a._tag === "AddLineToDraft")
    assert.strictEqual(line?._tag === "AddLineToDraft" ? line.line.colorCount : -1, 1)
    assert.strictEqual(s.state.expecting, "city")

    const city = say(s, nlu("provide_field", { city: "Almaty" }))
    assert.deepStrictEqual(keys(city), ["ask_size"])
    assert.deepStrictEqual(
      city.find((a) => a._tag === "QuickReplies"),
      { _tag: "QuickReplies", options: ["38", "39"] }
    )
    const size = say(s, nlu("provide_field", { size: "39" }))
    // One colour only: the colour is never asked.
    assert.deepStrictEqual(keys(size), ["ask_phone"])
    assert.strictEqual(s.order?.lines[0]?.sku, "boots-39")
    say(s, nlu("provide_field", { phone: "+7 701 234 56 78" }))
    assert.strictEqual(s.state.expecting, "delivery")
    const delivery = say(s, nlu("provide_field", { delivery: "delivery" }))
    assert.deepStrictEqual(keys(delivery), ["ask_address"])
    const address = say(s, nlu("provide_field", { address: "Abay ave 10, apt 5" }))
    assert.deepStrictEqual(keys(address), ["summary_line", "summary_delivery", "confirm_prompt"])
    assert.include(texts(address), "Total: $120.00. Delivery to Almaty, Abay ave 10, apt 5. Phone: +7 701 234 56 78.")
    assert.strictEqual(s.state.stage, "confirming")

    const placed = say(s, nlu("confirm"))
    assert.includeMembers(actionTags(placed), ["PlaceOrder"])
    assert.deepStrictEqual(keys(placed), ["order_placed", "payment_instructions"])
    assert.include(texts(placed), "Please pay $120.00 to Kaspi +7 701 000 00 00 (Aigerim)")
    assert.strictEqual(s.order?.status, "placed")
    assert.strictEqual(s.state.stage, "awaiting_payment")

    const shot = say(s, nlu("payment_sent"), { attachments: [{ url: "https://cdn.example/receipt.jpg" }] })
    assert.deepStrictEqual(shot, [
      { _tag: "SubmitPaymentEvidence", images: [{ url: "https://cdn.example/receipt.jpg" }] }
    ])
  })

  it("a bag in several colours asks the colour, not a size; a sold-out colour is refused with what is left", () => {
    const s = session()
    say(s, nlu("search", { query: "flap bag" }))
    say(s, nlu("choose_product"))
    say(s, nlu("provide_field", { city: "Astana" }))
    assert.strictEqual(s.state.expecting, "color")
    const red = say(s, nlu("provide_field", { color: "red" }))
    assert.deepStrictEqual(keys(red), ["option_out_of_stock"])
    assert.include(texts(red), "Black, White")
    const black = say(s, nlu("provide_field", { color: "black" }))
    assert.deepStrictEqual(keys(black), ["ask_phone"])
    assert.strictEqual(s.order?.lines[0]?.sku, "flap-black")
    say(s, nlu("provide_field", { phone: "+77010000000" }))
    const pickup = say(s, nlu("provide_field", { delivery: "pickup" }))
    assert.deepStrictEqual(keys(pickup), ["summary_line", "summary_pickup", "confirm_prompt"])
    assert.include(texts(pickup), "Classic flap bag, Black × 1 — $2,500.00")
  })

  it("several results are listed with prices and photos; the customer picks by number", () => {
    const s = session()
    const listed = say(s, nlu("search", { query: "shoes" }))
    assert.strictEqual(keys(listed)[0], "search_intro")
    assert.lengthOf(s.state.shown, 2)
    assert.strictEqual(s.state.expecting, "choice")
    const picked = say(s, nlu("choose_product", { choice: 1, size: "41", color: "black" }))
    const add = picked.find((a) => a._tag === "AddLineToDraft")
    assert.strictEqual(add?._tag === "AddLineToDraft" ? add.line.sku : "", "am-41-black")
    assert.include(texts(picked), "$109.00")
  })

  it("answers availability of a size and colour with the variant's own stock", () => {
    const s = session()
    say(s, nlu("search", { query: "air max" }))
    const yes = say(s, nlu("ask_availability", { size: "42", color: "black" }))
    assert.deepStrictEqual(keys(yes), ["product", "option_in_stock", "ask_take"])
    assert.include(texts(yes), "1 left, $109.00")
    const no = say(s, nlu("ask_availability", { size: "42", color: "white" }))
    assert.deepStrictEqual(keys(no), ["product", "option_out_of_stock"])
    const none = say(s, nlu("ask_availability", { size: "45" }))
    assert.deepStrictEqual(keys(none), ["size_not_offered"])
    assert.include(texts(none), "41, 42")
  })

  it("replies in Russian when the customer writes Russian", () => {
    const s = session()
    const found = say(s, nlu("search", { query: "сумка" }, "ru"))
    assert.include(texts(found), "Classic flap bag — 2 500.00 $".replace("2 500.00 $", "$2,500.00"))
    assert.include(texts(found), "Цвета в наличии: Black, White.")
    assert.include(texts(say(s, nlu("greeting", {}, "ru"))), "Здравствуйте")
  })

  it("a product priced per colour is quoted 'from' its lowest price in stock", () => {
    const s = session()
    const card = say(s, nlu("search", { query: "air max" }))
    assert.deepStrictEqual(keys(card), ["product_from", "sizes_in_stock", "colours_in_stock", "ask_take"])
    assert.include(texts(card), "Air Max 90 — from $99.00.")
    const ru = say(s, nlu("ask_price", { color: "black" }, "ru"))
    assert.include(texts(ru), "Air Max 90 — $109.00.")
  })

  it("nothing found, then a product card for the focus on a bare size", () => {
    const s = session()
    assert.deepStrictEqual(keys(say(s, nlu("search", { query: "zzzz" }))), ["nothing_found"])
    say(s, nlu("search", { query: "boots" }))
    assert.deepStrictEqual(keys(say(s, nlu("provide_field", { size: "38" }))), [
      "product",
      "option_in_stock",
      "ask_take"
    ])
  })

  it("confirm at the summary places; 'no' asks what to change; cancel cancels the draft", () => {
    const s = session()
    say(s, nlu("search", { query: "boots" }))
    say(s, nlu("choose_product", { size: "38" }))
    say(s, nlu("provide_field", { city: "Almaty", phone: "+7 701 111 22 33", delivery: "pickup" }))
    assert.strictEqual(s.state.stage, "confirming")
    assert.deepStrictEqual(keys(say(s, nlu("cancel", { topic: "decline" }))), ["what_to_change"])
    const cancelled = say(s, nlu("cancel"))
    assert.includeMembers(actionTags(cancelled), ["CancelOrder"])
    assert.deepStrictEqual(keys(cancelled), ["order_cancelled"])
    assert.strictEqual(s.order?.status, "cancelled")
    assert.deepStrictEqual(keys(say(s, nlu("cancel"))), ["nothing_to_cancel"])
  })

  it("'yes, I'll take it' at the summary places the order instead of adding the product again", () => {
    const s = session()
    say(s, nlu("search", { query: "chelsea boots" }))
    say(s, nlu("choose_product", { size: "38" }))
    say(s, nlu("provide_field", { city: "Almaty", phone: "+7 701 111 22 33", delivery: "pickup" }))
    const placed = say(s, nlu("choose_product", {}, "ru"))
    assert.includeMembers(actionTags(placed), ["PlaceOrder"])
    assert.strictEqual(s.order?.lines.length, 1)
    assert.include(texts(placed), "оформлен")
  })

  it("one message with the product and the order fields goes straight to the remaining question", () => {
    const s = session()
    const fields = {
      query: "flap bag",
      color: "black",
      city: "Almaty",
      phone: "+77011234567",
      delivery: "delivery" as const
    }
    const out = say(s, nlu("choose_product", fields))
    assert.deepStrictEqual(keys(out), ["added", "ask_address"])
    assert.deepStrictEqual(
      out.filter((a) => a._tag === "SetOrderField").map((a) => (a._tag === "SetOrderField" ? a.field : "")),
      ["city", "phone", "delivery"]
    )
    assert.strictEqual(s.order?.lines[0]?.sku, "flap-black")
  })

  it("the size asked about is kept when the customer then takes the product", () => {
    const s = session()
    say(s, nlu("search", { query: "chelsea boots" }))
    say(s, nlu("ask_availability", { size: "39" }))
    assert.deepStrictEqual(s.state.picked, { size: "39" })
    const take = say(s, nlu("choose_product"))
    assert.deepStrictEqual(keys(take), ["added", "ask_city"])
    assert.strictEqual(s.order?.lines[0]?.size, "39")
    say(s, nlu("search", { query: "flap bag" }))
    assert.deepStrictEqual(s.state.picked, {})
  })

  it("a second product goes on the same draft; the summary lists both and totals them", () => {
    const s = session()
    say(s, nlu("search", { query: "boots" }))
    say(s, nlu("choose_product", { size: "38", quantity: 2 }))
    say(s, nlu("search", { query: "flap bag" }))
    say(s, nlu("choose_product", { color: "white" }))
    say(s, nlu("provide_field", { city: "Almaty", phone: "+7 701 111 22 33" }))
    const summary = say(s, nlu("provide_field", { delivery: "pickup" }))
    assert.deepStrictEqual(keys(summary), ["summary_line", "summary_line", "summary_pickup", "confirm_prompt"])
    assert.include(texts(summary), "Total: $2,740.00")
    assert.strictEqual(Order.total(s.order!).amount, 274_000)
  })

  it("greets with the active offers and claims the one picked", () => {
    const s = session()
    const hi = say(s, nlu("greeting"), { offers: [offer] })
    assert.deepStrictEqual(keys(hi), ["greeting", "offers_intro", "offer_item", "choose_prompt"])
    assert.include(texts(hi), "1. Surprise pastry box — $4.99 (was $15.00), 3 left")
    const claim = say(s, nlu("choose_product", { choice: 1, quantity: 2 }), { offers: [offer] })
    assert.deepStrictEqual(claim, [{ _tag: "ClaimOffer", offerId: offer.id, qty: 2 }])
    const ctx = context({ offers: [offer] })
    const done = Dialog.onOutcome(s.state, { _tag: "OfferClaimed", offer, qty: 2 }, ctx, "en")
    assert.include(texts(done.actions), "Reserved 2 × Surprise pastry box — $9.98, pay at pickup.")
    assert.deepStrictEqual(keys(Dialog.onOutcome(s.state, { _tag: "ClaimFailed", reason: "x" }, ctx, "en").actions), [
      "offer_unavailable"
    ])
    assert.deepStrictEqual(keys(say(s, nlu("search", { query: "deals" }), { offers: [offer] })).slice(0, 1), [
      "offers_intro"
    ])
  })

  it("plan asks for a search only on browsing intents, and for the focus, shown and draft products", () => {
    assert.deepStrictEqual(Dialog.plan(Dialog.initialDialogState, nlu("search", { query: "boots" })), {
      search: "boots",
      products: []
    })
    assert.strictEqual(Dialog.plan(Dialog.initialDialogState, nlu("provide_field", { query: "x" })).search, null)
    const state = {
      ...Dialog.initialDialogState,
      focus: boots.id,
      shown: [
        { kind: "product" as const, id: bag.id },
        { kind: "offer" as const, id: "deal-1" }
      ],
      draftProducts: [boots.id]
    }
    assert.deepStrictEqual(Dialog.plan(state, nlu("choose_product", { productRef: "flap" })), {
      search: "flap",
      products: [boots.id, bag.id]
    })
  })

  it("prices quoted are the context's: a variant override is what the customer sees", () => {
    const results = searchFor("air max black 41")
    const ctx = context({ search: results, products: [view(results[0]!.product)] })
    const out = Dialog.decide(Dialog.initialDialogState, nlu("ask_price", { query: "air max", color: "black" }), ctx)
    const money = replies(out.actions).flatMap((r) => Object.values(r.params).filter((p) => typeof p === "object"))
    assert.deepStrictEqual(money, [Money.make(10_900, "USD"), Money.make(10_900, "USD")])
    assert.isAbove(now, 0)
  })
})
