import type { ImageSource, OutboundButton, OutboundMessage, PermanentReason } from "@chatshop/domain"
import { Effect, Result } from "effect"
import * as Client from "../shared/Client.ts"
import { at, id, num, str } from "../shared/Json.ts"
import type { MediaClient } from "../shared/Platform.ts"
import { parseRetryAfter } from "../shared/Retry.ts"
import { splitText } from "../shared/Split.ts"
import { messageKey } from "./Inbound.ts"

export interface TelegramCredentials {
  readonly botToken: string
}

export const defaultBaseUrl = "https://api.telegram.org"
export const textLimit = 4096
export const captionLimit = 1024
/** callback_data is at most 64 bytes. */
export const callbackDataLimit = 64

/** Telegram's guidance — about one message per second to a chat, 30 per second overall — with a margin. */
export const defaultLimits = {
  perRecipient: { capacity: 1, refillEveryMs: 1_050 },
  global: { capacity: 1, refillEveryMs: 1_000 / 29 }
} as const

export interface Call {
  readonly method: "sendMessage" | "sendPhoto" | "answerCallbackQuery"
  readonly body: Readonly<Record<string, unknown>>
}

const keyboard = (buttons: ReadonlyArray<OutboundButton>) => ({
  inline_keyboard: buttons.map((b) => [{ text: b.title, callback_data: b.id }])
})

const photo = (source: ImageSource): string => source.mediaId ?? (source.url as string)

/** The Bot API calls for one logical message, in order. */
export const callsOf = (chatId: string, message: OutboundMessage): Result.Result<ReadonlyArray<Call>, string> => {
  const text = (t: string, extra: Record<string, unknown> = {}): Call => ({
    method: "sendMessage",
    body: { chat_id: chatId, text: t, ...extra }
  })
  switch (message._tag) {
    case "Text":
      return Result.succeed(splitText(message.text, textLimit).map((t) => text(t)))
    case "Image": {
      if (message.url === undefined && message.mediaId === undefined)
        return Result.fail("image needs a url or a file id")
      const caption = message.caption?.trim() ?? ""
      const source = photo(message)
      if (caption.length <= captionLimit) {
        return Result.succeed([
          { method: "sendPhoto", body: { chat_id: chatId, photo: source, ...(caption === "" ? {} : { caption }) } }
        ])
      }
      return Result.succeed([
        { method: "sendPhoto", body: { chat_id: chatId, photo: source } },
        ...splitText(caption, textLimit).map((t) => text(t))
      ])
    }
    case "Buttons": {
      const tooLong = message.buttons.find((b) => new TextEncoder().encode(b.id).length > callbackDataLimit)
      if (tooLong !== undefined) return Result.fail(`button id "${tooLong.id}" is over ${callbackDataLimit} bytes`)
      const body = message.footer === undefined ? message.text : `${message.text}\n\n${message.footer}`
      const markup = { reply_markup: keyboard(message.buttons) }
      if (message.image !== undefined && body.length <= captionLimit) {
        return Result.succeed([
          { method: "sendPhoto", body: { chat_id: chatId, photo: photo(message.image), caption: body, ...markup } }
        ])
      }
      const parts = splitText(body, textLimit)
      return Result.succeed([
        ...(message.image === undefined
          ? []
          : [{ method: "sendPhoto" as const, body: { chat_id: chatId, photo: photo(message.image) } }]),
        ...parts.slice(0, -1).map((t) => text(t)),
        text(parts[parts.length - 1] ?? body, markup)
      ])
    }
    case "AnswerCallback":
      return Result.succeed([
        {
          method: "answerCallbackQuery",
          body: { callback_query_id: message.callbackId, ...(message.text === undefined ? {} : { text: message.text }) }
        }
      ])
  }
}

/**
 * `{ ok: false, error_code, description, parameters: { retry_after } }`: 429 waits `retry_after`
 * seconds; 403 is a blocked bot or deactivated user; "chat not found" a wrong recipient; an old
 * callback query has expired; 401/404 mean a bad token.
 */
