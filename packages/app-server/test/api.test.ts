import { ChannelAccountId, Conversation, CustomerId, type TenantId } from "@chatshop/domain"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ADMIN, apiCall, makeHarness } from "./harness.ts"

// biome-ignore lint/suspicious/noExplicitAny: response JSON under test, checked field by field
type Json = any

let h: Awaited<ReturnType<typeof makeHarness>>
type Shop = { id: TenantId; apiKey: string }
let a: Shop
let b: Shop

const call = (key: string | undefined, method: string, path: string, body?: unknown) =>
  apiCall(h.app, key, method, path, body)

const createShop = async (name: string): Promise<Shop> => {
  const r = await call(ADMIN, "POST", "/tenants", { name, currency: "USD" })
  expect(r.status).toBe(201)
  return r.body
}

const boots = (sku: string, stock = 2) => ({
  title: "Chelsea boots",
  brand: "Dr. Martens",
  category: "shoes",
  price: { amount: "59.90", currency: "USD" },
  variants: [{ sku, options: { size: "38" }, stock }]
})

const order = (sku: string, qty = 1) => ({
  customer: { name: "Ann", phone: "+15551234567" },
  lines: [{ sku, qty }],
  delivery: "pickup",
  fields: { city: "Almaty" }
})

// Ids of tenant A's things, filled in as the tests create them.
const ids: Record<string, string> = {}

beforeAll(async () => {
  h = await makeHarness()
  a = await createShop("Boot Corner")
  ids.key = (await call(a.apiKey, "GET", "/keys")).body[0].id
  b = await createShop("Bag Corner")
  const conv = await h.runtime.runPromise(
    Conversation.ConversationRepository.use((r) =>
      r.getOrCreate(a.id, {
        channel: "whatsapp",
        channelAccountId: ChannelAccountId.make("ch-x"),
        customerId: CustomerId.make("1555")
      })
    )
  )
  ids.conversation = conv.id
})
afterAll(() => h.dispose())

describe("tenants and keys", () => {
  it("POST /tenants needs the platform ADMIN_TOKEN", async () => {
    expect((await call(undefined, "POST", "/tenants", { name: "X" })).status).toBe(401)
    expect((await call(a.apiKey, "POST", "/tenants", { name: "X" })).status).toBe(401)
    const bad = await call(ADMIN, "POST", "/tenants", { name: "X", timezone: "Mars/Olympus" })
    expect(bad.status).toBe(422)
  })

  it("an unknown or missing key → 401 with the JSON error", async () => {
    const r = await call("csk_nope", "GET", "/products")
    expect(r.status).toBe(401)
    expect(r.body.error.code).toBe("unauthorized")
    expect((await call(undefined, "GET", "/orders")).status).toBe(401)
  })
})

describe("products, inventory, orders", () => {
  it("creates a product; money is a decimal string", async () => {
    const r = await call(a.apiKey, "POST", "/products", boots("B-38"))
    expect(r.status).toBe(201)
    expect(r.body.price).toEqual({ amount: "59.90", currency: "USD" })
    ids.product = r.body.id
    const search = await call(a.apiKey, "GET", "/products?query=boots")
    expect(search.status).toBe(200)
    expect(search.body.map((x: Json) => x.product.id)).toContain(ids.product)
    expect(
      (await call(a.apiKey, "POST", "/products", { ...boots("B-39"), price: { amount: "1.234", currency: "USD" } }))
        .status
    ).toBe(422)
  })

  it("inventory: get, restock, adjust (never below reserved → 409)", async () => {
    expect((await call(a.apiKey, "GET", "/inventory/B-38")).body).toEqual({
      sku: "B-38",
      onHand: 2,
      reserved: 0,
      available: 2
    })
    expect((await call(a.apiKey, "POST", "/inventory/B-38/restock", { qty: 3 })).body.onHand).toBe(5)
    expect((await call(a.apiKey, "POST", "/inventory/B-38/adjust", { onHand: 4 })).body.available).toBe(4)
    expect((await call(a.apiKey, "POST", "/inventory/B-38/restock", { qty: 0 })).status).toBe(422)
  })

  it("an order is placed (201), holding stock", async () => {
    const r = await call(a.apiKey, "POST", "/orders", order("B-38", 1))
    expect(r.status).toBe(201)
    expect(r.body.status).toBe("placed")
    expect(r.body.total).toEqual({ amount: "59.90", currency: "USD" })
    ids.order = r.body.id
    expect((await call(a.apiKey, "GET", "/inventory/B-38")).body.reserved).toBe(1)
    expect((await call(a.apiKey, "POST", "/inventory/B-38/adjust", { onHand: 0 })).status).toBe(409)
  })

  it("stock short → 409 insufficient_stock with the lines", async () => {
    const r = await call(a.apiKey, "POST", "/orders", order("B-38", 10))
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe("insufficient_stock")
    expect(r.body.error.lines).toEqual([{ sku: "B-38", requested: 10, available: 3 }])
  })

  it("missing fields → 422 naming them", async () => {
    const r = await call(a.apiKey, "POST", "/orders", {
      customer: { name: "Ann" },
      lines: [{ sku: "B-38", qty: 1 }],
      delivery: "delivery"
    })
    expect(r.status).toBe(422)
    expect(r.body.error.code).toBe("missing_fields")
    expect(r.body.error.fields).toEqual(expect.arrayContaining(["city", "phone", "address"]))
  })

  it("an unknown sku → 422; malformed JSON → 400", async () => {
    expect((await call(a.apiKey, "POST", "/orders", order("NOPE"))).status).toBe(422)
    const raw = await h.app.request("/api/v1/orders", {
      method: "POST",
      headers: { authorization: `Bearer ${a.apiKey}` },
      body: "{"
    })
    expect(raw.status).toBe(400)
  })

  it("list by status, get, payment, fulfil only when paid, cancel", async () => {
    const placed = await call(a.apiKey, "GET", "/orders?status=placed")
    expect(placed.body.map((o: Json) => o.id)).toContain(ids.order)
    expect((await call(a.apiKey, "GET", "/orders?status=weird")).status).toBe(422)
    expect((await call(a.apiKey, "GET", `/orders/${ids.order}`)).body.id).toBe(ids.order)
    expect((await call(a.apiKey, "POST", `/orders/${ids.order}/fulfil`)).status).toBe(409)
    const paid = await call(a.apiKey, "POST", `/orders/${ids.order}/payment`, {
      amount: { amount: "59.90", currency: "USD" },
      reference: "TX-1"
    })
    expect(paid.status).toBe(200)
    expect(["paid", "payment_review"]).toContain(paid.body.status)
    const second = await call(a.apiKey, "POST", "/orders", order("B-38", 1))
    const cancelled = await call(a.apiKey, "POST", `/orders/${second.body.id}/cancel`, { reason: "changed mind" })
    expect(cancelled.body.status).toBe("cancelled")
  })
})

