import type { Channel, Inbound } from "@chatshop/domain"

type Loose<T> = { -readonly [K in keyof T]?: T[K] | undefined }

/** An InboundEvent as parsers assemble it: optional fields may be `undefined` (dropped on build). */
export interface EventInput {
  readonly channel: Channel
  readonly accountKey: string
  readonly customerId?: string | undefined
  readonly customerName?: string | undefined
  readonly platformMessageId: string
  readonly kind: Inbound.InboundKind
  readonly text?: string | undefined
  readonly image?: Loose<Inbound.InboundImage> | undefined
  readonly button?: { readonly payload: string; readonly title?: string | undefined } | undefined
  readonly callbackId?: string | undefined
  readonly product?: Loose<Inbound.ReferredProduct> & { readonly productId: string }
  readonly products?: ReadonlyArray<Loose<Inbound.ReferredProduct> & { readonly productId: string }> | undefined
  readonly status?:
    | {
        readonly messageId: string
        readonly state: Inbound.DeliveryState
        readonly errorCode?: string | undefined
        readonly errorTitle?: string | undefined
      }
    | undefined
  readonly read?: { readonly watermark?: number | undefined; readonly messageId?: string | undefined } | undefined
  readonly echo?: Loose<Inbound.EchoOrigin> | undefined
  readonly replyTo?: string | undefined
  readonly edited?: boolean | undefined
  readonly timestamp: number
  readonly raw: unknown
}

const nested = new Set(["image", "button", "product", "status", "read", "echo"])

const compact = (o: object): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v
  return out
}

/**
 * Builds the event, dropping undefined fields (exactOptionalPropertyTypes: an absent key, never an
 * `undefined` value) and empty text. Ids were checked non-empty by the parser; brands are applied here.
 */
export const inboundEvent = (input: EventInput): Inbound.InboundEvent => {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined || (k === "text" && v === "")) continue
    if (k === "raw") out[k] = v
    else if (nested.has(k)) out[k] = compact(v as object)
    else if (k === "products") out[k] = (v as ReadonlyArray<object>).map(compact)
    else out[k] = v
  }
  return out as unknown as Inbound.InboundEvent
}

/** `status:<id>:<state>` — one id per delivery report, so sent/delivered/read of one message all survive dedupe. */
export const statusEventId = (messageId: string, state: string): string => `status:${messageId}:${state}`
