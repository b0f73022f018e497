import { createServer, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { Effect, type Scope } from "effect"
import { type RecordedRequest, readRequest } from "../../channels/testing/MockPlatform.ts"

/** A request the mock received, in arrival order (`json`: the chat.completions params). */
export type ChatRequest = RecordedRequest

/**
 * What "the model" says to one request: the assistant message's content (usually JSON text), the
 * content after a (wall-clock) delay, or an HTTP error answered in OpenAI's error shape.
 */
export type ModelAnswer =
  | string
  | { readonly content: string; readonly delayMs?: number }
  | { readonly status: number; readonly message?: string; readonly body?: unknown; readonly delayMs?: number }

export type ModelResponder = (request: ChatRequest) => ModelAnswer

export interface MockOpenAi {
  /** The base URL to configure (`LLM_BASE_URL`): `http://127.0.0.1:<port>/v1`. */
  readonly url: string
  readonly origin: string
  /** Every request, chat completions or not. */
  readonly requests: ReadonlyArray<ChatRequest>
  /** Replaces the responder for the requests that follow. */
  readonly respond: (responder: ModelResponder) => void
  readonly reset: () => void
  readonly close: () => Promise<void>
}

/** The structured-output format a request asked for (`response_format.json_schema.name`). */
export const formatOf = (request: ChatRequest): string | undefined =>
  (request.json as { response_format?: { json_schema?: { name?: string } } } | undefined)?.response_format?.json_schema
    ?.name

/** The JSON Schema a request sent for its structured output. */
export const jsonSchemaOf = (request: ChatRequest): unknown =>
  (request.json as { response_format?: { json_schema?: { schema?: unknown } } } | undefined)?.response_format
    ?.json_schema?.schema

type Part = { readonly type?: string; readonly text?: string; readonly image_url?: { readonly url?: string } }
type Message = { readonly role?: string; readonly content?: string | ReadonlyArray<Part> }
const messagesOf = (request: ChatRequest): ReadonlyArray<Message> =>
  (request.json as { messages?: ReadonlyArray<Message> } | undefined)?.messages ?? []

const textOf = (message: Message | undefined): string | undefined => {
  const content = message?.content
  if (content === undefined) return undefined
  if (typeof content === "string") return content
  return content.flatMap((p) => (p.type === "text" && p.text !== undefined ? [p.text] : [])).join("\n")
}

/** The system message's text. */
export const systemPromptOf = (request: ChatRequest): string | undefined =>
  textOf(messagesOf(request).find((m) => m.role === "system"))

/** The last user message's text parts. */
export const userTextOf = (request: ChatRequest): string | undefined =>
  textOf(messagesOf(request).findLast((m) => m.role === "user"))

/** The `image_url` parts of the user messages. */
export const imageUrlsOf = (request: ChatRequest): ReadonlyArray<string> =>
  messagesOf(request).flatMap((m) =>
    m.role !== "user" || typeof m.content === "string" || m.content === undefined
      ? []
      : m.content.flatMap((p) => (p.type === "image_url" && p.image_url?.url !== undefined ? [p.image_url.url] : []))
  )

const sendJson = (res: ServerResponse, status: number, body: unknown) => {
  if (res.destroyed) return
  res.writeHead(status, { "content-type": "application/json" })
  res.end(JSON.stringify(body))
}

const errorBody = (message: string, type = "server_error") => ({
  error: { message, type, param: null, code: null }
})

/** The real chat.completion shape, with rough token counts. */
const completion = (n: number, model: unknown, content: string, prompt: string) => ({
  id: `chatcmpl-mock-${n}`,
  object: "chat.completion",
  created: Math.floor(Date.now() / 1000),
  model: typeof model === "string" ? model : "mock-model",
  choices: [
    { index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: "stop" }
  ],
  usage: {
    prompt_tokens: Math.ceil(prompt.length / 4),
    completion_tokens: Math.ceil(content.length / 4),
    total_tokens: Math.ceil(prompt.length / 4) + Math.ceil(content.length / 4)
  }
})

const unscripted: ModelResponder = () => ({ status: 500, message: "mock OpenAI: no responder scripted" })

/**
 * An OpenAI-compatible server on 127.0.0.1 with an OS-chosen port: `POST /v1/chat/completions` and
 * `POST /chat/completions`. Records every request; `responder` scripts what the model says.
 */
export const startMockOpenAi = (responder: ModelResponder = unscripted): Promise<MockOpenAi> => {
  const requests: Array<ChatRequest> = []
  const timers = new Set<ReturnType<typeof setTimeout>>()
  let current = responder
  let answered = 0

  const later = (delayMs: number | undefined, run: () => void) => {
    if (delayMs === undefined) return run()
    const timer = setTimeout(() => {
      timers.delete(timer)
      run()
    }, delayMs)
    timers.add(timer)
  }

  const server = createServer((req, res) => {
    readRequest(req).then(
      (request) => {
        const { json, body } = request
        const path = request.path.split("?")[0] ?? "/"
        requests.push(request)
        if (request.method !== "POST" || (path !== "/v1/chat/completions" && path !== "/chat/completions")) {
          return sendJson(
            res,
            404,
            errorBody(`mock OpenAI: no route ${request.method} ${path}`, "invalid_request_error")
          )
        }
        if (json === undefined) return sendJson(res, 400, errorBody("body is not JSON", "invalid_request_error"))
        let reply: ModelAnswer
        try {
          reply = current(request)
        } catch (e) {
          reply = { status: 500, message: `mock OpenAI responder threw: ${String(e)}` }
        }
        if (typeof reply === "string") reply = { content: reply }
        if ("content" in reply) {
          const content = reply.content
          answered += 1
          const n = answered
          return later(reply.delayMs, () =>
            sendJson(res, 200, completion(n, (json as { model?: unknown }).model, content, body))
          )
        }
        const { status, message, body: errorJson } = reply
        return later(reply.delayMs, () =>
          sendJson(res, status, errorJson ?? errorBody(message ?? `mock OpenAI: HTTP ${status}`))
        )
      },
      () => sendJson(res, 400, errorBody("unreadable request", "invalid_request_error"))
    )
  })

  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      const origin = `http://127.0.0.1:${port}`
      resolve({
        url: `${origin}/v1`,
        origin,
        requests,
        respond: (next) => {
          current = next
        },
        reset: () => {
          requests.length = 0
          current = responder
        },
        close: () =>
          new Promise((done) => {
            for (const timer of timers) clearTimeout(timer)
            timers.clear()
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })
}

/** The mock as a scoped Effect resource: closed when the scope ends. */
export const mockOpenAi = (responder?: ModelResponder): Effect.Effect<MockOpenAi, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() => startMockOpenAi(responder)),
    (mock) => Effect.promise(() => mock.close())
  )
