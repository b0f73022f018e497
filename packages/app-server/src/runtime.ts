import { Webchat } from "@chatshop/adapters/channels"
import {
  ApiKey,
  ChannelAccount,
  Conversation,
  IdGenerator,
  InboundDedupe,
  InboundIntake,
  MessageQueue,
  Outbox
} from "@chatshop/domain"
import { Catalog, defaultShopSettings, Inventory, Offer, Order, Tenant, type TenantId } from "@chatshop/domain"
import { Context, Effect, Layer, type ManagedRuntime } from "effect"

/** One dependency `GET /ready` checks: true when it answers. */
export interface ReadinessCheck {
  readonly name: string
  readonly check: Effect.Effect<boolean>
}

/** What `/ready` asks: the database and, in production, Redis. */
export class Readiness extends Context.Service<Readiness, ReadonlyArray<ReadinessCheck>>()(
  "@chatshop/app-server/Readiness"
) {
  static readonly layerAlwaysUp = Layer.succeed(Readiness, [])
}

/** Every service the server's routes call. */
export type AppServices =
  | Tenant.TenantRepository
  | ApiKey.ApiKeyRepository
  | ChannelAccount.ChannelAccountRepository
  | InboundDedupe
  | InboundIntake
  | MessageQueue
  | Readiness
  | Catalog.Catalog
  | Inventory.StockLedger
  | Catalog.CatalogRepository
  | Order.Orders
  | Order.OrderRepository
  | Offer.Offers
  | Offer.OfferRepository
  | Offer.Businesses
  | Offer.BusinessRepository
  | Conversation.ConversationRepository
  | Outbox
  | IdGenerator
  | Webchat.WebchatHub

export type AppRuntime = ManagedRuntime.ManagedRuntime<AppServices, unknown>

/**
 * The repositories, services and queue over in-process memory (the tests; the server itself runs
 * on PGlite or PostgreSQL, see layers.ts). Each call builds fresh, empty stores.
 */
export const memoryStores = () =>
  Layer.mergeAll(
    Tenant.TenantRepository.layerMemory,
    ApiKey.ApiKeyRepository.layerMemory,
    ChannelAccount.ChannelAccountRepository.layerMemory,
    Conversation.ConversationRepository.layerMemory,
    Outbox.layerMemory,
    IdGenerator.layerRandom,
    // In-process replies for the web chat; a multi-process deployment needs a shared hub.
    Webchat.WebchatHub.layerMemory
  )

/** Orders read each shop's hold time and auto-accept threshold from its settings (SPEC §3.3). */
export const orderPolicyFromTenants = Layer.effect(
  Order.OrderPolicy,
  Effect.gen(function* () {
    const tenants = yield* Tenant.TenantRepository
    return {
      forTenant: (tenantId: TenantId) =>
        tenants.get(tenantId).pipe(
          Effect.map((t) => t.settings),
          Effect.orElseSucceed(() => defaultShopSettings),
          Effect.map((settings) => ({
            holdHours: settings.holdHours,
            paymentAutoAcceptThreshold: settings.paymentAutoAcceptThreshold,
            paymentRecipients: settings.paymentRecipients ?? []
          }))
        )
    }
  })
)

/** The domain services (catalog, orders, offers, businesses) over whatever repositories are provided. */
export const domainServices = () =>
  Layer.mergeAll(
    Catalog.Catalog.layer,
    Order.Orders.layer.pipe(Layer.provide(orderPolicyFromTenants)),
    Offer.Offers.layer,
    Offer.Businesses.layer
  )

/** The domain services over memory repositories: catalog + stock, orders, offers. Needs a TenantRepository. */
export const memoryDomain = () => {
  const repositories = Layer.mergeAll(
    Catalog.CatalogRepository.layerMemory,
    Order.OrderRepository.layerMemory,
    Offer.OfferRepository.layerMemory,
    Offer.BusinessRepository.layerMemory
  )
  const ledger = Inventory.StockLedger.layerMemory
  return domainServices().pipe(Layer.provideMerge(Layer.mergeAll(repositories, ledger)))
}

/** The intake over the dedupe and queue ports, which it also provides. */
export const intakeOverPorts = <E1, E2>(queue: Layer.Layer<MessageQueue, E1>, dedupe: Layer.Layer<InboundDedupe, E2>) =>
  InboundIntake.layerPorts.pipe(Layer.provideMerge(Layer.merge(queue, dedupe)))

/** Everything in memory: stores, domain, dedupe, queue and the intake over them. */
export const memoryLayer = (
  options: {
    readonly queue?: Layer.Layer<MessageQueue>
    readonly dedupe?: Layer.Layer<InboundDedupe>
    readonly readiness?: Layer.Layer<Readiness>
  } = {}
) =>
  Layer.mergeAll(
    memoryDomain().pipe(Layer.provideMerge(memoryStores())),
    intakeOverPorts(options.queue ?? MessageQueue.layerMemory, options.dedupe ?? InboundDedupe.layerMemory),
    options.readiness ?? Readiness.layerAlwaysUp
  )

/** Runs every check; the names of those that failed or did not answer. */
export const downDependencies = Effect.gen(function* () {
  const checks = yield* Readiness
  const results = yield* Effect.forEach(
    checks,
    (c) =>
      c.check.pipe(
        Effect.timeoutOrElse({ duration: "2 seconds", orElse: () => Effect.succeed(false) }),
        Effect.catchCause(() => Effect.succeed(false)),
        Effect.map((ok) => (ok ? [] : [c.name]))
      ),
    { concurrency: "unbounded" }
  )
  return results.flat()
})
