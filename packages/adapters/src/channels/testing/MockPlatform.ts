import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { Effect, type Scope } from "effect"

/** A request the mock received, in arrival order. `receivedAt` is wall-clock ms (the mock lives outside Effect). */
export interface RecordedRequest {
  readonly method: string
  /** Path and query, e.g. `/bot123:abc/sendMessage`. */
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  /** The body as JSON, or undefined (multipart uploads, empty bodies). */
  readonly json: unknown
  readonly receivedAt: number
}

export interface MockReply {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>>
  /** JSON-encoded unless it is a string (sent as is) or bytes. */
  readonly body?: unknown
  /** Answer only after this many (wall-clock) ms: for client timeouts. */
  readonly delayMs?: number
}

export type Responder = MockReply | ((request: RecordedRequest) => MockReply)

/** How one platform answers: success bodies, 429s, and which sends go to which customer. */
export interface Protocol {
  readonly name: string
  readonly ok: (request: RecordedRequest, n: number) => MockReply
  readonly tooManyRequests: (retryAfterSeconds: number) => MockReply
  /** The customer a request sends to, or undefined for calls that aren't message sends. */
  readonly recipientOf: (request: RecordedRequest) => string | undefined
}

/** Limits the mock enforces like the real platform, answering its own 429 (SPEC §8 B6). */
export interface MockLimits {
  /** At most one message per `intervalMs` to one customer. */
  readonly perRecipientIntervalMs?: number
  /** At most `limit` messages in any `windowMs`. */
  readonly global?: { readonly limit: number; readonly windowMs: number }
  /** Retry-After (seconds) on those 429s. */
  readonly retryAfterSeconds?: number
}

export interface MockOptions {
  readonly limits?: MockLimits
  /** Share of calls answered with a transient failure (429 or 503), e.g. 0.2 for SPEC §9.7. */
  readonly failureRate?: number
  /** Seed for `failureRate`, so a run is repeatable. */
  readonly seed?: number
}

export interface MockPlatform {
  readonly url: string
  readonly requests: ReadonlyArray<RecordedRequest>
  /** Accepted message sends (what the customer actually got), in order. */
  readonly delivered: () => ReadonlyArray<RecordedRequest>
  /** Scripted answers, used in order before the protocol's success answer. */
  readonly reply: (...replies: ReadonlyArray<Responder>) => void
  /** 429s the mock answered because a limit was exceeded. */
  readonly limitViolations: () => number
  /** Resolves once `n` requests arrived (rejects after `timeoutMs`). */
  readonly waitForRequests: (n: number, timeoutMs?: number) => Promise<ReadonlyArray<RecordedRequest>>
  readonly reset: () => void
  readonly close: () => Promise<void>
}

/** A tiny PNG served at GET /media/… — what image downloads fetch. */
export const pixelPng = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64"
  )
)

/** mulberry32: a small seeded PRNG, so failure injection is repeatable. */
const prng = (seed: number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })

/** A request as the mocks record it: body read whole, parsed as JSON when it is JSON, stamped on arrival. */
export const readRequest = (req: IncomingMessage): Promise<RecordedRequest> =>
  readBody(req).then((body) => {
    let json: unknown
    try {
      json = body.length > 0 ? (JSON.parse(body) as unknown) : undefined
    } catch {
      json = undefined
    }
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v
    return { method: req.method ?? "GET", path: req.url ?? "/", headers, body, json, receivedAt: Date.now() }
  })

const write = (res: ServerResponse, reply: MockReply) => {
  const body = reply.body
  const bytes = body instanceof Uint8Array
  const text = body === undefined ? "" : typeof body === "string" ? body : bytes ? "" : JSON.stringify(body)
  const type = bytes ? "image/png" : typeof body === "string" ? "text/plain" : "application/json"
  res.writeHead(reply.status, { "content-type": type, ...reply.headers })
  res.end(bytes ? body : text)
}

