import { DateTime, Result, Schema } from "effect"
import { TenantId, Timestamp } from "../shared/Ids.ts"
import { defaultShopSettings, ShopSettings } from "../shared/ShopSettings.ts"
import { InvalidTenant } from "./Errors.ts"

export const TenantName = Schema.String.check(Schema.isTrimmed(), Schema.isMinLength(1), Schema.isMaxLength(120))

/** A shop: everything else in chatshop belongs to exactly one. */
export const Tenant = Schema.Struct({
  id: TenantId,
  name: TenantName,
  settings: ShopSettings,
  createdAt: Timestamp
})
export type Tenant = typeof Tenant.Type

/** What `TenantRepository.create` takes; the repository stamps `createdAt` from the Clock. */
export const NewTenant = Schema.Struct({ id: TenantId, name: TenantName, settings: ShopSettings })
export type NewTenant = typeof NewTenant.Type

/** Some of a shop's settings: what an update or the admin API's `{timezone?, currency?}` carries. */
export type SettingsPatch = { readonly [K in keyof ShopSettings]?: ShopSettings[K] }

/** The defaults with the given settings on top. */
export const settingsWith = (patch: SettingsPatch = {}, base: ShopSettings = defaultShopSettings): ShopSettings => {
  const merged: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) merged[k] = v
  return merged as ShopSettings
}

const isSettings = Schema.is(ShopSettings)
const isName = Schema.is(TenantName)

/** Every reason these settings are unusable: schema violations and an unknown time zone. */
export const settingsProblems = (settings: ShopSettings): ReadonlyArray<string> => {
  const problems: Array<string> = []
  if (!isSettings(settings)) problems.push("settings do not match ShopSettings")
  if (typeof settings.timezone !== "string" || DateTime.zoneMakeNamed(settings.timezone)._tag === "None") {
    problems.push(`unknown time zone: ${String(settings.timezone)}`)
  }
  return problems
}

export const nameProblems = (name: string): ReadonlyArray<string> =>
  isName(name) ? [] : ["the name must be 1–120 characters without surrounding spaces"]

/** The tenant unchanged, or every problem it has. */
export const validate = <T extends { readonly name: string; readonly settings: ShopSettings; readonly id: TenantId }>(
  tenant: T
): Result.Result<T, InvalidTenant> => {
  const [first, ...rest] = [...nameProblems(tenant.name), ...settingsProblems(tenant.settings)]
  return first === undefined
    ? Result.succeed(tenant)
    : Result.fail(new InvalidTenant({ tenantId: tenant.id, problems: [first, ...rest] }))
}
