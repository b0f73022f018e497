import {
  ChannelAccountId,
  Conversation,
  CustomerId,
  Dialog,
  defaultShopSettings,
  OfferId,
  Order,
  OrderId,
  ProductId,
  Sku,
  TenantId,
  timestamp
} from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { executeAction, type TurnEffects, turnEnv } from "../src/turn/Execute.ts"
import type { Gathered } from "../src/turn/Gather.ts"
import { memoryStorage, ports, seed } from "./harness.ts"

const tenantId = TenantId.make("shop-execute")
const now = timestamp(1_000)

const boots: Order.LineSpec = {
  sku: Sku.make("boots-39"),
  productId: ProductId.make("p-boots"),
  title: "Chelsea boots",
  qty: 1,
  unitPrice: { amount: 12_000, currency: "USD" },
  category: "shoes",
  hasSizes: true,
  colorCount: 1,
  size: "39"
}

/** A turn's environment over memory stores, gathered by hand: the execute step alone. */
const setup = Effect.gen(function* () {
  yield* seed(tenantId)
  const conversation = yield* (yield* Conversation.ConversationRepository).getOrCreate(tenantId, {
    channel: "whatsapp",
    channelAccountId: ChannelAccountId.make("acc-wa"),
    customerId: CustomerId.make("77015550099")
  })
  const gathered: Gathered = {
    conversation,
    state: Dialog.initialDialogState,
    nlu: { intent: "unknown", language: "en", entities: {}, confidence: 0 },
    now,
    shop: { settings: defaultShopSettings, name: "Demo Shoes" },
    customerName: undefined,
    context: () => {
      throw new Error("the execute step does not read the dialog context")
    },
    order: null
  }
  const env = yield* turnEnv(gathered, "msg_1")
  const fx: TurnEffects = { messages: [], commands: [], order: null }
  return { env, fx, run: (action: Dialog.DialogAction) => executeAction(env, fx, action) }
})

const world = ports(memoryStorage, { urls: {} })

describe("the execute step: one action → its effects and outcome", () => {
  it.effect("AddLineToDraft drafts the turn's order once, attaches it, and adds each line", () =>
    Effect.gen(function* () {
      const { fx, run } = yield* setup
      assert.isNull(yield* run({ _tag: "AddLineToDraft", line: boots }))
      assert.isNull(yield* run({ _tag: "AddLineToDraft", line: { ...boots, sku: Sku.make("boots-40"), size: "40" } }))
      assert.strictEqual(fx.order?.id, "ord_msg_1")
      assert.deepStrictEqual(
        fx.order?.lines.map((l) => l.sku),
        ["boots-39", "boots-40"]
      )
      assert.deepStrictEqual(fx.commands, [{ _tag: "AttachOrder", orderId: OrderId.make("ord_msg_1"), at: now }])
      const stored = yield* (yield* Order.OrderRepository).get(tenantId, OrderId.make("ord_msg_1"))
      assert.strictEqual(stored.lines.length, 2)
    }).pipe(Effect.provide(world))
  )

  it.effect("PlaceOrder with fields missing comes back as PlaceFailed; CancelOrder cancels and finishes it", () =>
    Effect.gen(function* () {
      const { fx, run } = yield* setup
      assert.isNull(yield* run({ _tag: "PlaceOrder" }))
      yield* run({ _tag: "AddLineToDraft", line: boots })
      const placed = yield* run({ _tag: "PlaceOrder" })
      assert.strictEqual(placed?._tag, "PlaceFailed")
      const cancelled = yield* run({ _tag: "CancelOrder", reason: "customer" })
      assert.strictEqual(cancelled?._tag, "OrderCancelled")
      assert.strictEqual(fx.order?.status, "cancelled")
      assert.deepStrictEqual(
        fx.commands.map((c) => c._tag),
        ["AttachOrder", "FinishOrder"]
      )
    }).pipe(Effect.provide(world))
  )

  it.effect("Reply, Photos and QuickReplies become messages; Handoff and OptOut conversation commands", () =>
    Effect.gen(function* () {
      const { fx, run } = yield* setup
      yield* run({ _tag: "Photos", urls: ["https://cdn.example/boots.jpg"] })
      yield* run({ _tag: "Reply", key: "ask_city", params: {}, language: "en" })
      yield* run({ _tag: "QuickReplies", options: ["Almaty", "Astana"] })
      assert.strictEqual(fx.messages[0]?._tag, "Image")
      const buttons = fx.messages[1]
      assert.strictEqual(buttons?._tag, "Buttons")
      if (buttons?._tag === "Buttons") {
        assert.strictEqual(
          buttons.text,
          Dialog.renderReply({ _tag: "Reply", key: "ask_city", params: {}, language: "en" }).text
        )
        assert.deepStrictEqual(
          buttons.buttons.map((b) => b.title),
          ["Almaty", "Astana"]
        )
      }
      assert.isNull(yield* run({ _tag: "Handoff", by: "customer" }))
      assert.isNull(yield* run({ _tag: "OptOut" }))
      assert.deepStrictEqual(fx.commands, [
        { _tag: "HandoffOn", by: "customer", at: now },
        { _tag: "OptOut", at: now }
      ])
    }).pipe(Effect.provide(world))
  )

  it.effect("ClaimOffer on an offer that does not exist is a ClaimFailed outcome, not a silent drop", () =>
    Effect.gen(function* () {
      const { run } = yield* setup
      const outcome = yield* run({ _tag: "ClaimOffer", offerId: OfferId.make("no-such-offer"), qty: 1 })
      assert.strictEqual(outcome?._tag, "ClaimFailed")
    }).pipe(Effect.provide(world))
  )
})
