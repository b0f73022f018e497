import * as fc from "fast-check"
import { currencies } from "../../shared/Money.ts"
import { TenantId } from "../../shared/Ids.ts"
import { defaultShopSettings, type ShopSettings } from "../../shared/ShopSettings.ts"
import type { NewTenant, SettingsPatch } from "../../tenant/Model.ts"

export const tenantIds = ["t1", "t2", "t3"].map((id) => TenantId.make(id))
export const timezones = ["UTC", "Asia/Almaty", "Europe/Moscow", "Asia/Phnom_Penh", "America/New_York"]
export const currency = fc.constantFrom(...(Object.keys(currencies) as Array<keyof typeof currencies>))

export const name: fc.Arbitrary<string> = fc
  .string({ minLength: 1, maxLength: 40 })
  .map((s) => s.trim())
  .filter((s) => s.length > 0)

/** Valid settings: any zone of the pool, any currency, knobs inside their ranges. */
export const settings: fc.Arbitrary<ShopSettings> = fc
  .record({
    timezone: fc.constantFrom(...timezones),
    currency,
    holdHours: fc.integer({ min: 1, max: 72 }),
    paymentAutoAcceptThreshold: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
    lowStockThreshold: fc.integer({ min: 0, max: 10 }),
    startMinute: fc.integer({ min: 0, max: 12 * 60 }),
    length: fc.integer({ min: 1, max: 12 * 60 }),
    burstDebounceMs: fc.integer({ min: 0, max: 10_000 }),
    maxNudges: fc.integer({ min: 0, max: 5 })
  })
  .map(({ startMinute, length, ...rest }) => ({
    ...rest,
    workHours: { startMinute, endMinute: startMinute + length }
  }))

/** Some settings to change. */
export const patch: fc.Arbitrary<SettingsPatch> = settings.chain((s) =>
  fc.subarray(Object.keys(s) as Array<keyof ShopSettings>).map((keys) => {
    const out: Record<string, unknown> = {}
    for (const k of keys) out[k] = s[k]
    return out as SettingsPatch
  })
)

export const newTenant = (id: TenantId): fc.Arbitrary<NewTenant> =>
  fc.record({ name, settings: fc.oneof(fc.constant(defaultShopSettings), settings) }).map((t) => ({ id, ...t }))