/** Starts a mock of `protocol` on 127.0.0.1 with an OS-chosen port. */
export const startMockPlatform = (protocol: Protocol, options: MockOptions = {}): Promise<MockPlatform> => {
  const requests: Array<RecordedRequest> = []
  const delivered: Array<RecordedRequest> = []
  const scripted: Array<Responder> = []
  const waiters: Array<{ n: number; resolve: () => void }> = []
  const lastByRecipient = new Map<string, number>()
  const random = prng(options.seed ?? 1)
  let violations = 0
  let sent = 0

  const limited = (request: RecordedRequest, recipient: string): MockReply | undefined => {
    const limits = options.limits
    if (limits === undefined) return undefined
    const now = request.receivedAt
    const last = lastByRecipient.get(recipient)
    const tooSoon =
      limits.perRecipientIntervalMs !== undefined && last !== undefined && now - last < limits.perRecipientIntervalMs
    const window = limits.global
    const tooMany =
      window !== undefined && delivered.filter((r) => now - r.receivedAt < window.windowMs).length >= window.limit
    if (!tooSoon && !tooMany) return undefined
    violations += 1
    return protocol.tooManyRequests(limits.retryAfterSeconds ?? 1)
  }

  const answer = (request: RecordedRequest): MockReply => {
    // Media downloads: WhatsApp's media URLs and Telegram's `/file/bot<token>/<path>`.
    if (request.method === "GET" && (request.path.startsWith("/media/") || request.path.startsWith("/file/bot"))) {
      return { status: 200, body: pixelPng }
    }
    const next = scripted.shift()
    if (next !== undefined) return typeof next === "function" ? next(request) : next
    if (options.failureRate !== undefined && random() < options.failureRate) {
      return random() < 0.5 ? protocol.tooManyRequests(0) : { status: 503, body: "upstream unavailable" }
    }
    const recipient = protocol.recipientOf(request)
    if (recipient !== undefined) {
      const refused = limited(request, recipient)
      if (refused !== undefined) return refused
      lastByRecipient.set(recipient, request.receivedAt)
    }
    sent += 1
    const reply = protocol.ok(request, sent)
    if (recipient !== undefined && reply.status < 300) delivered.push(request)
    return reply
  }

  const server = createServer((req, res) => {
    readRequest(req).then(
      (request) => {
        requests.push(request)
        const reply = answer(request)
        if (reply.delayMs === undefined) write(res, reply)
        else setTimeout(() => write(res, reply), reply.delayMs)
        for (const w of waiters.filter((w) => requests.length >= w.n)) {
          waiters.splice(waiters.indexOf(w), 1)
          w.resolve()
        }
      },
      () => write(res, { status: 400, body: "unreadable request" })
    )
  })

  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        delivered: () => [...delivered],
        reply: (...replies) => void scripted.push(...replies),
        limitViolations: () => violations,
        waitForRequests: (n, timeoutMs = 5_000) =>
          requests.length >= n
            ? Promise.resolve([...requests])
            : new Promise((ok, fail) => {
                const timer = setTimeout(
                  () =>
                    fail(new Error(`${protocol.name} mock: ${requests.length}/${n} requests after ${timeoutMs} ms`)),
                  timeoutMs
                )
                waiters.push({
                  n,
                  resolve: () => {
                    clearTimeout(timer)
                    ok([...requests])
                  }
                })
              }),
        reset: () => {
          requests.length = 0
          delivered.length = 0
          scripted.length = 0
          lastByRecipient.clear()
          violations = 0
        },
        close: () =>
          new Promise((done) => {
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })
}

/** The mock as a scoped Effect resource: closed when the scope ends. */
export const mockPlatform = (
  protocol: Protocol,
  options: MockOptions = {}
): Effect.Effect<MockPlatform, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() => startMockPlatform(protocol, options)),
    (mock) => Effect.promise(() => mock.close())
  )