export const classify: Client.Classify = (response, now) => {
  if (response.status >= 200 && response.status < 300 && at(response.json, "ok") !== false)
    return Result.succeed(response.json)
  const code = num(at(response.json, "error_code")) ?? response.status
  const description = str(at(response.json, "description")) ?? response.text.slice(0, 300)
  const refuse = (reason: PermanentReason) =>
    Result.fail(Client.permanent("telegram", String(code), reason, description))
  if (code === 429 || code >= 500) {
    const retryAfter = num(at(response.json, "parameters", "retry_after"))
    return Result.fail(
      Client.transient(
        "telegram",
        String(code),
        description,
        retryAfter !== undefined ? retryAfter * 1000 : parseRetryAfter(response.headers.get("retry-after"), now)
      )
    )
  }
  if (code === 403)
    return refuse(/deactivated|can't initiate|not a member|kicked/i.test(description) ? "invalid_recipient" : "blocked")
  if (code === 401 || code === 404) return refuse("unauthorized")
  if (/chat not found|user not found|PEER_ID_INVALID|migrated/i.test(description)) return refuse("invalid_recipient")
  if (/query is too old|query ID is invalid/i.test(description)) return refuse("expired")
  return refuse(code === 400 ? "invalid_request" : "unknown")
}

/** `<chat id>:<message id>`, the same key the inbound parser gives Telegram messages. */
const sentId =
  (chatId: string) =>
  (body: unknown): string => {
    const messageId = id(at(body, "result", "message_id"))
    return messageId === undefined ? "" : messageKey(id(at(body, "result", "chat", "id")) ?? chatId, messageId)
  }

/**
 * Telegram Bot API client: `POST {base}/bot{token}/sendMessage` (and sendPhoto, answerCallbackQuery) —
 * SPEC §6; `download` fetches a customer's photo: `getFile` gives its path under `{base}/file/bot{token}/`.
 */
export const make = (options: Client.ClientOptions): MediaClient<TelegramCredentials> => {
  const engine = Client.makeEngine("telegram", options, defaultLimits, classify)
  return {
    download: (credentials, fileId) =>
      Effect.gen(function* () {
        const bot = `${engine.baseUrl}/bot${credentials.botToken}`
        const meta = yield* engine.exchange({
          method: "GET",
          url: `${bot}/getFile?file_id=${encodeURIComponent(fileId)}`,
          headers: {}
        })
        const path = str(at(meta.json, "result", "file_path"))
        if (path === undefined)
          return yield* Effect.fail(Client.permanent("telegram", "file_path", "invalid_request", meta.text))
        const file = yield* engine.exchange(
          { method: "GET", url: `${engine.baseUrl}/file/bot${credentials.botToken}/${path}`, headers: {} },
          { bytes: true }
        )
        const type = file.headers.get("content-type") ?? ""
        return {
          bytes: file.bytes ?? new Uint8Array(),
          // Telegram serves files as application/octet-stream; photos are JPEG.
          mimeType: type.startsWith("image/") ? type : "image/jpeg"
        }
      }),
    send: (credentials, request) =>
      Effect.suspend(() => {
        const calls = callsOf(request.recipient, request.message)
        if (Result.isFailure(calls))
          return Effect.fail(Client.permanent("telegram", "invalid_message", "invalid_request", calls.failure))
        const parts: ReadonlyArray<Client.Part> = calls.success.map((call) =>
          Client.staticPart(
            Client.postJson(`${engine.baseUrl}/bot${credentials.botToken}/${call.method}`, call.body),
            sentId(request.recipient),
            call.method !== "answerCallbackQuery"
          )
        )
        // The bot's id (before ":") is the account for the global limit; the token stays out of keys.
        return engine.deliver(credentials.botToken.split(":")[0] ?? "bot", request.recipient, parts, request.skipParts)
      })
  }
}
