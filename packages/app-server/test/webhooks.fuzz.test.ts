import * as fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { authHeaders, deliver, makeHarness, messageBody, pathOf, type Platform, platforms } from "./harness.ts"

let h: Awaited<ReturnType<typeof makeHarness>>
beforeAll(async () => {
  h = await makeHarness()
})
afterAll(() => h.dispose())

const jsonish = fc.oneof(
  fc.string(),
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.constantFrom(
    "",
    "{",
    "[]",
    "null",
    '{"object":"page","entry":[{}]}',
    '{"entry":[{"changes":[{"value":{"metadata":{}}}]}]}'
  )
)

/** A valid body of the platform with one field replaced by an arbitrary JSON value. */
const mutated = (platform: Platform) =>
  fc.tuple(fc.jsonValue(), fc.nat()).map(([value, n]) => {
    const body = messageBody(platform, `fz${n}`) as Record<string, unknown>
    const paths: Array<Array<string>> = [[]]
    const walk = (o: unknown, path: Array<string>) => {
      if (typeof o !== "object" || o === null) return
      for (const [k, v] of Object.entries(o)) {
        paths.push([...path, k])
        walk(v, [...path, k])
      }
    }
    walk(body, [])
    const path = paths[n % paths.length] ?? []
    if (path.length === 0) return JSON.stringify(value)
    let target: Record<string, unknown> = body
    for (const k of path.slice(0, -1)) target = target[k] as Record<string, unknown>
    target[path.at(-1)!] = value
    return JSON.stringify(body)
  })

const headerValue = fc.oneof(
  fc.string(),
  fc.constantFrom("sha256=", "Bearer ", "t=1,s=", `t=99999999999,s=${"a".repeat(64)}`)
)

describe("fuzzed webhooks never answer 5xx while the stores are up", () => {
  it.each(platforms)("%s: arbitrary bodies, signed or not, and arbitrary auth headers", async (platform) => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(jsonish, mutated(platform)), fc.boolean(), headerValue, async (raw, signed, header) => {
        const headers = signed ? authHeaders(platform, raw) : { [Object.keys(authHeaders(platform, raw))[0]!]: header }
        let response: Response
        try {
          response = await deliver(h.app, platform, undefined, { raw, headers })
        } catch {
          // A header value fetch refuses to send (e.g. a newline) never reaches the server.
          return
        }
        expect(response.status).toBeLessThan(500)
        if (response.status >= 400) {
          const body = (await response.json()) as { error?: { code?: unknown } }
          expect(typeof body.error?.code).toBe("string")
        }
      }),
      { numRuns: 150 }
    )
  })

  it("GET verification with arbitrary query strings never answers 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("whatsapp", "messenger"),
        fc.string(),
        fc.string(),
        async (p, token, challenge) => {
          const q = new URLSearchParams({
            "hub.mode": "subscribe",
            "hub.verify_token": token,
            "hub.challenge": challenge
          })
          const response = await h.app.request(`${pathOf(p)}?${q}`)
          expect(response.status).toBeLessThan(500)
        }
      ),
      { numRuns: 100 }
    )
  })
})
