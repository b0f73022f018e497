import {
  type Channel,
  PermanentSendError,
  type PermanentReason,
  type SendError,
  type SendResult,
  TransientSendError
} from "@chatshop/domain"
import { Clock, Effect, Random, Result } from "effect"
import { makeRateLimiter, type Rate, type RateLimiter, unlimited } from "./RateLimiter.ts"
import { defaultRetryPolicy, parseRetryAfter, type RetryPolicy, retryDelay } from "./Retry.ts"

export interface HttpRequest {
  readonly method: "GET" | "POST"
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string | FormData
}

export interface HttpResponse {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  /** The body parsed as JSON, or undefined when it isn't JSON. */
  readonly json: unknown
  /** Raw bytes, for downloads (kept only when asked for). */
  readonly bytes?: Uint8Array
}

export const postJson = (url: string, body: unknown, headers: Readonly<Record<string, string>> = {}): HttpRequest => ({
  method: "POST",
  url,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body)
})

/** What a platform's answer means: the parsed body on success, else a typed send error. */
export type Classify = (response: HttpResponse, now: number) => Result.Result<unknown, SendError>

export const permanent = (channel: Channel, code: string, reason: PermanentReason, message: string): SendError =>
  new PermanentSendError({ channel, code, reason, message, sentMessageIds: [] })

export const transient = (channel: Channel, code: string, message: string, retryAfterMs?: number): SendError =>
  retryAfterMs === undefined
    ? new TransientSendError({ channel, code, message, sentMessageIds: [] })
    : new TransientSendError({ channel, code, message, retryAfterMs: Math.round(retryAfterMs), sentMessageIds: [] })

/** The same error, naming the parts that did go out before it. */
export const withSent = (error: SendError, sentMessageIds: ReadonlyArray<string>): SendError =>
  error._tag === "PermanentSendError"
    ? new PermanentSendError({
        channel: error.channel,
        code: error.code,
        reason: error.reason,
        message: error.message,
        sentMessageIds
      })
    : error.retryAfterMs === undefined
      ? new TransientSendError({ channel: error.channel, code: error.code, message: error.message, sentMessageIds })
      : new TransientSendError({
          channel: error.channel,
          code: error.code,
          message: error.message,
          retryAfterMs: error.retryAfterMs,
          sentMessageIds
        })

/** The generic part of every HTTP status: 429 and 5xx are worth retrying, honouring `Retry-After`. */
export const transientByStatus = (channel: Channel, response: HttpResponse, now: number): SendError | undefined =>
  response.status === 429 || response.status >= 500
    ? transient(
        channel,
        `http_${response.status}`,
        response.text.slice(0, 300),
        parseRetryAfter(response.headers.get("retry-after"), now)
      )
    : undefined

export interface ClientOptions {
  /** Where requests go (SPEC §2: `*_API_BASE_URL`, tests point it at a mock server). */
  readonly baseUrl: string
  readonly timeoutMs?: number
  readonly retry?: Partial<RetryPolicy>
  /** Per customer; null turns the limit off. */
  readonly perRecipient?: Rate | null
  /** Per sending account (phone number, page, bot, instance); null turns the limit off. */
  readonly global?: Rate | null
  readonly fetch?: typeof globalThis.fetch
}

/** One HTTP call of a logical message. `request` may do work first (TikTok uploads images). */
export interface Part {
  readonly request: Effect.Effect<HttpRequest, SendError>
  /** The platform id in the answer; "" when the platform gives none. */
  readonly messageId: (body: unknown) => string
  /** A message the customer sees (counts against the per-recipient limit and in the result). */
  readonly toCustomer: boolean
}

