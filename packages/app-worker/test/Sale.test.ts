import { ChannelMocks } from "@chatshop/adapters/channels"
import * as Postgres from "@chatshop/adapters/postgres"
import { Conversation, Inventory, Order, Sku, TenantId } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TurnStore } from "../src/TurnStore.ts"
import { bootsSale } from "./SaleScript.ts"
import { customerChat, memoryStorage, seed, whatsappTexts, type WorldOptions, world } from "./harness.ts"

const tenantId = TenantId.make("shop-sale")
const customer = "77015550001"
const receipt = { url: "https://cdn.example/receipt-1.jpg" }

const options = (whatsapp: string, turns: WorldOptions["turns"]): WorldOptions => ({
  urls: { whatsapp },
  worker: { schedulers: false },
  ...(turns === undefined ? {} : { turns })
})

// The same sale on memory stores and on PGlite (embedded mode's storage, with the SQL turn store).
const backends = [
  { name: "memory", storage: memoryStorage, turns: undefined },
  { name: "PGlite", storage: Postgres.layerPglite({ memory: true }), turns: TurnStore.layerSql }
] as const

describe.each(backends)("a whole sale inside the worker on $name (SPEC §3.8, issue 5 acceptance 1)", (backend) => {
  it.live(
    "English on WhatsApp with the offline NLU: size asked, colour not, address last, held, review → paid",
    () =>
      Effect.gen(function* () {
        const wa = yield* ChannelMocks.mockPlatform(ChannelMocks.whatsapp)
        yield* Effect.gen(function* () {
          yield* seed(tenantId, { burstDebounceMs: 10 })
          const { say, screenshot } = customerChat(tenantId, customer, () => whatsappTexts(wa.requests, customer))

          const { placed } = yield* bootsSale(say)

          const orders = yield* Order.OrderRepository
          const [order] = yield* orders.list(tenantId, {})
          assert.strictEqual(order?.status, "placed")
          assert.strictEqual(order?.lines[0]?.sku, "boots-39")
          const ledger = yield* Inventory.StockLedger
          const held = yield* ledger.movements(tenantId, Sku.make("boots-39"))
          assert.isTrue(held.some((m) => m.kind === "reserve"))

          assert.include(placed, "$120.00")
          const review = yield* screenshot(receipt)
          assert.match(review, /check|review/i)
          assert.strictEqual((yield* orders.get(tenantId, order!.id)).status, "payment_review")
          const service = yield* Order.Orders
          yield* service.approve(tenantId, order!.id, "staff")
          const paid = yield* orders.get(tenantId, order!.id)
          assert.strictEqual(paid.status, "paid")
          const movements = yield* ledger.movements(tenantId, Sku.make("boots-39"))
          assert.isTrue(movements.some((m) => m.kind === "commit"))

          const conversations = yield* Conversation.ConversationRepository
          const [conversation] = yield* conversations.list(tenantId, {})
          assert.strictEqual(conversation?.owner, "bot")
        }).pipe(Effect.provide(world(backend.storage, options(wa.url, backend.turns))))
      }),
    // PGlite runs every query on one connection: a whole sale takes tens of seconds on a busy machine.
    120_000
  )
})
