import { randomUUID } from "node:crypto"
import type { OutboundMessage } from "@chatshop/domain"
import { Clock, Effect, Layer, type Scope } from "effect"
import type { Redis } from "ioredis"
import { WebchatHub, type WebchatDelivery } from "../channels/webchat/Hub.ts"
import { RedisClient } from "./Client.ts"

export interface RedisWebchatHubOptions {
  /** Key and channel prefix (default "chatshop:"), the same for servers and workers. */
  readonly prefix?: string
  /** Replies kept per customer for reconnecting browsers (default 50, for a day). */
  readonly keep?: number
}

const DAY_SECONDS = 24 * 60 * 60

/**
 * The web chat hub across processes (production mode): a worker publishes a reply, every server
 * hears it on one Redis pub/sub channel and hands it to the browsers of that customer it holds
 * open; the last replies per customer are kept in a list so a reconnecting page catches up.
 * One subscriber connection per process, opened with the first listener.
 */
export const makeRedisWebchatHub = (
  client: Redis,
  options: RedisWebchatHubOptions = {}
): Effect.Effect<WebchatHub["Service"], never, Scope.Scope> =>
  Effect.gen(function* () {
    const prefix = options.prefix ?? "chatshop:"
    const keep = options.keep ?? 50
    const channel = `${prefix}webchat`
    const listKey = (tenantId: string, customerId: string) => `${prefix}webchat:${tenantId}:${customerId}`
    const key = (tenantId: string, customerId: string) => `${tenantId}\u0000${customerId}`
    const listeners = new Map<string, Set<(d: WebchatDelivery) => void>>()
    let subscriber: Redis | undefined

    const dispatch = (_channel: string, raw: string) => {
      const delivery = JSON.parse(raw) as WebchatDelivery
      for (const listener of listeners.get(key(delivery.tenantId, delivery.customerId)) ?? []) listener(delivery)
    }
    const ensureSubscribed = Effect.promise(async () => {
      if (subscriber !== undefined) return
      // Its own connection (a subscribed connection takes no other commands), queueing until connected.
      subscriber = client.duplicate({ enableOfflineQueue: true, lazyConnect: false, enableAutoPipelining: false })
      subscriber.on("error", () => {})
      subscriber.on("message", dispatch)
      await subscriber.subscribe(channel)
    })
    yield* Effect.addFinalizer(() => Effect.promise(async () => void (await subscriber?.quit().catch(() => "OK"))))

    return WebchatHub.of({
      publish: (tenantId: string, customerId: string, message: OutboundMessage) =>
        Effect.flatMap(Clock.currentTimeMillis, (at) => {
          const delivery: WebchatDelivery = {
            id: `web_${at}_${randomUUID().slice(0, 8)}`,
            tenantId,
            customerId,
            message,
            at
          }
          const raw = JSON.stringify(delivery)
          const list = listKey(tenantId, customerId)
          return Effect.as(
            Effect.promise(() =>
              client
                .multi()
                .rpush(list, raw)
                .ltrim(list, -keep, -1)
                .expire(list, DAY_SECONDS)
                .publish(channel, raw)
                .exec()
            ),
            delivery
          )
        }),
      subscribe: (tenantId, customerId, listener) =>
        Effect.suspend(() => {
          const k = key(tenantId, customerId)
          const set = listeners.get(k) ?? new Set()
          set.add(listener)
          listeners.set(k, set)
          const unsubscribe = Effect.sync(() => {
            set.delete(listener)
            if (set.size === 0) listeners.delete(k)
          })
          return Effect.as(ensureSubscribed, unsubscribe)
        }),
      recent: (tenantId, customerId, since) =>
        Effect.map(
          Effect.promise(() => client.lrange(listKey(tenantId, customerId), 0, -1)),
          (raws) =>
            raws.map((raw) => JSON.parse(raw) as WebchatDelivery).filter((d) => since === undefined || d.at > since)
        )
    })
  })

/** WebchatHub over the process's `RedisClient` (servers and workers in separate processes). */
export const layerWebchatHub = (options: RedisWebchatHubOptions = {}): Layer.Layer<WebchatHub, never, RedisClient> =>
  Layer.effect(
    WebchatHub,
    Effect.flatMap(RedisClient, (client: RedisClient["Service"]) => makeRedisWebchatHub(client, options))
  )