export interface Engine {
  readonly channel: Channel
  readonly baseUrl: string
  /** One request with timeout, classification and retries; `acquire` (rate limits) runs before every attempt. */
  readonly exchange: (
    request: HttpRequest,
    options?: { readonly bytes?: boolean; readonly acquire?: Effect.Effect<void> }
  ) => Effect.Effect<HttpResponse, SendError>
  /** Sends the parts in order under the rate limits; a failure names the parts already sent. */
  readonly deliver: (
    account: string,
    recipient: string,
    parts: ReadonlyArray<Part>,
    skipParts?: number
  ) => Effect.Effect<SendResult, SendError>
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

export const makeEngine = (
  channel: Channel,
  options: ClientOptions,
  defaults: { readonly perRecipient: Rate | null; readonly global: Rate | null },
  classify: Classify
): Engine => {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry }
  const timeoutMs = options.timeoutMs ?? 15_000
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const limiter = (rate: Rate | null | undefined): RateLimiter => (rate == null ? unlimited : makeRateLimiter(rate))
  const perRecipient = limiter(options.perRecipient === undefined ? defaults.perRecipient : options.perRecipient)
  const global = limiter(options.global === undefined ? defaults.global : options.global)

  const once = (request: HttpRequest, bytes: boolean): Effect.Effect<HttpResponse, SendError> =>
    Effect.tryPromise({
      try: (signal) =>
        doFetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body ?? null,
          signal
        }).then((res) =>
          bytes
            ? res.arrayBuffer().then((buffer) => ({
                status: res.status,
                headers: res.headers,
                text: "",
                json: undefined,
                bytes: new Uint8Array(buffer)
              }))
            : res.text().then((text) => ({ status: res.status, headers: res.headers, text, json: parseJson(text) }))
        ),
      catch: (cause) => transient(channel, "network", cause instanceof Error ? cause.message : String(cause))
    }).pipe(
      Effect.timeoutOrElse({
        duration: timeoutMs,
        orElse: () => Effect.fail(transient(channel, "timeout", `no answer within ${timeoutMs} ms`))
      })
    )

  const exchange: Engine["exchange"] = (request, opts = {}) =>
    Effect.gen(function* () {
      for (let attempt = 1; ; attempt++) {
        // A retry is another request to the platform: it takes its place under the limits again.
        if (opts.acquire !== undefined) yield* opts.acquire
        const outcome = yield* Effect.result(
          Effect.flatMap(once(request, opts.bytes === true), (response) =>
            Effect.flatMap(Clock.currentTimeMillis, (now) =>
              Effect.fromResult(Result.map(classify(response, now), () => response))
            )
          )
        )
        if (Result.isSuccess(outcome)) return outcome.success
        const error = outcome.failure
        if (error._tag === "PermanentSendError") return yield* Effect.fail(error)
        const delay = retryDelay(policy, attempt, error.retryAfterMs, yield* Random.next)
        if (delay === undefined) return yield* Effect.fail(error)
        yield* Effect.sleep(delay)
      }
    })

  const deliver: Engine["deliver"] = (account, recipient, parts, skipParts = 0) =>
    Effect.gen(function* () {
      const ids: Array<string> = []
      for (const [index, part] of parts.entries()) {
        if (index < skipParts) continue
        const sent = yield* Effect.result(
          Effect.gen(function* () {
            const acquire = Effect.gen(function* () {
              if (part.toCustomer) yield* perRecipient.acquire(`${account}\u0000${recipient}`)
              yield* global.acquire(account)
            })
            const response = yield* exchange(yield* part.request, { acquire })
            return part.messageId(response.json)
          })
        )
        if (Result.isFailure(sent)) return yield* Effect.fail(withSent(sent.failure, ids))
        if (part.toCustomer) ids.push(sent.success)
      }
      return { platformMessageIds: ids }
    })

  return { channel, baseUrl: options.baseUrl.replace(/\/+$/, ""), exchange, deliver }
}

/** A part whose request is known up front. */
export const staticPart = (request: HttpRequest, messageId: (body: unknown) => string, toCustomer = true): Part => ({
  request: Effect.succeed(request),
  messageId,
  toCustomer
})
