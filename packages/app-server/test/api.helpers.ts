import type { TenantId } from "@chatshop/domain"
import { afterAll, beforeAll, expect } from "vitest"
import { ADMIN, apiCall, makeHarness } from "./harness.ts"

// biome-ignore lint/suspicious/noExplicitAny: response JSON under test, checked field by field
export type Json = any

export type Shop = { id: TenantId; apiKey: string }

/**
 * A harness for one test file's admin API tests: made before all, disposed after all, with `call`
 * (one API call as a key) and `createShop` (a tenant made by the platform admin).
 */
export const useApi = () => {
  let harness: Awaited<ReturnType<typeof makeHarness>> | undefined
  const api = {
    get h() {
      if (harness === undefined) throw new Error("the harness is made in beforeAll")
      return harness
    },
    call: (key: string | undefined, method: string, path: string, body?: unknown) =>
      apiCall(api.h.app, key, method, path, body),
    createShop: async (name: string): Promise<Shop> => {
      const r = await api.call(ADMIN, "POST", "/tenants", { name, currency: "USD" })
      expect(r.status).toBe(201)
      return r.body
    }
  }
  beforeAll(async () => {
    harness = await makeHarness()
  })
  afterAll(() => harness?.dispose())
  return api
}

export const boots = (sku: string, stock = 2) => ({
  title: "Chelsea boots",
  brand: "Dr. Martens",
  category: "shoes",
  price: { amount: "59.90", currency: "USD" },
  variants: [{ sku, options: { size: "38" }, stock }]
})

export const order = (sku: string, qty = 1) => ({
  customer: { name: "Ann", phone: "+15551234567" },
  lines: [{ sku, qty }],
  delivery: "pickup",
  fields: { city: "Almaty" }
})

/** A Telegram channel whose webhook is signed with the secret token "s3cret". */
export const telegramChannel = {
  type: "telegram",
  botToken: "4242:secret-bot",
  secretToken: "s3cret",
  managers: ["42"]
}
