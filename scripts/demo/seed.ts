// Seeds the demo shop through the domain's own ports, once: every step treats "already exists" as
// done, so a restart (or a start that crashed half-way through seeding) never duplicates anything.
import { ApiKey, Catalog, ChannelAccount, DAY, Offer, OfferId, Tenant, timestamp } from "@chatshop/domain"
import { Clock, Effect } from "effect"
import { demoBusinessId, demoOffer, demoProducts, demoShopName, demoTenantId, demoWebchatAccount } from "./shop.ts"

export interface SeedReport {
  /** False when the demo shop was already there (nothing new was written). */
  readonly created: boolean
  readonly products: number
  readonly offers: number
}

/** Runs `effect`; a failure with one of the `done` tags means an earlier start did it: false instead of true. */
const once = <E extends { readonly _tag: string }, R>(
  done: string | ReadonlyArray<string>,
  effect: Effect.Effect<unknown, E, R>
) =>
  effect.pipe(
    Effect.as(true),
    Effect.catchIf(
      (error: E) => (typeof done === "string" ? [done] : done).includes(error._tag),
      () => Effect.succeed(false)
    )
  )

export const seedDemo = Effect.gen(function* () {
  const tenants = yield* Tenant.TenantRepository
  const accounts = yield* ChannelAccount.ChannelAccountRepository
  const catalog = yield* Catalog.Catalog
  const businesses = yield* Offer.Businesses
  const offers = yield* Offer.Offers
  const now = yield* Clock.currentTimeMillis
  // Every step runs (no short-circuit): a half-seeded shop from a crashed start is completed.
  const steps: Array<boolean> = []

  steps.push(
    yield* once(
      "TenantExists",
      tenants.create({
        id: demoTenantId,
        name: demoShopName,
        // Web chat customers type fast: a shorter burst window makes the demo feel snappier.
        settings: Tenant.settingsWith({
          currency: "USD",
          burstDebounceMs: 800,
          paymentRecipients: ["Demo Boutique", "+7 701 000 00 00"],
          paymentDetails: "Kaspi transfer to +7 701 000 00 00 (Demo Boutique)"
        })
      })
    )
  )
  steps.push(
    yield* once(
      "ChannelAccountExists",
      accounts.create({ id: demoWebchatAccount, tenantId: demoTenantId, type: "webchat", secrets: {}, managers: [] })
    )
  )
  let products = 0
  for (const product of demoProducts) {
    const added = yield* once("ProductExists", catalog.create({ ...product, tenantId: demoTenantId }))
    if (added) products += 1
  }

  // The deal needs a verified business (SPEC §3.4): submit, verify, create, publish — each at most once.
  steps.push(
    yield* once(
      "BusinessAlreadyExists",
      businesses.submit(demoTenantId, { businessId: demoBusinessId, name: `${demoShopName} outlet` })
    )
  )
  yield* once("IllegalBusinessTransition", businesses.verify(demoTenantId, demoBusinessId))
  const offerId = OfferId.make(demoOffer.offerId)
  const offerAdded = yield* once(
    "OfferAlreadyExists",
    offers.create(demoTenantId, {
      offerId,
      businessId: demoBusinessId,
      title: demoOffer.title,
      description: demoOffer.description,
      price: demoOffer.price,
      originalPrice: demoOffer.originalPrice,
      quantity: demoOffer.quantity,
      window: { startsAt: timestamp(now), endsAt: timestamp(now + demoOffer.days * DAY) }
    })
  )
  // Published unless it already left draft (active, paused by the merchant, sold out or over).
  yield* once(["IllegalOfferTransition", "OfferExpired", "WindowEnded"], offers.publish(demoTenantId, offerId))
  const created = products > 0 || offerAdded || steps.some((step) => step)
  return { created, products, offers: offerAdded ? 1 : 0 } satisfies SeedReport
})

/** The demo shop's owner API key (hash stored, plain key kept by the launcher); undefined when it exists. */
export const issueDemoKey = (id: string, hash: string) =>
  once(
    "ApiKeyExists",
    ApiKey.ApiKeyRepository.use((keys) =>
      keys.create({ id: ApiKey.ApiKeyId.make(id), tenantId: demoTenantId, role: "owner", hash, label: "demo" })
    )
  )
