// The two sales of issue 5 acceptance 1, as a customer types them, asserted on what the customer sees
// at the mock platform and on what the merchant sees through the admin API. `baseUrl` picks the
// server each webhook goes to (production tests alternate between two).
import { assert } from "vitest"
import {
  customer,
  eventually,
  type Platforms,
  type Shop,
  telegramTexts,
  telegramWebhook,
  whatsappTexts,
  whatsappWebhook
} from "./harness.ts"

interface OrderJson {
  readonly id: string
  readonly status: string
  readonly lines: ReadonlyArray<{ readonly sku: string; readonly qty: number }>
}
interface LevelJson {
  readonly onHand: number
  readonly reserved: number
  readonly available: number
}

const ordersOf = (shop: Shop, customerId: string) =>
  shop.api
    .get<ReadonlyArray<OrderJson & { customer: { customerId: string } }>>("/api/v1/orders")
    .then((orders) => orders.filter((o) => o.customer.customerId === customerId))

/**
 * English on WhatsApp with the offline NLU: size asked, colour not (one colour), address last;
 * placed with stock held; a payment screenshot → payment_review; staff approves → paid, committed.
 */
export const englishWhatsAppSale = async (baseUrl: () => string, shop: Shop, platforms: Platforms) => {
  const phone = `7701${String(Math.floor(Math.random() * 10_000_000)).padStart(7, "0")}`
  const buyer = customer(
    shop,
    phone,
    (text) => whatsappWebhook(baseUrl(), shop, phone, { type: "text", text: { body: text } }),
    () =>
      whatsappWebhook(baseUrl(), shop, phone, {
        type: "image",
        image: { id: `media-${phone}`, mime_type: "image/jpeg", sha256: "c2hhMjU2", caption: "paid" }
      }),
    () => whatsappTexts(platforms.whatsapp, phone)
  )
  assert.match(await buyer.say("Hi"), /Demo Shoes|hello|hi/i)
  const found = await buyer.say("Do you have chelsea boots?")
  assert.include(found, "$120.00")
  assert.include(found, "38, 39, 40")
  assert.match(await buyer.say("yes, I'll take them"), /city/i)
  const city = await buyer.say("Almaty")
  assert.match(city, /size/i)
  assert.notMatch(city, /colou?r/i)
  const size = await buyer.say("39")
  assert.notMatch(size, /colou?r/i)
  assert.notMatch(size, /address/i, "the address is asked last")
  assert.match(await buyer.say("delivery please"), /address/i)
  const summary = await buyer.say("Abay avenue 10, apt 5")
  assert.include(summary, "$120.00")
  assert.include(summary, "Abay avenue 10, apt 5")
  const placed = await buyer.say("yes")
  assert.match(placed, /order/i)

  const [order] = await ordersOf(shop, phone)
  assert.strictEqual(order?.status, "placed")
  assert.strictEqual(order?.lines[0]?.sku, "boots-39")
  const held = await shop.api.get<LevelJson>("/api/v1/inventory/boots-39")
  assert.deepStrictEqual([held.onHand, held.reserved], [3, 1])

  assert.match(await buyer.sendScreenshot(), /check|review/i)
  await eventually("payment_review", async () =>
    (await shop.api.get<OrderJson>(`/api/v1/orders/${order!.id}`)).status === "payment_review" ? true : undefined
  )
  const paid = await shop.api.post<OrderJson>(`/api/v1/orders/${order!.id}/payment/approve`)
  assert.strictEqual(paid.status, "paid")
  const committed = await shop.api.get<LevelJson>("/api/v1/inventory/boots-39")
  assert.deepStrictEqual([committed.onHand, committed.reserved], [2, 0])
}

/** Russian on Telegram with the offline NLU: the phone is asked (Telegram gives none), pickup, placed. */
export const russianTelegramSale = async (baseUrl: () => string, shop: Shop, platforms: Platforms) => {
  const chat = 500_000_000 + Math.floor(Math.random() * 100_000_000)
  const buyer = customer(
    shop,
    String(chat),
    (text) => telegramWebhook(baseUrl(), shop, chat, text),
    undefined,
    () => telegramTexts(platforms.telegram, chat)
  )
  assert.include(await buyer.say("Здравствуйте"), "Добро пожаловать в Demo Shoes")
  const found = await buyer.say("Есть ботинки челси?")
  assert.include(found, "$120.00")
  assert.include(found, "Размеры в наличии: 38, 39, 40")
  assert.include(await buyer.say("да, беру"), "В каком вы городе?")
  assert.include(await buyer.say("Алматы"), "Какой размер")
  assert.include(await buyer.say("40"), "номер телефона")
  assert.include(await buyer.say("+7 701 555 00 01"), "Доставка или самовывоз?")
  const summary = await buyer.say("самовывоз")
  assert.include(summary, "Самовывоз, Алматы")
  assert.notInclude(summary, "адрес", "no address for a pickup")
  assert.include(await buyer.say("да"), "оформлен")

  const [order] = await ordersOf(shop, String(chat))
  assert.strictEqual(order?.status, "placed")
  assert.strictEqual(order?.lines[0]?.sku, "boots-40")
  const held = await shop.api.get<LevelJson>("/api/v1/inventory/boots-40")
  assert.deepStrictEqual([held.reserved, held.available], [1, 2])
}
