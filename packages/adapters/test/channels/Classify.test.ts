import { GreenApi, type HttpResponse, Messenger, Telegram, TikTok, WhatsApp } from "@chatshop/adapters/channels"
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"

const response = (status: number, json: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: new Headers(headers),
  text: typeof json === "string" ? json : JSON.stringify(json),
  json: typeof json === "string" ? undefined : json
})

/** "ok", "permanent:<reason>" or "transient[:<retryAfterMs>]" for a platform's answer. */
const outcome = (
  classify: (r: HttpResponse, now: number) => Result.Result<unknown, { _tag: string }>,
  r: HttpResponse
): string => {
  const result = classify(r, 0)
  if (Result.isSuccess(result)) return "ok"
  const e = result.failure as { _tag: string; reason?: string; retryAfterMs?: number }
  return e._tag === "PermanentSendError"
    ? `permanent:${e.reason}`
    : e.retryAfterMs === undefined
      ? "transient"
      : `transient:${e.retryAfterMs}`
}

const graph = (code: number, subcode?: number) => ({
  error: { message: "m", code, ...(subcode === undefined ? {} : { error_subcode: subcode }) }
})

describe("error classification", () => {
  it("WhatsApp error codes", () => {
    const cases: ReadonlyArray<[HttpResponse, string]> = [
      [response(200, { messages: [{ id: "w" }] }), "ok"],
      [response(400, graph(131047)), "permanent:window_closed"],
      [response(400, graph(131050)), "permanent:opted_out"],
      [response(400, graph(131026)), "permanent:invalid_recipient"],
      [response(400, graph(131021)), "permanent:invalid_recipient"],
      [response(401, graph(190)), "permanent:unauthorized"],
      [response(403, graph(10)), "permanent:unauthorized"],
      [response(400, graph(368)), "permanent:policy"],
      [response(400, graph(131049)), "permanent:policy"],
      [response(400, graph(100)), "permanent:invalid_request"],
      [response(400, graph(131051)), "permanent:invalid_request"],
      [response(400, graph(12345)), "permanent:unknown"],
      [response(400, graph(131056)), "transient:6000"],
      [response(429, graph(131056), { "retry-after": "9" }), "transient:9000"],
      [response(429, graph(130429), { "retry-after": "2" }), "transient:2000"],
      [response(400, graph(131048)), "transient"],
      [response(400, graph(131000)), "transient"],
      [response(500, "oops"), "transient"],
      [response(429, "slow", { "retry-after": "3" }), "transient:3000"],
      [response(404, "not found"), "permanent:unknown"]
    ]
    for (const [r, expected] of cases) assert.strictEqual(outcome(WhatsApp.classify, r), expected, r.text)
  })

  it("Messenger error codes and subcodes", () => {
    const cases: ReadonlyArray<[HttpResponse, string]> = [
      [response(200, { message_id: "m" }), "ok"],
      [response(400, graph(10, 2018278)), "permanent:window_closed"],
      [response(400, graph(10, 2018065)), "permanent:window_closed"],
      [response(400, graph(551, 1545041)), "permanent:blocked"],
      [response(400, graph(551)), "permanent:blocked"],
      [response(400, graph(200, 2018108)), "permanent:blocked"],
      [response(400, graph(100, 2018001)), "permanent:invalid_recipient"],
      [response(400, graph(100)), "permanent:invalid_request"],
      [response(401, graph(190)), "permanent:unauthorized"],
      [response(403, graph(10)), "permanent:unauthorized"],
      [response(400, graph(613)), "transient"],
      [response(400, graph(1200)), "transient"],
      [response(400, graph(4)), "transient"],
      [response(503, "down", { "retry-after": "1" }), "transient:1000"],
      [response(400, graph(999)), "permanent:unknown"]
    ]
    for (const [r, expected] of cases) assert.strictEqual(outcome(Messenger.classify, r), expected, r.text)
  })

  it("Telegram answers", () => {
    const tg = (code: number, description: string, retry?: number) => ({
      ok: false,
      error_code: code,
      description,
      ...(retry === undefined ? {} : { parameters: { retry_after: retry } })
    })
    const cases: ReadonlyArray<[HttpResponse, string]> = [
      [response(200, { ok: true, result: { message_id: 1 } }), "ok"],
      [
        response(200, { ok: false, error_code: 400, description: "Bad Request: chat not found" }),
        "permanent:invalid_recipient"
      ],
      [response(429, tg(429, "Too Many Requests: retry after 7", 7)), "transient:7000"],
      [response(429, "Too Many Requests", { "retry-after": "2" }), "transient:2000"],
      [response(502, "Bad Gateway"), "transient"],
      [response(403, tg(403, "Forbidden: bot was blocked by the user")), "permanent:blocked"],
      [response(403, tg(403, "Forbidden: user is deactivated")), "permanent:invalid_recipient"],
      [response(403, tg(403, "Forbidden: bot can't initiate conversation with a user")), "permanent:invalid_recipient"],
      [response(401, tg(401, "Unauthorized")), "permanent:unauthorized"],
      [response(404, tg(404, "Not Found")), "permanent:unauthorized"],
      [
        response(400, tg(400, "Bad Request: group chat was upgraded to a supergroup chat; migrated")),
        "permanent:invalid_recipient"
      ],
      [
        response(400, tg(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")),
        "permanent:expired"
      ],
      [response(400, tg(400, "Bad Request: message is too long")), "permanent:invalid_request"],
      [response(409, tg(409, "Conflict")), "permanent:unknown"]
    ]
    for (const [r, expected] of cases) assert.strictEqual(outcome(Telegram.classify, r), expected, r.text)
  })

  it("TikTok codes (HTTP 200 with a non-zero code is a failure)", () => {
    const tt = (code: number) => ({ code, message: "m", data: {} })
    const cases: ReadonlyArray<[HttpResponse, string]> = [
      [response(200, { code: 0, message: "OK", data: { message: { message_id: "x" } } }), "ok"],
      [response(200, "raw image bytes"), "ok"],
      [response(200, tt(40100)), "transient"],
      [response(200, tt(50002)), "transient"],
      [response(429, tt(40100), { "retry-after": "4" }), "transient:4000"],
      [response(200, tt(40001)), "permanent:unauthorized"],
      [response(200, tt(40105)), "permanent:unauthorized"],
      [response(200, tt(40002)), "permanent:invalid_request"],
      [response(200, tt(40099)), "permanent:unknown"],
      [response(403, "forbidden"), "permanent:unauthorized"],
      [response(404, "not found"), "permanent:unknown"]
    ]
    for (const [r, expected] of cases) assert.strictEqual(outcome(TikTok.classify, r), expected, r.text)
  })

  it("GREEN-API statuses", () => {
    const cases: ReadonlyArray<[HttpResponse, string]> = [
      [response(200, { idMessage: "x" }), "ok"],
      [response(429, "Too Many Requests", { "retry-after": "1" }), "transient:1000"],
      [response(500, "Internal"), "transient"],
      [response(400, "instance in starting process try later"), "transient"],
      [response(466, { message: "correspondentsStatus" }), "permanent:quota_exceeded"],
      [response(400, "instance account not authorized"), "permanent:unauthorized"],
      [response(401, "Unauthorized"), "permanent:unauthorized"],
      [response(400, { message: "bad request data" }), "permanent:invalid_request"],
      [response(404, "Not Found"), "permanent:unknown"]
    ]
    for (const [r, expected] of cases) assert.strictEqual(outcome(GreenApi.classify, r), expected, r.text)
  })
})
