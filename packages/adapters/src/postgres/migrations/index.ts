import type { Migration } from "kysely/migration"
import * as m0001 from "./2026_11_22_0001_tenants_and_channels.ts"
import * as m0002 from "./2026_11_22_0002_catalog_and_stock.ts"
import * as m0003 from "./2026_11_22_0003_orders_and_offers.ts"
import * as m0004 from "./2026_11_22_0004_conversations_and_outbox.ts"
import * as m0005 from "./2026_11_22_0005_fencing.ts"
import * as m0006 from "./2026_11_22_0006_row_level_security.ts"
import * as m0007 from "./2026_11_22_0007_api_keys_and_channel_lookup.ts"
import * as m0008 from "./2026_12_04_0008_worker_turns.ts"
import * as m0009 from "./2026_12_05_0009_outbox_retry_state.ts"

/**
 * Every migration, by name. Listed statically (not read from the folder) so the same set runs
 * from source, from a bundle and in PGlite. Add new files with a later timestamp; never edit one
 * that has shipped.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  "2026_11_22_0001_tenants_and_channels": m0001,
  "2026_11_22_0002_catalog_and_stock": m0002,
  "2026_11_22_0003_orders_and_offers": m0003,
  "2026_11_22_0004_conversations_and_outbox": m0004,
  "2026_11_22_0005_fencing": m0005,
  "2026_11_22_0006_row_level_security": m0006,
  "2026_11_22_0007_api_keys_and_channel_lookup": m0007,
  "2026_12_04_0008_worker_turns": m0008,
  "2026_12_05_0009_outbox_retry_state": m0009
}
