import { assert, describe } from "@effect/vitest"
import { Schema } from "effect"
import * as fc from "fast-check"
import {
  Catalog,
  Dialog,
  type Inbound,
  intents,
  type NluEntities,
  type NluResult,
  Offer,
  Order,
  type Sku
} from "@chatshop/domain"
import { property } from "@chatshop/domain/testing"
import { applyActions, catalog, context, offer, replies, view } from "./fixtures.ts"

const skus = catalog.flatMap((p) => p.variants.map((v) => v.sku))

const levels: fc.Arbitrary<ReadonlyMap<Sku, number>> = fc
  .array(fc.integer({ min: 0, max: 4 }), { minLength: skus.length, maxLength: skus.length })
  .map((ns) => new Map(skus.map((sku, i) => [sku, ns[i]!])))

const entities: fc.Arbitrary<NluEntities> = fc.record(
  {
    query: fc.constantFrom("boots", "air max", "flap bag", "shoes", "zzz", "deals", "chelsea boots"),
    choice: fc.integer({ min: 1, max: 4 }),
    size: fc.constantFrom("38", "39", "40", "41", "42", "45", "M"),
    color: fc.constantFrom("black", "white", "red", "blue"),
    quantity: fc.integer({ min: 1, max: 3 }),
    city: fc.constantFrom("Almaty", "Москва"),
    phone: fc.constantFrom("+7 701 234 56 78", "12"),
    address: fc.constantFrom("Abay ave 10", "ул. Абая 5"),
    delivery: fc.constantFrom("delivery" as const, "pickup" as const),
    topic: fc.constantFrom("decline", "delivery", "hours", "returns", "payment", "other")
  },
  { requiredKeys: [] }
)

const nluResult: fc.Arbitrary<NluResult> = fc.record({
  intent: fc.constantFrom(...intents),
  language: fc.constantFrom("en" as const, "ru" as const),
  entities,
  confidence: fc.constant(0.9)
})

const withOffers = fc.boolean().map((on) => (on ? [offer] : []))
const attachments = fc.constantFrom([], [], [{ url: "https://cdn.example/shot.jpg" }])
const turns = fc.array(fc.tuple(nluResult, levels, withOffers, attachments), { minLength: 1, maxLength: 14 })

const moneyKey = (m: { amount: number; currency: string }) => `${m.amount} ${m.currency}`

/** Every price a turn may quote: catalog and offer prices (× 1…10), and order totals derived from them. */
const allowedMoney = (ctx: Dialog.DialogContext, after: Order.Order | null): ReadonlySet<string> => {
  const prices: Array<{ amount: number; currency: string }> = []
  for (const v of [...ctx.search, ...ctx.products]) for (const variant of v.variants) prices.push(variant.price)
  for (const o of ctx.offers) {
    prices.push(o.price)
    if (o.originalPrice !== undefined) prices.push(o.originalPrice)
  }
  const allowed = new Set<string>()
  for (const p of prices)
    for (let q = 1; q <= 10; q++) allowed.add(moneyKey({ amount: p.amount * q, currency: p.currency }))
  for (const order of [ctx.order, after]) if (order !== null) allowed.add(moneyKey(Order.total(order)))
  return allowed
}

const allowedStock = (ctx: Dialog.DialogContext): ReadonlySet<number> =>
  new Set([
    ...[...ctx.search, ...ctx.products].flatMap((v) => v.variants.map((x) => x.available)),
    ...ctx.offers.map(Offer.remaining)
  ])

/** Drive random turns through plan → decide → (simulated) Orders, checking each turn with `check`. */
const drive = (
  script: ReadonlyArray<
    readonly [NluResult, ReadonlyMap<Sku, number>, ReadonlyArray<Offer.Offer>, ReadonlyArray<Inbound.InboundImage>]
  >,
  check: (ctx: Dialog.DialogContext, decision: Dialog.Decision, after: Order.Order | null) => void
) => {
  let state = Dialog.initialDialogState
  let order: Order.Order | null = null
  for (const [nlu, stock, offers, shots] of script) {
    const needs = Dialog.plan(state, nlu)
    const search = needs.search === null ? [] : Catalog.search(catalog, stock, needs.search)
    const ctx = context({
      search,
      products: catalog.map((p) => view(p, stock)),
      order,
      offers,
      attachments: shots
    })
    const decision = Dialog.decide(state, nlu, ctx)
    let after: Order.Order | null
    try {
      after = applyActions(order, decision.actions)
    } catch {
      // An action the Orders service refuses (e.g. placing short stock) leaves the order as it was.
      after = order
    }
    check(ctx, decision, after)
    state = decision.state
    order = after
  }
}

