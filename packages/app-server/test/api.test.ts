import { ChannelAccountId, Conversation, CustomerId } from "@chatshop/domain"
import { beforeAll, describe, expect, it } from "vitest"
import { boots, telegramChannel, type Json, order, type Shop, useApi } from "./api.helpers.ts"
import { ADMIN } from "./harness.ts"

const api = useApi()
const { call } = api
let a: Shop
let b: Shop

// Ids of tenant A's things, filled in as the tests create them.
const ids: Record<string, string> = {}

beforeAll(async () => {
  a = await api.createShop("Boot Corner")
  ids.key = (await call(a.apiKey, "GET", "/keys")).body[0].id
  b = await api.createShop("Bag Corner")
  const conv = await api.h.runtime.runPromise(
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
    const raw = await api.h.app.request("/api/v1/orders", {
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
    const r = await call(a.apiKey, "POST", "/channels", telegramChannel)
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
    const verify = await api.h.app.request(`/api/v1/admin/tenants/${a.id}/businesses/${biz.body.id}/verify`, {
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
