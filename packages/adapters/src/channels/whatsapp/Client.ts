import type { ImageSource, OutboundButton, OutboundMessage, PermanentReason } from "@chatshop/domain"
import { Effect, Result } from "effect"
import * as Client from "../shared/Client.ts"
import { arr, at, num, str } from "../shared/Json.ts"
import { hasUrl, type MediaClient } from "../shared/Platform.ts"
import { parseRetryAfter } from "../shared/Retry.ts"
import { splitText, truncate } from "../shared/Split.ts"

export interface WhatsAppCredentials {
  readonly phoneNumberId: string
  readonly accessToken: string
}

export const defaultBaseUrl = "https://graph.facebook.com/v23.0"
/** Text body limit; interactive bodies and media captions take 1024. */
export const textLimit = 4096
export const interactiveBodyLimit = 1024
export const captionLimit = 1024

export interface WhatsAppOptions extends Client.ClientOptions {
  /** The label of the list button when there are more than 3 options (max 20 characters). */
  readonly listButtonLabel?: string
}

/**
 * The per-user pair rate (~1 message / 6 s, error 131056) and the Cloud API's default throughput
 * (80/s), each with a margin: requests reach the platform some ms later than they were sent, and not
 * all equally late. 76/s leaves room for 4 sends (≈ 50 ms) of such jitter in any second.
 */
export const defaultLimits = {
  perRecipient: { capacity: 1, refillEveryMs: 6_100 },
  global: { capacity: 1, refillEveryMs: 1_000 / 76 }
} as const

const envelope = (to: string) => ({ messaging_product: "whatsapp", recipient_type: "individual", to })

const media = (image: ImageSource) => (image.mediaId !== undefined ? { id: image.mediaId } : { link: image.url })

export const textBody = (to: string, body: string) => ({
  ...envelope(to),
  type: "text",
  text: { preview_url: hasUrl(body), body }
})

export const imageBody = (to: string, image: ImageSource, caption?: string) => ({
  ...envelope(to),
  type: "image",
  image: caption === undefined ? media(image) : { ...media(image), caption }
})

/** Up to 3 buttons: reply buttons (titles ≤ 20); 4–10: a list (row titles ≤ 24). */
export const interactiveBody = (
  to: string,
  body: string,
  buttons: ReadonlyArray<OutboundButton>,
  extra: {
    readonly footer?: string | undefined
    readonly image?: ImageSource | undefined
    readonly listButtonLabel: string
  }
) => {
  const footer = extra.footer === undefined ? {} : { footer: { text: truncate(extra.footer, 60) } }
  if (buttons.length <= 3) {
    return {
      ...envelope(to),
      type: "interactive",
      interactive: {
        type: "button",
        ...(extra.image === undefined ? {} : { header: { type: "image", image: media(extra.image) } }),
        body: { text: body },
        ...footer,
        action: { buttons: buttons.map((b) => ({ type: "reply", reply: { id: b.id, title: truncate(b.title, 20) } })) }
      }
    }
  }
  return {
    ...envelope(to),
    type: "interactive",
    interactive: {
      type: "list",
      body: { text: body },
      ...footer,
      action: {
        button: truncate(extra.listButtonLabel, 20),
        sections: [
          {
            title: truncate(extra.listButtonLabel, 24),
            rows: buttons.map((b) => ({ id: b.id, title: truncate(b.title, 24) }))
          }
        ]
      }
    }
  }
}

/**
 * Graph API errors (`{ error: { code, message, error_subcode } }`) by code: the re-engagement
 * window (131047), marketing opt-out (131050), bad recipients, auth, and the throttling codes that
 * are worth retrying (130429 throughput, 131056 pair rate, 131048 spam rate, 80007, 4).
 */
export const classify: Client.Classify = (response, now) => {
  if (response.status >= 200 && response.status < 300) return Result.succeed(response.json)
  const code = num(at(response.json, "error", "code"))
  const c = code === undefined ? `http_${response.status}` : String(code)
  const message = str(at(response.json, "error", "message")) ?? response.text.slice(0, 300)
  const retryAfter = parseRetryAfter(response.headers.get("retry-after"), now)
  const retry = (after = retryAfter) => Result.fail(Client.transient("whatsapp", c, message, after))
  const refuse = (reason: PermanentReason) => Result.fail(Client.permanent("whatsapp", c, reason, message))
  switch (code) {
    case 131047:
      return refuse("window_closed")
    case 131050:
      return refuse("opted_out")
    case 131026:
    case 131021:
    case 131030:
      return refuse("invalid_recipient")
    case 190:
    case 10:
    case 200:
    case 3:
      return refuse("unauthorized")
    case 368:
    case 131031:
    case 131049:
      return refuse("policy")
    case 131056:
      // Pair rate limit: about one message per 6 s to this user.
      return retry(Math.max(retryAfter ?? 0, 6_000))
    case 130429:
    case 131048:
    case 80007:
    case 4:
    case 1:
    case 2:
    case 131000:
    case 131016:
    case 133004:
      return retry()
    default:
      if (response.status === 429 || response.status >= 500) return retry()
      return refuse(code === 100 || (code !== undefined && code >= 131000) ? "invalid_request" : "unknown")
  }
}

