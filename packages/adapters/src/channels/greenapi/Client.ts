import type { OutboundMessage, PermanentReason } from "@chatshop/domain"
import { Effect, Result } from "effect"
import * as Client from "../shared/Client.ts"
import { at, str } from "../shared/Json.ts"
import type { PlatformClient } from "../shared/Platform.ts"
import { parseRetryAfter } from "../shared/Retry.ts"
import { numberedOptions, splitText } from "../shared/Split.ts"

export interface GreenApiCredentials {
  readonly idInstance: string
  readonly apiTokenInstance: string
}

export const defaultBaseUrl = "https://api.green-api.com"
/** SendMessage: "The maximum length of a text message is 4096 characters" (GREEN-API docs). */
export const textLimit = 4096

/**
 * GREEN-API queues sends itself, but a personal WhatsApp number sending fast gets banned:
 * one message a second per instance, and the WhatsApp pair rate per customer.
 */
export const defaultLimits = {
  perRecipient: { capacity: 1, refillEveryMs: 6_100 },
  global: { capacity: 1, refillEveryMs: 1_050 }
} as const

/** A WhatsApp chat id: `79001234567@c.us` (a bare or "+"-prefixed number gets the suffix). */
export const chatIdOf = (recipient: string): string =>
  recipient.includes("@") ? recipient : `${recipient.replace(/^\+/, "")}@c.us`

/** The file name GREEN-API needs (its extension picks how the file is shown). */
export const fileNameOf = (url: string): string => {
  const last = url.split(/[?#]/)[0]?.split("/").pop() ?? ""
  return /\.[a-z0-9]{2,5}$/i.test(last) ? decodeURIComponent(last) : "image.jpg"
}

export type Call = {
  readonly method: "sendMessage" | "sendFileByUrl"
  readonly body: Readonly<Record<string, unknown>>
}

/**
 * The calls of one logical message. Buttons go as numbered lines: WhatsApp no longer delivers
 * button messages sent through unofficial gateways, and a number reply is easy to read back.
 */
export const callsOf = (recipient: string, message: OutboundMessage): Result.Result<ReadonlyArray<Call>, string> => {
  const chatId = chatIdOf(recipient)
  const text = (t: string): Call => ({ method: "sendMessage", body: { chatId, message: t } })
  switch (message._tag) {
    case "Text":
      return Result.succeed(splitText(message.text, textLimit).map(text))
    case "Image": {
      if (message.url === undefined) return Result.fail("GREEN-API sends images by URL only")
      const caption = message.caption?.trim()
      return Result.succeed([
        {
          method: "sendFileByUrl",
          body: { chatId, urlFile: message.url, fileName: fileNameOf(message.url), ...(caption ? { caption } : {}) }
        }
      ])
    }
    case "Buttons": {
      const body = numberedOptions(
        message.footer === undefined ? message.text : `${message.text}\n\n${message.footer}`,
        message.buttons.map((b) => b.title)
      )
      const image: ReadonlyArray<Call> =
        message.image?.url === undefined
          ? []
          : [
              {
                method: "sendFileByUrl",
                body: { chatId, urlFile: message.image.url, fileName: fileNameOf(message.image.url) }
              }
            ]
      return Result.succeed([...image, ...splitText(body, textLimit).map(text)])
    }
    case "AnswerCallback":
      return Result.succeed([])
  }
}

/**
 * HTTP status carries the meaning: 429 and 5xx retry, "instance in starting process" retries,
 * 466 is the plan's quota, 401/403 and an unauthorised instance need the merchant.
 */
export const classify: Client.Classify = (response, now) => {
  if (response.status >= 200 && response.status < 300) return Result.succeed(response.json)
  const message = str(at(response.json, "message")) ?? response.text.slice(0, 300)
  const code = `http_${response.status}`
  const refuse = (reason: PermanentReason) => Result.fail(Client.permanent("greenapi", code, reason, message))
  if (response.status === 429 || response.status >= 500 || /starting process/i.test(message)) {
    return Result.fail(
      Client.transient("greenapi", code, message, parseRetryAfter(response.headers.get("retry-after"), now))
    )
  }
  if (response.status === 466) return refuse("quota_exceeded")
  if (response.status === 401 || response.status === 403 || /not authorized/i.test(message))
    return refuse("unauthorized")
  return refuse(response.status === 400 ? "invalid_request" : "unknown")
}

const messageId = (body: unknown): string => str(at(body, "idMessage")) ?? ""

/** GREEN-API client: `POST {base}/waInstance{idInstance}/sendMessage/{apiTokenInstance}` (and sendFileByUrl) — SPEC §6. */
export const make = (options: Client.ClientOptions): PlatformClient<GreenApiCredentials> => {
  const engine = Client.makeEngine("greenapi", options, defaultLimits, classify)
  return {
    send: (credentials, request) =>
      Effect.suspend(() => {
        const calls = callsOf(request.recipient, request.message)
        if (Result.isFailure(calls))
          return Effect.fail(Client.permanent("greenapi", "invalid_message", "invalid_request", calls.failure))
        const url = (method: string) =>
          `${engine.baseUrl}/waInstance${encodeURIComponent(credentials.idInstance)}/${method}/${encodeURIComponent(credentials.apiTokenInstance)}`
        const parts: ReadonlyArray<Client.Part> = calls.success.map((call) =>
          Client.staticPart(Client.postJson(url(call.method), call.body), messageId)
        )
        return engine.deliver(credentials.idInstance, chatIdOf(request.recipient), parts, request.skipParts)
      })
  }
}
