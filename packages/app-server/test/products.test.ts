import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ADMIN, apiCall, makeHarness } from "./harness.ts"

let h: Awaited<ReturnType<typeof makeHarness>>
let apiKey: string

const call = (method: string, path: string, body?: unknown, key: string | undefined = apiKey) =>
  apiCall(h.app, key, method, path, body)

beforeAll(async () => {
  h = await makeHarness()
  const shop = await call("POST", "/tenants", { name: "Bag Corner", currency: "USD" }, ADMIN)
  expect(shop.status).toBe(201)
  apiKey = shop.body.apiKey
})
afterAll(() => h.dispose())

/** A bag with one variant whose options (or anything else) the test chooses. */
const bag = (sku: string, variant: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  title: "Crossbody bag",
  category: "bag",
  price: { amount: "65.00", currency: "USD" },
  variants: [{ sku, stock: 2, ...variant }],
  ...extra
})

// Issue 10: `"options": {"colour": "Red"}` answered 201 and the colour was silently dropped; the bot then
// said the bag doesn't come in red.
describe("POST /api/v1/products keeps every option it is given (issue 10)", () => {
  it('"colour" is the British spelling of "color": stored as color, and the bag is found in red', async () => {
    const created = await call("POST", "/products", bag("BAG-RED", { options: { colour: "Red" } }))
    expect(created.status).toBe(201)
    expect(created.body.variants[0].options).toEqual({ color: "Red" })
    const stored = await call("GET", `/products/${created.body.id}`)
    expect(stored.body.variants[0].options).toEqual({ color: "Red" })
    const found = await call("GET", `/products?query=${encodeURIComponent("red bag")}`)
    expect(found.body[0].requested).toEqual({ color: "Red" })
    expect(found.body[0].available).toBe(2)
  })

  it("color and colour together are accepted when they agree, 422 when they differ", async () => {
    const same = await call("POST", "/products", bag("BAG-SAME", { options: { color: "Red", colour: "Red" } }))
    expect(same.status).toBe(201)
    expect(same.body.variants[0].options).toEqual({ color: "Red" })
    const differ = await call("POST", "/products", bag("BAG-DIFF", { options: { color: "Red", colour: "Blue" } }))
    expect(differ.status).toBe(422)
    expect(differ.body.error.message).toMatch(/color and colour differ/)
  })

  it("an unknown option key is a 422 naming it, and nothing is created", async () => {
    const r = await call("POST", "/products", bag("BAG-TYPO", { options: { size: "M", colur: "Red" } }))
    expect(r.status).toBe(422)
    expect(r.body.error.code).toBe("invalid_request")
    expect(r.body.error.message).toContain('["options"]["colur"]')
    expect((await call("GET", "/inventory/BAG-TYPO")).status).toBe(404)
  })

  it("unknown keys anywhere in the body are a 422 naming each: top level, variant, price", async () => {
    const r = await call(
      "POST",
      "/products",
      bag("BAG-EXTRA", { qty: 3, price: { amount: "60.00", currency: "USD", vat: "0" } }, { images: ["x"] })
    )
    expect(r.status).toBe(422)
    for (const path of ['["images"]', '["variants"][0]["qty"]', '["variants"][0]["price"]["vat"]']) {
      expect(r.body.error.message).toContain(path)
    }
    expect((await call("GET", "/inventory/BAG-EXTRA")).status).toBe(404)
  })

  it("the OpenAPI document shows colour and closes the product body to other keys", async () => {
    const doc = (await call("GET", "/openapi.json", undefined, undefined)).body
    const options = doc.components.schemas.VariantOptions
    expect(Object.keys(options.properties)).toEqual(["size", "color", "colour"])
    expect(options.properties.colour.description).toMatch(/British spelling of color/)
    expect(options.additionalProperties).toBe(false)
    expect(doc.components.schemas.CreateProduct.additionalProperties).toBe(false)
  })
})
