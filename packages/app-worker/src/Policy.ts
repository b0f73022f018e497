import { defaultShopSettings, Order, Tenant } from "@chatshop/domain"
import { Context, Effect, Layer } from "effect"

/**
 * The order terms of each shop from its stored settings (hold hours, auto-accept threshold), so a
 * shop's `holdHours` is what its holds last. Payment recipients are not in the settings yet: with
 * none, nothing is paid automatically and every screenshot goes to review (SPEC §3.3).
 */
export const layerOrderPolicy: Layer.Layer<never, never, Tenant.TenantRepository> = Layer.effectContext(
  Effect.gen(function* () {
    const tenants = yield* Tenant.TenantRepository
    const terms = (settings: typeof defaultShopSettings): Order.OrderTerms => ({
      holdHours: settings.holdHours,
      paymentAutoAcceptThreshold: settings.paymentAutoAcceptThreshold,
      paymentRecipients: []
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
