import { Inbound } from "@chatshop/domain"
import { Result } from "effect"
import * as GreenApi from "./greenapi/Inbound.ts"
import * as Messenger from "./messenger/Inbound.ts"
import * as Telegram from "./telegram/Inbound.ts"
import * as TikTok from "./tiktok/Inbound.ts"
import * as Webchat from "./webchat/Inbound.ts"
import * as WhatsApp from "./whatsapp/Inbound.ts"

const noAccount = (channel: "telegram" | "webchat") =>
  Result.fail(new Inbound.MalformedPayload({ channel, reason: "no account key: it comes from the webhook path" }))

/** The webhook routes of SPEC §5 (Messenger's route also carries Instagram). */
export type WebhookSource = "whatsapp" | "messenger" | "telegram" | "tiktok" | "greenapi" | "webchat"

/**
 * Parses a webhook body (already JSON) from `source`. `receivedAt` is the server's Clock time;
 * `accountKey` is the path's account for Telegram and the web chat (their bodies don't name it).
 */
export const parseWebhook = (
  source: WebhookSource,
  body: unknown,
  ctx: { readonly receivedAt: number; readonly accountKey?: string }
): Result.Result<ReadonlyArray<Inbound.InboundEvent>, Inbound.MalformedPayload> => {
  switch (source) {
    case "whatsapp":
      return WhatsApp.parseWebhook(body, ctx)
    case "messenger":
      return Messenger.parseWebhook(body, ctx)
    case "telegram":
      return ctx.accountKey === undefined
        ? noAccount(source)
        : Telegram.parseWebhook(body, { receivedAt: ctx.receivedAt, accountKey: ctx.accountKey })
    case "tiktok":
      return TikTok.parseWebhook(body, ctx)
    case "greenapi":
      return GreenApi.parseWebhook(body, ctx)
    case "webchat":
      return ctx.accountKey === undefined
        ? noAccount(source)
        : Webchat.parseWebhook(body, { receivedAt: ctx.receivedAt, accountKey: ctx.accountKey })
  }
}
