import { defaultShopSettings, Order, Tenant } from "@chatshop/domain"
import { Context, Effect, Layer } from "effect"

/**
 * The order terms of each shop from its stored settings (hold hours, auto-accept threshold, payment
 * recipients), so a shop's `holdHours` is what its holds last. A shop with no recipients gets every
 * screenshot reviewed by a human (SPEC §3.3).
 */
export const layerOrderPolicy: Layer.Layer<never, never, Tenant.TenantRepository> = Layer.effectContext(
  Effect.gen(function* () {
    const tenants = yield* Tenant.TenantRepository
    const terms = (settings: typeof defaultShopSettings): Order.OrderTerms => ({
      holdHours: settings.holdHours,
      paymentAutoAcceptThreshold: settings.paymentAutoAcceptThreshold,
      paymentRecipients: settings.paymentRecipients ?? []
    })
    return Context.make(Order.OrderPolicy, {
      forTenant: (tenantId) =>
        tenants.get(tenantId).pipe(
          Effect.map((t) => terms(t.settings)),
          Effect.orElseSucceed(() => terms(defaultShopSettings))
        )
    })
  })
)

/** How long a customer's turn lock lives without renewal (a dead worker's lock lapses after this). */
export const TurnLockTtl = Context.Reference<number>("@chatshop/app-worker/TurnLockTtl", {
  defaultValue: () => 30_000
})
