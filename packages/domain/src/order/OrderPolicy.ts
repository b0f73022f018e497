import { Context, Effect } from "effect"
import type { TenantId } from "../shared/Ids.ts"
import { defaultShopSettings } from "../shared/ShopSettings.ts"

/** The per-shop knobs the order service needs (from ShopSettings and the shop's payment details). */
export interface OrderTerms {
  readonly holdHours: number
  readonly paymentAutoAcceptThreshold: number
  /** Who the shop is paid to (account names, card or phone numbers): scored against evidence. */
  readonly paymentRecipients: ReadonlyArray<string>
}

/** Where the service finds a shop's terms. Defaults to defaultShopSettings and no recipients. */
export const OrderPolicy = Context.Reference<{
  readonly forTenant: (tenantId: TenantId) => Effect.Effect<OrderTerms>
}>("@chatshop/domain/order/OrderPolicy", {
  defaultValue: () => ({
    forTenant: () =>
      Effect.succeed({
        holdHours: defaultShopSettings.holdHours,
        paymentAutoAcceptThreshold: defaultShopSettings.paymentAutoAcceptThreshold,
        paymentRecipients: []
      })
  })
})
