import { type MockReply, type Protocol, pixelPng, type RecordedRequest } from "./MockPlatform.ts"

const field = (request: RecordedRequest, ...path: ReadonlyArray<string>): unknown => {
  let current: unknown = request.json
  for (const key of path)
    current = typeof current === "object" && current !== null ? (current as Record<string, unknown>)[key] : undefined
  return current
}
const text = (u: unknown): string | undefined =>
  typeof u === "string" ? u : typeof u === "number" ? String(u) : undefined

// ── WhatsApp Cloud API ────────────────────────────────────────────────────────────────────────

/** A Graph API error body as WhatsApp sends it. */
export const whatsappError = (
  code: number,
  message = "error",
  status = 400,
  headers?: Record<string, string>
): MockReply => ({
  status,
  ...(headers === undefined ? {} : { headers }),
  body: {
    error: {
      message,
      type: "OAuthException",
      code,
      error_data: { messaging_product: "whatsapp", details: message },
      fbtrace_id: "Amock"
    }
  }
})

export const whatsapp: Protocol = {
  name: "whatsapp",
  ok: (request, n) => {
    // `GET /{media-id}`: the media's metadata with a URL under this mock (served as a tiny PNG).
    if (request.method === "GET") {
      const mediaId = request.path.slice(1).split("?")[0] ?? ""
      return {
        status: 200,
        body: {
          messaging_product: "whatsapp",
          id: mediaId,
          url: `http://${request.headers.host ?? "127.0.0.1"}/media/${mediaId}`,
          mime_type: "image/png",
          sha256: "mock",
          file_size: pixelPng.length
        }
      }
    }
    const to = text(field(request, "to")) ?? ""
    return {
      status: 200,
      body: {
        messaging_product: "whatsapp",
        contacts: [{ input: to, wa_id: to.replace(/^\+/, "") }],
        messages: [{ id: `wamid.mock${n}` }]
      }
    }
  },
  tooManyRequests: (retryAfter) => whatsappError(130429, "Rate limit hit", 429, { "retry-after": String(retryAfter) }),
  recipientOf: (request) => text(field(request, "to"))
}

// ── Messenger / Instagram ─────────────────────────────────────────────────────────────────────

export const messengerError = (code: number, subcode?: number, message = "error", status = 400): MockReply => ({
  status,
  body: {
    error: {
      message,
      type: "OAuthException",
      code,
      ...(subcode === undefined ? {} : { error_subcode: subcode }),
      fbtrace_id: "Amock"
    }
  }
})

export const messenger: Protocol = {
  name: "messenger",
  ok: (request, n) => ({
    status: 200,
    body: { recipient_id: text(field(request, "recipient", "id")) ?? "", message_id: `m_mock${n}` }
  }),
  tooManyRequests: (retryAfter) => ({
    ...messengerError(613, undefined, "Calls to this api have exceeded the rate limit.", 429),
    headers: { "retry-after": String(retryAfter) }
  }),
  recipientOf: (request) => text(field(request, "recipient", "id"))
}

// ── Telegram Bot API ──────────────────────────────────────────────────────────────────────────

export const telegramError = (errorCode: number, description: string, retryAfter?: number): MockReply => ({
  status: errorCode,
  body: {
    ok: false,
    error_code: errorCode,
    description,
    ...(retryAfter === undefined ? {} : { parameters: { retry_after: retryAfter } })
  }
})

export const telegram: Protocol = {
  name: "telegram",
  ok: (request, n) => {
    if (request.path.endsWith("/answerCallbackQuery")) return { status: 200, body: { ok: true, result: true } }
    const fileId = /\/getFile\?file_id=([^&]+)/.exec(request.path)?.[1]
    if (fileId !== undefined) {
      return {
        status: 200,
        body: { ok: true, result: { file_id: fileId, file_size: pixelPng.length, file_path: `photos/${fileId}.png` } }
      }
    }
    const chatId = text(field(request, "chat_id")) ?? "0"
    return {
      status: 200,
      body: {
        ok: true,
        result: {
          message_id: n,
          date: 1_700_000_000,
          chat: { id: /^-?\d+$/.test(chatId) ? Number(chatId) : chatId, type: "private" }
        }
      }
    }
  },
  tooManyRequests: (retryAfter) => telegramError(429, `Too Many Requests: retry after ${retryAfter}`, retryAfter),
  recipientOf: (request) =>
    request.path.endsWith("/answerCallbackQuery") ? undefined : text(field(request, "chat_id"))
}

// ── TikTok Business Messaging ─────────────────────────────────────────────────────────────────

/** TikTok answers HTTP 200 with a non-zero `code` for most failures. */
export const tiktokError = (code: number, message = "error", status = 200): MockReply => ({
  status,
  body: { code, message, request_id: "mock-request", data: {} }
})

export const tiktok: Protocol = {
  name: "tiktok",
  ok: (request, n) =>
    request.path.includes("/business/message/media/upload/")
      ? { status: 200, body: { code: 0, message: "OK", request_id: `r${n}`, data: { media_id: `media-mock${n}` } } }
      : {
          status: 200,
          body: { code: 0, message: "OK", request_id: `r${n}`, data: { message: { message_id: `tt-mock${n}` } } }
        },
  tooManyRequests: (retryAfter) => ({
    ...tiktokError(40100, "Too many requests", 429),
    headers: { "retry-after": String(retryAfter) }
  }),
  recipientOf: (request) =>
    request.path.includes("/business/message/send/") ? text(field(request, "recipient")) : undefined
}

// ── GREEN-API ─────────────────────────────────────────────────────────────────────────────────

export const greenapiError = (status: number, message: string): MockReply => ({ status, body: { message } })

export const greenapi: Protocol = {
  name: "greenapi",
  ok: (_request, n) => ({ status: 200, body: { idMessage: `MOCK${String(n).padStart(16, "0")}` } }),
  tooManyRequests: (retryAfter) => ({
    status: 429,
    headers: { "retry-after": String(retryAfter) },
    body: "Too Many Requests"
  }),
  recipientOf: (request) => text(field(request, "chatId"))
}

export const protocols = { whatsapp, messenger, telegram, tiktok, greenapi } as const
