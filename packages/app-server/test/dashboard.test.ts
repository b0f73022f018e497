// SPEC §5 `GET /dashboard`: the merchant dashboard is one self-contained page whose inline style and
// script are the only code the CSP lets run. The browser test drives it; this one checks what is served.
import { createHash } from "node:crypto"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeHarness } from "./harness.ts"

let h: Awaited<ReturnType<typeof makeHarness>>
beforeAll(async () => {
  h = await makeHarness()
})
afterAll(() => h.dispose())

const hashOf = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`

/** The directives of a CSP header, by name. */
const directives = (csp: string) =>
  new Map(
    csp.split(";").map((d) => {
      const [name = "", ...values] = d.trim().split(/\s+/)
      return [name, values] as const
    })
  )

describe("GET /dashboard", () => {
  it("answers 200 text/html with a strict CSP that allows exactly the page's inline style and script", async () => {
    const response = await h.app.request("/dashboard")
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toMatch(/^text\/html/)
    const html = await response.text()
    const csp = directives(response.headers.get("content-security-policy") ?? "")

    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? "")
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? "")
    expect(scripts).toHaveLength(1)
    expect(styles).toHaveLength(1)
    expect(csp.get("script-src")).toEqual([hashOf(scripts[0] ?? "")])
    expect(csp.get("style-src")).toEqual([hashOf(styles[0] ?? "")])
    expect(csp.get("default-src")).toEqual(["'none'"])
    expect(csp.get("connect-src")).toEqual(["'self'"])
    expect(csp.get("form-action")).toEqual(["'none'"])
    expect(csp.get("frame-ancestors")).toEqual(["'none'"])
    expect(response.headers.get("x-content-type-options")).toBe("nosniff")
  })

  it("is self-contained, talks only to /api/v1 and never renders data as HTML", async () => {
    const html = await (await h.app.request("/dashboard")).text()
    // No external URL (there is no internet where shops run it), no external script or stylesheet.
    expect(html).not.toMatch(/https?:\/\//)
    expect(html).not.toMatch(/<script\s+src|<link\s/i)
    // Every fetch goes through the one helper that prefixes /api/v1.
    expect([...html.matchAll(/fetch\(([^,]+),/g)].map((m) => m[1])).toEqual(['"/api/v1" + url'])
    expect(html).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/)
  })

  it("is only served on GET /dashboard", async () => {
    expect((await h.app.request("/dashboard", { method: "POST" })).status).toBe(404)
    // The web chat page is still at /.
    expect(await (await h.app.request("/")).text()).toContain("EventSource")
  })
})
