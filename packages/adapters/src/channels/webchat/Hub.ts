import type { OutboundMessage } from "@chatshop/domain"
import { Clock, Context, Effect, Layer } from "effect"

/** A reply on its way to a browser. */
export interface WebchatDelivery {
  readonly id: string
  readonly tenantId: string
  readonly customerId: string
  readonly message: OutboundMessage
  readonly at: number
}

/**
 * Replies for the web chat: the sender publishes, the server's server-sent-events route listens.
 * The memory hub works when server and worker share a process (embedded mode); a multi-process
 * deployment needs a shared implementation (e.g. Redis pub/sub) behind the same service.
 */
export class WebchatHub extends Context.Service<
  WebchatHub,
  {
    readonly publish: (tenantId: string, customerId: string, message: OutboundMessage) => Effect.Effect<WebchatDelivery>
    /** Calls `listener` for each new reply to this customer until the returned effect unsubscribes. */
    readonly subscribe: (
      tenantId: string,
      customerId: string,
      listener: (delivery: WebchatDelivery) => void
    ) => Effect.Effect<Effect.Effect<void>>
    /** Recent replies (for a reconnecting browser), oldest first, optionally only after `since`. */
    readonly recent: (
      tenantId: string,
      customerId: string,
      since?: number
    ) => Effect.Effect<ReadonlyArray<WebchatDelivery>>
  }
>()("@chatshop/adapters/channels/webchat/WebchatHub") {
  static readonly layerMemory = Layer.sync(WebchatHub, () => makeMemoryHub())
}

export const makeMemoryHub = (keep = 50): WebchatHub["Service"] => {
  const listeners = new Map<string, Set<(d: WebchatDelivery) => void>>()
  const history = new Map<string, Array<WebchatDelivery>>()
  let counter = 0
  const key = (tenantId: string, customerId: string) => `${tenantId}\u0000${customerId}`
  return WebchatHub.of({
    publish: (tenantId, customerId, message) =>
      Effect.map(Clock.currentTimeMillis, (at) => {
        counter += 1
        const delivery: WebchatDelivery = { id: `web_${at}_${counter}`, tenantId, customerId, message, at }
        const k = key(tenantId, customerId)
        const past = history.get(k) ?? []
        past.push(delivery)
        if (past.length > keep) past.shift()
        history.set(k, past)
        for (const listener of listeners.get(k) ?? []) listener(delivery)
        return delivery
      }),
    subscribe: (tenantId, customerId, listener) =>
      Effect.sync(() => {
        const k = key(tenantId, customerId)
        const set = listeners.get(k) ?? new Set()
        set.add(listener)
        listeners.set(k, set)
        return Effect.sync(() => {
          set.delete(listener)
          if (set.size === 0) listeners.delete(k)
        })
      }),
    recent: (tenantId, customerId, since) =>
      Effect.sync(() =>
        (history.get(key(tenantId, customerId)) ?? []).filter((d) => since === undefined || d.at > since)
      )
  })
}
