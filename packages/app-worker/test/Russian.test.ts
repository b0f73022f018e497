import { ChannelMocks } from "@chatshop/adapters/channels"
import { Inventory, Order, Sku, TenantId } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { customerChat, memoryStorage, seed, telegramTexts, world } from "./harness.ts"

const tenantId = TenantId.make("shop-ru")
const chat = "7001"

describe("a Russian sale on Telegram with the offline NLU (issue 5 acceptance 1)", () => {
  it.live("поиск → размер → город → телефон → самовывоз → подтверждение → заказ с резервом", () =>
    Effect.gen(function* () {
      const tg = yield* ChannelMocks.mockPlatform(ChannelMocks.telegram)
      yield* Effect.gen(function* () {
        yield* seed(tenantId, { burstDebounceMs: 10 })
        const { say } = customerChat(tenantId, chat, () => telegramTexts(tg.requests, chat), "telegram")
        assert.include(yield* say("Здравствуйте"), "Добро пожаловать в Demo Shoes")
        const found = yield* say("Есть ботинки челси?")
        assert.include(found, "$120.00")
        assert.include(found, "Размеры в наличии: 38, 39, 40")
        assert.include(yield* say("да, беру"), "В каком вы городе?")
        assert.include(yield* say("Алматы"), "Какой размер")
        // Telegram tells us no phone number: it is asked (after the size; a single colour never is).
        assert.include(yield* say("39"), "номер телефона")
        assert.include(yield* say("+7 701 555 00 01"), "Доставка или самовывоз?")
        const summary = yield* say("самовывоз")
        assert.include(summary, "Самовывоз, Алматы")
        assert.notInclude(summary, "адрес", "no address for a pickup")
        assert.include(yield* say("да"), "оформлен")
        const [order] = yield* (yield* Order.OrderRepository).list(tenantId, {})
        assert.strictEqual(order?.status, "placed")
        assert.strictEqual(order?.lines[0]?.sku, "boots-39")
        const level = yield* (yield* Inventory.StockLedger).level(tenantId, Sku.make("boots-39"))
        assert.deepStrictEqual([level.reserved, level.available], [1, 2])
      }).pipe(Effect.provide(world(memoryStorage, { urls: { telegram: tg.url }, worker: { schedulers: false } })))
    })
  )
})
