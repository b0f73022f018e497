import { beforeAll, describe, expect, it } from "vitest"
import { boots, telegramChannel, order, type Shop, useApi } from "./api.helpers.ts"

const api = useApi()
const { call } = api
let a: Shop
// Ids of the shop's things, filled in as the tests create them.
const ids: Record<string, string> = {}

beforeAll(async () => {
  a = await api.createShop("Boot Corner")
  expect((await call(a.apiKey, "POST", "/products", boots("B-38", 5))).status).toBe(201)
  const channel = await call(a.apiKey, "POST", "/channels", telegramChannel)
  expect(channel.status).toBe(201)
  ids.channel = channel.body.id
})

describe("shop settings, payment review, key revocation, disconnecting a channel", () => {
  it("PATCH /shop changes the hold time new orders get; bad settings → 422", async () => {
    const shop = await call(a.apiKey, "PATCH", "/shop", { holdHours: 2, name: "Boot Corner 2" })
    expect(shop.status).toBe(200)
    expect(shop.body.settings.holdHours).toBe(2)
    expect((await call(a.apiKey, "GET", "/shop")).body.name).toBe("Boot Corner 2")
    const placed = await call(a.apiKey, "POST", "/orders", order("B-38", 1))
    expect(Date.parse(placed.body.holdUntil) - Date.parse(placed.body.placedAt)).toBe(2 * 3_600_000)
    expect((await call(a.apiKey, "PATCH", "/shop", { timezone: "Mars/Olympus" })).status).toBe(422)
    ids.order2 = placed.body.id
  })

  it("evidence below the threshold → payment_review; reject → placed; approve → paid", async () => {
    const review = await call(a.apiKey, "POST", `/orders/${ids.order2}/payment`, { payer: "Ann" })
    expect(review.body.status).toBe("payment_review")
    expect(
      (await call(a.apiKey, "POST", `/orders/${ids.order2}/payment/reject`, { reason: "unreadable" })).body.status
    ).toBe("placed")
    await call(a.apiKey, "POST", `/orders/${ids.order2}/payment`, { payer: "Ann", reference: "TX-77" })
    const approved = await call(a.apiKey, "POST", `/orders/${ids.order2}/payment/approve`)
    expect(approved.body.status).toBe("paid")
    expect((await call(a.apiKey, "POST", `/orders/${ids.order2}/fulfil`)).body.status).toBe("fulfilled")
  })

  it("payment recipients from PATCH /shop: evidence naming one, with the total and a fresh reference → paid", async () => {
    const recipients = ["Boot Corner", "+7 701 000 00 00"]
    const shop = await call(a.apiKey, "PATCH", "/shop", { paymentRecipients: recipients, paymentDetails: "Kaspi" })
    expect(shop.body.settings.paymentRecipients).toEqual(recipients)
    const evidence = (id: string, recipient: string, reference: string) =>
      call(a.apiKey, "POST", `/orders/${id}/payment`, {
        amount: { amount: "59.90", currency: "USD" },
        recipient,
        reference,
        date: new Date().toISOString()
      })
    const first = await call(a.apiKey, "POST", "/orders", order("B-38", 1))
    expect((await evidence(first.body.id, "Someone Else", "TX-901")).body.status).toBe("payment_review")
    const second = await call(a.apiKey, "POST", "/orders", order("B-38", 1))
    expect((await evidence(second.body.id, "Boot Corner", "TX-902")).body.status).toBe("paid")
  })

  it("a revoked key answers 401", async () => {
    const extra = await call(a.apiKey, "POST", "/keys", { role: "staff" })
    expect((await call(extra.body.apiKey, "GET", "/orders")).status).toBe(200)
    expect((await call(a.apiKey, "POST", `/keys/${extra.body.id}/revoke`)).status).toBe(200)
    expect((await call(extra.body.apiKey, "GET", "/orders")).status).toBe(401)
  })

  it("PATCH managers; DELETE disconnects: the channel's webhook then answers 404", async () => {
    const patched = await call(a.apiKey, "PATCH", `/channels/${ids.channel}`, { managers: ["42", "43"] })
    expect(patched.body.managers).toEqual(["42", "43"])
    const signed = { "content-type": "application/json", "x-telegram-bot-api-secret-token": "s3cret" }
    const update = JSON.stringify({
      update_id: 1,
      message: { message_id: 1, date: 1, chat: { id: 5, type: "private" }, text: "hi" }
    })
    const before = await api.h.app.request(`/webhooks/telegram/${ids.channel}`, {
      method: "POST",
      headers: signed,
      body: update
    })
    expect(before.status).toBe(200)
    expect((await call(a.apiKey, "DELETE", `/channels/${ids.channel}`)).status).toBe(204)
    const after = await api.h.app.request(`/webhooks/telegram/${ids.channel}`, {
      method: "POST",
      headers: signed,
      body: update
    })
    expect(after.status).toBe(404)
  })
})
