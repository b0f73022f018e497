import { TenantId } from "../shared/Ids.ts"

/** Per-run prefix so suites sharing one database (several processes, several runs) never collide. */
const run = globalThis.crypto.randomUUID().slice(0, 8)
let counter = 0

/** A tenant id no other test uses: contract suites can share one database without cleaning up. */
export const freshTenant = (label = "t"): TenantId => {
  counter += 1
  return TenantId.make(`${label}-${run}-${counter}`)
}

/** A unique id with a readable label, for any branded id schema. */
export const freshId = (label: string): string => {
  counter += 1
  return `${label}-${run}-${counter}`
}
