import type { OutboundMessage, PermanentReason, SendError } from "@chatshop/domain"
import { Effect, Result } from "effect"
import * as Client from "../shared/Client.ts"
import { at, id, num, str } from "../shared/Json.ts"
import type { PlatformClient } from "../shared/Platform.ts"
import { parseRetryAfter } from "../shared/Retry.ts"
import { numberedOptions, splitText, truncate } from "../shared/Split.ts"

export interface TikTokCredentials {
  readonly businessId: string
  readonly accessToken: string
}

export const defaultBaseUrl = "https://business-api.tiktok.com"
export const sendPath = "/open_api/v1.3/business/message/send/"
export const uploadPath = "/open_api/v1.3/business/message/media/upload/"
/** Text messages take up to 6,000 characters (TikTok Business Messaging; see docs/channels.md). */
export const textLimit = 6000
/** QA_BUTTON_CARD: 1–3 buttons, card title ≤ 40 characters, button titles ≤ 20. */
export const cardTitleLimit = 40

/** Business Messaging allows about 10 requests a second per app. */
export const defaultLimits = {
  perRecipient: { capacity: 3, refillEveryMs: 1_000 },
  global: { capacity: 1, refillEveryMs: 100 }
} as const

export interface TikTokOptions extends Client.ClientOptions {
  /** Card title when the text is too long to be one (the text then goes first as its own message). */
  readonly cardTitle?: string
}

type Body = Readonly<Record<string, unknown>>
/** A message body, or an image still to be uploaded. */
export type Planned = { readonly body: Body } | { readonly upload: string }

const textBody = (body: string): Body => ({ message_type: "TEXT", text: { body } })

/** The message bodies (without business_id/recipient) of one logical message, in order. */
export const plan = (message: OutboundMessage, cardTitle = "👇"): Result.Result<ReadonlyArray<Planned>, string> => {
  switch (message._tag) {
    case "Text":
      return Result.succeed(splitText(message.text, textLimit).map((t) => ({ body: textBody(t) })))
    case "Image": {
      // TikTok images carry no caption: the caption follows as text.
      const caption = splitText(message.caption ?? "", textLimit).map((t) => ({ body: textBody(t) }))
      if (message.mediaId !== undefined)
        return Result.succeed([{ body: { message_type: "IMAGE", image: { media_id: message.mediaId } } }, ...caption])
      if (message.url !== undefined) return Result.succeed([{ upload: message.url }, ...caption])
      return Result.fail("image needs a url or a media id")
    }
    case "Buttons": {
      const text = message.footer === undefined ? message.text : `${message.text}\n\n${message.footer}`
      const image = message.image?.mediaId ?? message.image?.url
      const picture: ReadonlyArray<Planned> =
        message.image?.mediaId !== undefined
          ? [{ body: { message_type: "IMAGE", image: { media_id: message.image.mediaId } } }]
          : image !== undefined
            ? [{ upload: image }]
            : []
      if (message.buttons.length > 3) {
        // No card takes more than three: the options go as numbered lines.
        const lines = numberedOptions(
          text,
          message.buttons.map((b) => b.title)
        )
        return Result.succeed([...picture, ...splitText(lines, textLimit).map((t) => ({ body: textBody(t) }))])
      }
      const short = text.length <= cardTitleLimit
      const card: Body = {
        message_type: "TEMPLATE",
        template: {
          type: "QA_BUTTON_CARD",
          title: short ? text : cardTitle,
          buttons: message.buttons.map((b) => ({ type: "REPLY", title: truncate(b.title, 20), id: b.id }))
        }
      }
      return Result.succeed([
        ...picture,
        ...(short ? [] : splitText(text, textLimit).map((t) => ({ body: textBody(t) }))),
        { body: card }
      ])
    }
    case "AnswerCallback":
      return Result.succeed([])
  }
}

/**
 * TikTok answers `{ code, message, data }`, usually HTTP 200 even on failure: code 0 is success,
 * 40100 throttling and 5xxxx server trouble are transient, token/permission codes are permanent.
 */
export const classify: Client.Classify = (response, now) => {
  const code = num(at(response.json, "code"))
  const ok = response.status >= 200 && response.status < 300
  if (ok && (code === 0 || response.json === undefined)) return Result.succeed(response.json)
  const c = code === undefined ? `http_${response.status}` : String(code)
  const message = str(at(response.json, "message")) ?? response.text.slice(0, 300)
  const refuse = (reason: PermanentReason) => Result.fail(Client.permanent("tiktok", c, reason, message))
  if (code === 40100 || (code !== undefined && code >= 50000) || response.status === 429 || response.status >= 500) {
    return Result.fail(
      Client.transient("tiktok", c, message, parseRetryAfter(response.headers.get("retry-after"), now))
    )
  }
  if (
    code === 40001 ||
    code === 40102 ||
    code === 40104 ||
    code === 40105 ||
    code === 40106 ||
    response.status === 401 ||
    response.status === 403
  ) {
    return refuse("unauthorized")
  }
  return refuse(code === 40002 ? "invalid_request" : "unknown")
}

const messageId = (body: unknown): string => id(at(body, "data", "message", "message_id")) ?? ""

/** Downloads the picture and uploads it to TikTok (images are sent by media id only). */
const uploaded = (
  engine: Client.Engine,
  credentials: TikTokCredentials,
  url: string
): Effect.Effect<string, SendError> =>
  Effect.gen(function* () {
    const download = yield* engine.exchange({ method: "GET", url, headers: {} }, { bytes: true })
    const type = download.headers.get("content-type") ?? "image/jpeg"
    const form = new FormData()
    form.append("business_id", credentials.businessId)
    form.append("media_type", "IMAGE")
    form.append(
      "file",
      new Blob([download.bytes ?? new Uint8Array()], { type }),
      type.includes("png") ? "image.png" : "image.jpg"
    )
    const upload = yield* engine.exchange({
      method: "POST",
      url: `${engine.baseUrl}${uploadPath}`,
      headers: { "access-token": credentials.accessToken },
      body: form
    })
    const mediaId = id(at(upload.json, "data", "media_id"))
    if (mediaId === undefined)
      return yield* Effect.fail(Client.transient("tiktok", "upload", "upload returned no media_id"))
    return mediaId
  })

/** TikTok Business Messaging client: `POST {base}/open_api/v1.3/business/message/send/`, header `Access-Token` (SPEC §6). */
export const make = (options: TikTokOptions): PlatformClient<TikTokCredentials> => {
  const engine = Client.makeEngine("tiktok", options, defaultLimits, classify)
  return {
    send: (credentials, request) =>
      Effect.suspend(() => {
        const planned = plan(request.message, options.cardTitle)
        if (Result.isFailure(planned))
          return Effect.fail(Client.permanent("tiktok", "invalid_message", "invalid_request", planned.failure))
        const url = `${engine.baseUrl}${sendPath}`
        const headers = { "access-token": credentials.accessToken }
        const envelope = {
          business_id: credentials.businessId,
          recipient_type: "CONVERSATION",
          recipient: request.recipient
        }
        const parts: ReadonlyArray<Client.Part> = planned.success.map((p) =>
          "body" in p
            ? Client.staticPart(Client.postJson(url, { ...envelope, ...p.body }, headers), messageId)
            : {
                request: Effect.map(uploaded(engine, credentials, p.upload), (mediaId) =>
                  Client.postJson(url, { ...envelope, message_type: "IMAGE", image: { media_id: mediaId } }, headers)
                ),
                messageId,
                toCustomer: true
              }
        )
        return engine.deliver(credentials.businessId, request.recipient, parts, request.skipParts)
      })
  }
}