describe("dialog properties", () => {
  property(
    "dialog-quotes-context: every price and stock figure in a reply comes from the context",
    [turns],
    (script) => {
      drive(script, (ctx, decision, after) => {
        const money = allowedMoney(ctx, after)
        const stock = allowedStock(ctx)
        for (const reply of replies(decision.actions)) {
          for (const [name, value] of Object.entries(reply.params)) {
            if (typeof value === "object")
              assert.isTrue(money.has(moneyKey(value)), `${reply.key}.${name} = ${moneyKey(value)}`)
            if (name === "stock" && typeof value === "number")
              assert.isTrue(stock.has(value), `${reply.key} stock ${value}`)
          }
        }
      })
    },
    300
  )

  property(
    "dialog-asks-in-order: a question about an order field is the next question, so the address comes last",
    [turns],
    (script) => {
      drive(script, (_ctx, decision, after) => {
        for (const reply of replies(decision.actions)) {
          const field = /^ask_(city|size|color|phone|address)$/.exec(reply.key)?.[1]
          if (field === undefined) continue
          assert.isNotNull(after)
          const missing = Order.missingFields(after!)
          assert.strictEqual(missing[0]?.field, field)
          if (field === "address")
            assert.deepStrictEqual(
              missing.map((f) => f.field),
              ["address"]
            )
        }
      })
    },
    300
  )

  property(
    "dialog-language: every reply is a known template in the customer's language; actions decode",
    [turns],
    (script) => {
      const isAction = Schema.is(Dialog.DialogAction)
      const isState = Schema.is(Dialog.DialogState)
      let index = 0
      drive(script, (_ctx, decision) => {
        const language = script[index++]![0].language
        for (const reply of replies(decision.actions)) {
          assert.strictEqual(reply.language, language)
          assert.isTrue(Dialog.isTemplateKey(reply.key), reply.key)
        }
        for (const action of decision.actions) assert.isTrue(isAction(action), JSON.stringify(action))
        assert.isTrue(isState(decision.state))
      })
    },
    200
  )

  property(
    "dialog-human-silent: a human-owned conversation yields no bot actions, whatever the turn",
    [nluResult, levels, withOffers, attachments],
    (nlu, stock, offers, shots) => {
      const ctx = context({ owner: "human", products: catalog.map((p) => view(p, stock)), offers, attachments: shots })
      const state = { ...Dialog.initialDialogState, stage: "collecting" as const, misses: 1 }
      assert.deepStrictEqual(Dialog.decide(state, nlu, ctx), { state, actions: [] })
      assert.deepStrictEqual(Dialog.onOutcome(state, { _tag: "ClaimFailed", reason: "x" }, ctx, nlu.language), {
        state,
        actions: []
      })
    },
    300
  )

  property(
    "dialog-unknown-twice: two unknown turns in a row hand off; anything understood in between resets",
    [fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }), nluResult],
    (pattern, understood) => {
      fc.pre(understood.intent !== "unknown")
      let state = Dialog.initialDialogState
      let streak = 0
      for (const unknown of pattern) {
        const nlu = unknown ? { ...understood, intent: "unknown" as const, entities: {} } : understood
        const decision = Dialog.decide(state, nlu, context())
        streak = unknown ? streak + 1 : 0
        const handoffs = decision.actions.filter((a) => a._tag === "Handoff" && a.by === "nlu")
        assert.strictEqual(handoffs.length, unknown && streak === 2 ? 1 : 0)
        if (streak === 2) streak = 0
        assert.strictEqual(decision.state.misses, streak)
        state = decision.state
      }
    },
    300
  )
})
