import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeHarness } from "./harness.ts"

// biome-ignore lint/suspicious/noExplicitAny: response JSON under test, checked field by field
type Json = any

let h: Awaited<ReturnType<typeof makeHarness>>
beforeAll(async () => {
  h = await makeHarness()
})
afterAll(() => h.dispose())

const openApiPath = (path: string) => path.replace(/:(\w+)/g, "{$1}").replace(/(.)\/$/, "$1")

describe("OpenAPI 3.1 at /api/v1/openapi.json", () => {
  it("is a 3.1 document listing every route the app serves, with request schemas", async () => {
    const response = await h.app.request("/api/v1/openapi.json")
    expect(response.status).toBe(200)
    const doc = (await response.json()) as Json
    expect(doc.openapi).toBe("3.1.0")
    expect(typeof doc.info.title).toBe("string")
    const served = h.app.routes
      .filter((r) => r.method !== "ALL")
      .map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`)
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`)
    )
    expect(served.length).toBeGreaterThan(30)
    expect(new Set(documented)).toEqual(new Set(served))
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.responses, `${method} ${path}`).toBeDefined()
        expect(typeof op.operationId).toBe("string")
        if (method !== "get" && op.requestBody !== undefined) {
          expect(op.requestBody.content["application/json"].schema).toBeTypeOf("object")
        }
        for (const p of [...path.matchAll(/\{(\w+)\}/g)]) {
          expect(op.parameters.map((x: Json) => x.name)).toContain(p[1])
        }
      }
    }
  })

  it("request schemas come from the decoding Schemas and every $ref resolves", async () => {
    const doc = (await (await h.app.request("/api/v1/openapi.json")).json()) as Json
    const order = doc.paths["/api/v1/orders"].post.requestBody.content["application/json"].schema
    const resolved = order.$ref === undefined ? order : doc.components.schemas[order.$ref.split("/").at(-1)]
    expect(resolved.required).toEqual(expect.arrayContaining(["customer", "lines"]))
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!)
    for (const ref of refs) {
      expect(ref.startsWith("#/components/schemas/")).toBe(true)
      expect(doc.components.schemas[ref.split("/").at(-1)!], ref).toBeDefined()
    }
  })
})

describe("health and readiness", () => {
  it("GET /health → 200 {status: ok}; /ready → 200 with every dependency up", async () => {
    const health = await h.app.request("/health")
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: "ok" })
    expect((await h.app.request("/ready")).status).toBe(200)
  })

  it("an unknown route → 404 with the JSON error", async () => {
    const r = await h.app.request("/nope")
    expect(r.status).toBe(404)
    expect(((await r.json()) as Json).error.code).toBe("not_found")
  })
})
