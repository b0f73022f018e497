import { type OutboundMessage, type PermanentReason, ReplyWindow, timestamp } from "@chatshop/domain"
import { Clock, Effect, Result } from "effect"
import * as Client from "../shared/Client.ts"
import { at, num, str } from "../shared/Json.ts"
import type { PlatformClient, PlatformSend } from "../shared/Platform.ts"
import { parseRetryAfter } from "../shared/Retry.ts"
import { splitText, truncate } from "../shared/Split.ts"
import { echoMetadata } from "./Inbound.ts"

export interface MessengerCredentials {
  readonly pageId: string
  readonly accessToken: string
}

export const defaultBaseUrl = "https://graph.facebook.com/v23.0"
export const textLimit = 2000
export const maxQuickReplies = 13

/** Messenger publishes no per-user pair rate; these keep a chatty bot well inside the page limits. */
export const defaultLimits = {
  perRecipient: { capacity: 3, refillEveryMs: 1_000 },
  global: { capacity: 1, refillEveryMs: 1_000 / 40 }
} as const

/** `messaging_type` and `tag` of a free-form message (SPEC §6): RESPONSE, or HUMAN_AGENT for a human after 24 h. */
export type Messaging =
  | { readonly messaging_type: "RESPONSE" }
  | { readonly messaging_type: "MESSAGE_TAG"; readonly tag: "HUMAN_AGENT" }

/**
 * The tag given by the caller (from `ReplyWindow.canSend`) wins; otherwise it is derived the same
 * way from the customer's last message. A closed window is refused here, before any request.
 */
export const messagingFor = (
  request: Pick<PlatformSend, "channel" | "sender" | "tag" | "lastInboundAt">,
  now: number
): Result.Result<Messaging, ReplyWindow.ReplyWindowClosed> => {
  const tag =
    request.tag !== undefined
      ? Result.succeed(request.tag)
      : request.lastInboundAt === undefined
        ? Result.succeed<ReplyWindow.MessagingTag>("RESPONSE")
        : Result.map(
            ReplyWindow.canSend(
              request.channel ?? "messenger",
              request.sender,
              timestamp(request.lastInboundAt),
              timestamp(now)
            ),
            (permit) => permit.tag ?? "RESPONSE"
          )
  return Result.map(
    tag,
    (t): Messaging =>
      t === "HUMAN_AGENT" ? { messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" } : { messaging_type: "RESPONSE" }
  )
}

type Body = Record<string, unknown>

const image = (source: { readonly url?: string | undefined; readonly mediaId?: string | undefined }) => ({
  attachment: {
    type: "image",
    payload: source.mediaId !== undefined ? { attachment_id: source.mediaId } : { url: source.url, is_reusable: true }
  }
})

/** The `message` objects of one logical message, in sending order. */
export const messagesOf = (message: OutboundMessage): Result.Result<ReadonlyArray<Body>, string> => {
  switch (message._tag) {
    case "Text":
      return Result.succeed(splitText(message.text, textLimit).map((text) => ({ text })))
    case "Image": {
      if (message.url === undefined && message.mediaId === undefined)
        return Result.fail("image needs a url or a media id")
      const caption = splitText(message.caption ?? "", textLimit).map((text) => ({ text }))
      return Result.succeed([image(message), ...caption])
    }
    case "Buttons": {
      if (message.buttons.length > maxQuickReplies)
        return Result.fail(`Messenger offers at most ${maxQuickReplies} quick replies`)
      const text = message.footer === undefined ? message.text : `${message.text}\n\n${message.footer}`
      const parts = splitText(text, textLimit)
      const quickReplies = message.buttons.map((b) => ({
        content_type: "text",
        title: truncate(b.title, 20),
        payload: b.id
      }))
      return Result.succeed([
        ...(message.image === undefined ? [] : [image(message.image)]),
        ...parts.slice(0, -1).map((t) => ({ text: t })),
        { text: parts[parts.length - 1] ?? message.text, quick_replies: quickReplies }
      ])
    }
    case "AnswerCallback":
      return Result.succeed([])
  }
}

/**
 * Graph API errors: 10/2018278 (and 2018065) outside the allowed window, 551 and 200/2018108 the
 * person can't or won't receive, 100/2018001 no such user, 190 bad token; 613, 4, 17, 32, 1200,
 * 1, 2 and any 429/5xx are throttling or temporary.
 */
export const classify: Client.Classify = (response, now) => {
  if (response.status >= 200 && response.status < 300) return Result.succeed(response.json)
  const code = num(at(response.json, "error", "code"))
  const subcode = num(at(response.json, "error", "error_subcode"))
  const c = code === undefined ? `http_${response.status}` : subcode === undefined ? String(code) : `${code}/${subcode}`
  const message = str(at(response.json, "error", "message")) ?? response.text.slice(0, 300)
  const refuse = (reason: PermanentReason) => Result.fail(Client.permanent("messenger", c, reason, message))
  if (subcode === 2018278 || subcode === 2018065) return refuse("window_closed")
  if (code === 551 || subcode === 2018108 || subcode === 1545041) return refuse("blocked")
  if (subcode === 2018001) return refuse("invalid_recipient")
  if (
    code === 613 ||
    code === 4 ||
    code === 17 ||
    code === 32 ||
    code === 1200 ||
    code === 1 ||
    code === 2 ||
    response.status === 429 ||
    response.status >= 500
  ) {
    return Result.fail(
      Client.transient("messenger", c, message, parseRetryAfter(response.headers.get("retry-after"), now))
    )
  }
  if (code === 190 || code === 10 || code === 200 || code === 230) return refuse("unauthorized")
  return refuse(code === 100 ? "invalid_request" : "unknown")
}

const messageId = (body: unknown): string => str(at(body, "message_id")) ?? ""

/**
 * Messenger/Instagram Send API client: `POST {base}/{pageId}/messages`, `Authorization: Bearer`,
 * with `messaging_type` (and `tag: HUMAN_AGENT` for a human after 24 h) — SPEC §6.
 */
export const make = (options: Client.ClientOptions): PlatformClient<MessengerCredentials> => {
  const engine = Client.makeEngine("messenger", options, defaultLimits, classify)
  return {
    send: (credentials, request) =>
      Effect.gen(function* () {
        const messages = messagesOf(request.message)
        if (Result.isFailure(messages))
          return yield* Effect.fail(
            Client.permanent("messenger", "invalid_message", "invalid_request", messages.failure)
          )
        const messaging = messagingFor(request, yield* Clock.currentTimeMillis)
        if (Result.isFailure(messaging)) {
          return yield* Effect.fail(
            Client.permanent(
              request.channel ?? "messenger",
              "window_closed",
              "window_closed",
              "outside the reply window (SPEC §3.6)"
            )
          )
        }
        const url = `${engine.baseUrl}/${encodeURIComponent(credentials.pageId)}/messages`
        const headers = { authorization: `Bearer ${credentials.accessToken}` }
        // Instagram does not take `metadata`; on Messenger it marks our echoes as ours.
        const marked = request.channel === "instagram" ? {} : { metadata: `${echoMetadata}:${request.sender}` }
        const parts: ReadonlyArray<Client.Part> = messages.success.map((message) =>
          Client.staticPart(
            Client.postJson(
              url,
              { recipient: { id: request.recipient }, ...messaging.success, message: { ...message, ...marked } },
              headers
            ),
            messageId
          )
        )
        return yield* engine.deliver(credentials.pageId, request.recipient, parts, request.skipParts)
      })
  }
}