const messageId = (body: unknown): string => str(at(arr(at(body, "messages"))[0], "id")) ?? ""

/** The JSON bodies for one logical message, in sending order. */
export const requestBodies = (
  to: string,
  message: OutboundMessage,
  listButtonLabel = "Options"
): Result.Result<ReadonlyArray<unknown>, string> => {
  switch (message._tag) {
    case "Text":
      return Result.succeed(splitText(message.text, textLimit).map((part) => textBody(to, part)))
    case "Image": {
      const image = { url: message.url, mediaId: message.mediaId }
      if (message.url === undefined && message.mediaId === undefined)
        return Result.fail("image needs a url or a media id")
      const source = compactImage(image)
      const caption = message.caption?.trim() ?? ""
      if (caption.length <= captionLimit)
        return Result.succeed([imageBody(to, source, caption === "" ? undefined : caption)])
      return Result.succeed([imageBody(to, source), ...splitText(caption, textLimit).map((part) => textBody(to, part))])
    }
    case "Buttons": {
      if (message.buttons.length > 10) return Result.fail("WhatsApp offers at most 10 options")
      const parts = splitText(message.text, interactiveBodyLimit)
      const last = parts[parts.length - 1] ?? message.text
      const list = message.buttons.length > 3
      const image = message.image === undefined ? undefined : compactImage(message.image)
      return Result.succeed([
        ...(list && image !== undefined ? [imageBody(to, image)] : []),
        ...parts.slice(0, -1).map((part) => textBody(to, part)),
        interactiveBody(to, last, message.buttons, {
          footer: message.footer,
          image: list ? undefined : image,
          listButtonLabel
        })
      ])
    }
    case "AnswerCallback":
      return Result.succeed([]) // Telegram only
  }
}

const compactImage = (image: {
  readonly url?: string | undefined
  readonly mediaId?: string | undefined
}): ImageSource => (image.mediaId !== undefined ? { mediaId: image.mediaId } : { url: image.url as string })

/**
 * WhatsApp Cloud API client: `POST {base}/{phoneNumberId}/messages`, `Authorization: Bearer` (SPEC §6);
 * `download` fetches a customer's media: `GET {base}/{mediaId}` gives a short-lived URL, fetched with
 * the same token.
 */
export const make = (options: WhatsAppOptions): MediaClient<WhatsAppCredentials> => {
  const engine = Client.makeEngine("whatsapp", options, defaultLimits, classify)
  return {
    download: (credentials, mediaId) =>
      Effect.gen(function* () {
        const headers = { authorization: `Bearer ${credentials.accessToken}` }
        const meta = yield* engine.exchange({
          method: "GET",
          url: `${engine.baseUrl}/${encodeURIComponent(mediaId)}`,
          headers
        })
        const url = str(at(meta.json, "url"))
        if (url === undefined)
          return yield* Effect.fail(Client.permanent("whatsapp", "media_url", "invalid_request", meta.text))
        const file = yield* engine.exchange({ method: "GET", url, headers }, { bytes: true })
        return {
          bytes: file.bytes ?? new Uint8Array(),
          mimeType: str(at(meta.json, "mime_type")) ?? file.headers.get("content-type") ?? "application/octet-stream"
        }
      }),
    send: (credentials, request) =>
      Effect.suspend(() => {
        const bodies = requestBodies(request.recipient, request.message, options.listButtonLabel)
        if (Result.isFailure(bodies))
          return Effect.fail(Client.permanent("whatsapp", "invalid_message", "invalid_request", bodies.failure))
        const url = `${engine.baseUrl}/${encodeURIComponent(credentials.phoneNumberId)}/messages`
        const headers = { authorization: `Bearer ${credentials.accessToken}` }
        const parts: ReadonlyArray<Client.Part> = bodies.success.map((body) =>
          Client.staticPart(Client.postJson(url, body, headers), messageId)
        )
        return engine.deliver(credentials.phoneNumberId, request.recipient, parts, request.skipParts)
      })
  }
}
