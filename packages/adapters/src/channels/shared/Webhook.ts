import type { ChannelAccount, Inbound } from "@chatshop/domain"
import type { Result } from "effect"

/** The account secret a webhook is checked against. */
export type SecretName = keyof ChannelAccount.ChannelSecrets

/**
 * How a platform proves a delivery is its own. The server checks it in constant time, over the raw
 * bytes, with the secret of the account the delivery is for:
 * - `hmac`: `<header>: sha256=<hex HMAC-SHA256(secret, raw body)>` (Meta);
 * - `timestamped-hmac`: `<header>: t=<unix s>,s=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, and
 *   `t` no more than five minutes off the server clock (TikTok);
 * - `token`: `<header>` is the secret itself (Telegram);
 * - `bearer`: `Authorization: Bearer <secret>` (GREEN-API).
 */
export type WebhookAuth =
  | { readonly scheme: "hmac" | "timestamped-hmac" | "token"; readonly header: string; readonly secret: SecretName }
  | { readonly scheme: "bearer"; readonly secret: SecretName }

export type ParsedEvents = Result.Result<ReadonlyArray<Inbound.InboundEvent>, Inbound.MalformedPayload>

interface Common {
  /** The route: `/webhooks/<source>`, plus `/:accountId` when the account is in the path. */
  readonly source: string
  readonly auth: WebhookAuth
  /** Meta's `GET` subscription check on the same route: the account types whose verify token answers it. */
  readonly subscribe?: ReadonlyArray<ChannelAccount.ChannelAccountType>
}

/** The body names its accounts (read before the signature can be checked: the secret is the account's). */
export interface BodyKeyed extends Common {
  readonly accountIn: "body"
  /** The accounts the (JSON) body is for; every parsed event belongs to one of them. */
  readonly accountKeys: (body: unknown) => ReadonlyArray<ChannelAccount.LookupKey>
  /** Where the body names them, for the 400 when it names none. */
  readonly accountField: string
  readonly parse: (body: unknown, ctx: { readonly receivedAt: number }) => ParsedEvents
}

/** The path names the account (`/:accountId`, our id or the platform's); all the events are its. */
export interface PathKeyed extends Common {
  readonly accountIn: "path"
  readonly channel: ChannelAccount.ChannelAccountType
  /** `accountId` is the found account's own id. */
  readonly parse: (body: unknown, ctx: { readonly receivedAt: number; readonly accountId: string }) => ParsedEvents
}

/**
 * What a platform's webhook is, as data: where its account is named, how it is signed and how its
 * body becomes `Inbound` events. The server runs one pipeline over these (read the body once, check
 * the signature, parse, durable intake); adding a platform is adding one description.
 */
export type WebhookDescription = BodyKeyed | PathKeyed