describe("channels", () => {
  it("creates accounts and never echoes secrets", async () => {
    const r = await call(a.apiKey, "POST", "/channels", {
      type: "telegram",
      botToken: "4242:secret-bot",
      secretToken: "s3cret",
      managers: ["42"]
    })
    expect(r.status).toBe(201)
    expect(Object.keys(r.body).sort()).toEqual(["id", "type"])
    ids.channel = r.body.id
    const list = await call(a.apiKey, "GET", "/channels")
    expect(JSON.stringify(list.body)).not.toContain("secret-bot")
    expect(JSON.stringify(list.body)).not.toContain("s3cret")
    const dup = await call(b.apiKey, "POST", "/channels", {
      type: "telegram",
      botToken: "4242:other",
      secretToken: "x"
    })
    expect(dup.status).toBe(409)
    expect((await call(a.apiKey, "POST", "/channels", { type: "whatsapp", phoneNumberId: "1" })).status).toBe(422)
  })
})

describe("offers and conversations", () => {
  it("business verified by the platform admin, offer published, claimed (201), over-claim → 409", async () => {
    const biz = await call(a.apiKey, "POST", "/businesses", { name: "Bakery" })
    expect(biz.status).toBe(201)
    const verify = await h.app.request(`/api/v1/admin/tenants/${a.id}/businesses/${biz.body.id}/verify`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN}` }
    })
    expect(verify.status).toBe(200)
    const start = new Date(Date.now() - 60_000).toISOString()
    const end = new Date(Date.now() + 3_600_000).toISOString()
    const offer = await call(a.apiKey, "POST", "/offers", {
      businessId: biz.body.id,
      title: "Surprise bag",
      price: { amount: "3.00", currency: "USD" },
      quantity: 2,
      window: { startsAt: start, endsAt: end }
    })
    expect(offer.status).toBe(201)
    ids.offer = offer.body.id
    expect((await call(a.apiKey, "POST", `/offers/${ids.offer}/publish`)).body.status).toBe("active")
    expect((await call(a.apiKey, "POST", `/offers/${ids.offer}/claims`, { customer: "c1", qty: 1 })).status).toBe(201)
    expect((await call(a.apiKey, "POST", `/offers/${ids.offer}/claims`, { customer: "c2", qty: 5 })).status).toBe(409)
    expect((await call(a.apiKey, "PATCH", `/offers/${ids.offer}`, { title: "Big surprise bag" })).body.title).toBe(
      "Big surprise bag"
    )
  })

  it("conversations: list, messages, handoff, a human reply", async () => {
    const list = await call(a.apiKey, "GET", "/conversations?channel=whatsapp&customer=1555")
    expect(list.body.map((c: Json) => c.id)).toEqual([ids.conversation])
    const on = await call(a.apiKey, "POST", `/conversations/${ids.conversation}/handoff`, { on: true })
    expect(on.body.owner).toBe("human")
    const reply = await call(a.apiKey, "POST", `/conversations/${ids.conversation}/messages`, { text: "Hi, Anna here" })
    expect(reply.status).toBe(201)
    const messages = await call(a.apiKey, "GET", `/conversations/${ids.conversation}/messages`)
    expect(messages.body.map((m: Json) => m.text)).toContain("Hi, Anna here")
    expect((await call(a.apiKey, "POST", `/conversations/${ids.conversation}/handoff`, { on: false })).body.owner).toBe(
      "bot"
    )
  })
})

/** Every route that takes an id, as [method, path (A's ids), body]. */
const scopedRoutes = (): Array<[string, string, unknown?]> => [
  ["GET", `/products/${ids.product}`],
  ["GET", "/inventory/B-38"],
  ["POST", "/inventory/B-38/restock", { qty: 1 }],
  ["POST", "/inventory/B-38/adjust", { onHand: 9 }],
  ["GET", `/orders/${ids.order}`],
  ["POST", `/orders/${ids.order}/cancel`, {}],
  ["POST", `/orders/${ids.order}/payment`, { reference: "TX-9" }],
  ["POST", `/orders/${ids.order}/fulfil`],
  ["GET", `/channels/${ids.channel}`],
  ["PATCH", `/channels/${ids.channel}`, { managers: ["x"] }],
  ["DELETE", `/channels/${ids.channel}`],
  ["POST", `/keys/${ids.key}/revoke`],
  ["POST", `/orders/${ids.order}/payment/approve`],
  ["POST", `/orders/${ids.order}/payment/reject`, { reason: "no" }],
  ["GET", `/offers/${ids.offer}`],
  ["PATCH", `/offers/${ids.offer}`, { title: "Stolen" }],
  ["POST", `/offers/${ids.offer}/publish`],
  ["POST", `/offers/${ids.offer}/pause`],
  ["POST", `/offers/${ids.offer}/resume`],
  ["POST", `/offers/${ids.offer}/sold-out`],
  ["POST", `/offers/${ids.offer}/claims`, { customer: "x", qty: 1 }],
  ["GET", `/conversations/${ids.conversation}`],
  ["GET", `/conversations/${ids.conversation}/messages`],
  ["POST", `/conversations/${ids.conversation}/handoff`, { on: true }],
  ["POST", `/conversations/${ids.conversation}/messages`, { text: "hi" }]
]

describe("tenant isolation (SPEC §9.8)", () => {
  it("every admin route with another tenant's ids → 404, never data", async () => {
    for (const [method, path, body] of scopedRoutes()) {
      const r = await call(b.apiKey, method, path, body)
      expect([path, r.status]).toEqual([path, 404])
      expect(r.body.error.code).toBe("not_found")
    }
    const lists = ["/products", "/orders", "/offers", "/conversations", "/channels"]
    for (const path of lists) expect((await call(b.apiKey, "GET", path)).body).toEqual([])
    // A's data is untouched.
    expect((await call(a.apiKey, "GET", `/offers/${ids.offer}`)).body.title).toBe("Big surprise bag")
  })
})

describe("roles", () => {
  it("a viewer key reads but cannot write (403); staff cannot manage keys or channels", async () => {
    const viewer = await call(a.apiKey, "POST", "/keys", { role: "viewer" })
    expect(viewer.status).toBe(201)
    const staff = await call(a.apiKey, "POST", "/keys", { role: "staff" })
    expect((await call(viewer.body.apiKey, "GET", `/orders/${ids.order}`)).status).toBe(200)
    for (const [method, path, body] of scopedRoutes().filter(([m]) => m !== "GET")) {
      const r = await call(viewer.body.apiKey, method, path, body)
      expect([path, r.status]).toEqual([path, 403])
      expect(r.body.error.code).toBe("forbidden")
    }
    for (const [path, body] of [
      ["/products", boots("V-1")],
      ["/orders", order("B-38")],
      ["/offers", {}],
      ["/businesses", { name: "x" }],
      ["/channels", { type: "webchat" }],
      ["/keys", { role: "owner" }]
    ] as const) {
      expect((await call(viewer.body.apiKey, "POST", path, body)).status).toBe(403)
    }
    expect((await call(staff.body.apiKey, "POST", "/keys", { role: "owner" })).status).toBe(403)
    expect((await call(staff.body.apiKey, "POST", "/channels", { type: "webchat" })).status).toBe(403)
    expect((await call(staff.body.apiKey, "POST", "/products", boots("S-1"))).status).toBe(201)
  })

  it("keys are stored hashed: the listing shows no secret", async () => {
    const list = await call(a.apiKey, "GET", "/keys")
    expect(JSON.stringify(list.body)).not.toContain(a.apiKey)
    expect(list.body[0]).not.toHaveProperty("hash")
  })
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
    const before = await h.app.request(`/webhooks/telegram/${ids.channel}`, {
      method: "POST",
      headers: signed,
      body: update
    })
    expect(before.status).toBe(200)
    expect((await call(a.apiKey, "DELETE", `/channels/${ids.channel}`)).status).toBe(204)
    const after = await h.app.request(`/webhooks/telegram/${ids.channel}`, {
      method: "POST",
      headers: signed,
      body: update
    })
    expect(after.status).toBe(404)
  })
})
