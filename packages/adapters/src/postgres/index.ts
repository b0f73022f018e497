import { Config, Effect, Layer, type Redacted } from "effect"
import { layerDb, layerDbPglite, type PgliteOptions, type PostgresConfig } from "./Connection.ts"
import { layerFencedStore } from "./Fencing.ts"
import { tenantTables as tenantTables0006 } from "./migrations/2026_11_22_0006_row_level_security.ts"
import { tenantTables as tenantTables0007 } from "./migrations/2026_11_22_0007_api_keys_and_channel_lookup.ts"
import { tenantTables as tenantTables0008 } from "./migrations/2026_12_04_0008_worker_turns.ts"
import * as ApiKeyRepository from "./repositories/ApiKeyRepository.ts"
import * as CatalogRepository from "./repositories/CatalogRepository.ts"
import * as ChannelAccountRepository from "./repositories/ChannelAccountRepository.ts"
import * as ConversationRepository from "./repositories/ConversationRepository.ts"
import * as InboundDedupe from "./repositories/InboundDedupe.ts"
import * as InboundDedupePort from "./repositories/InboundDedupePort.ts"
import * as OfferRepository from "./repositories/OfferRepository.ts"
import * as OrderRepository from "./repositories/OrderRepository.ts"
import * as Outbox from "./repositories/Outbox.ts"
import * as TenantRepository from "./repositories/TenantRepository.ts"
import { layerSecretBox } from "./Secrets.ts"
import * as StockLedger from "./StockLedger.ts"
import * as UnitOfWork from "./UnitOfWork.ts"

export type { PgliteOptions, PostgresConfig } from "./Connection.ts"
export { layerDb, layerDbPglite } from "./Connection.ts"
export type * from "./Database.ts"
export { currentTransaction, Db, query, SqlError, run, transaction } from "./Db.ts"
export { appRole, asTenant, tenantRun, tenantTransaction } from "./Tenancy.ts"
export { type FenceKey, fencedWrite, highestToken, layerFencedStore, makeFencedStore } from "./Fencing.ts"
export * as GroupCommit from "./GroupCommit.ts"
export { type MigrationReport, MigrationError, migrate } from "./Migrate.ts"
/** Every table with a `tenant_id` (row-level security): migration 0006's and those added later. */
export const tenantTables = [...tenantTables0006, ...tenantTables0007, ...tenantTables0008] as const
export { migrations } from "./migrations/index.ts"
export * as CatalogRepositorySql from "./repositories/CatalogRepository.ts"
export * as ConversationRepositorySql from "./repositories/ConversationRepository.ts"
export { InboundDedupe, minimumRetentionMs } from "./repositories/InboundDedupe.ts"
export * as OfferRepositorySql from "./repositories/OfferRepository.ts"
export * as OrderRepositorySql from "./repositories/OrderRepository.ts"
export * as OutboxSql from "./repositories/Outbox.ts"
export * as TenantRepositorySql from "./repositories/TenantRepository.ts"
export * as StockLedgerSql from "./StockLedger.ts"
export * as UnitOfWorkSql from "./UnitOfWork.ts"
export * as ApiKeyRepositorySql from "./repositories/ApiKeyRepository.ts"
export * as ChannelAccountRepositorySql from "./repositories/ChannelAccountRepository.ts"
export * as InboundDedupePortSql from "./repositories/InboundDedupePort.ts"
export {
  generateSecretKey,
  layerSecretBox,
  makeSecretBox,
  type SealedSecret,
  SecretBox,
  type SecretBoxService,
  SecretKeyMismatch,
  SecretsCorrupt
} from "./Secrets.ts"

/** Every port this package implements on SQL, over whatever `Db` is provided. */
export const repositories = Layer.mergeAll(
  StockLedger.layer,
  TenantRepository.layer,
  CatalogRepository.layer,
  OrderRepository.layer,
  OfferRepository.layerOffers,
  OfferRepository.layerBusinesses,
  ConversationRepository.layer,
  Outbox.layer,
  InboundDedupe.layer,
  layerFencedStore,
  ApiKeyRepository.layer,
  InboundDedupePort.layer,
  UnitOfWork.layer
)

/**
 * The ChannelAccountRepository, its secrets sealed with AES-256-GCM under `secretKey`
 * (CHATSHOP_SECRET_KEY; `previous` keys still open rows during a rotation). Needs `Db`.
 */
export const layerChannelAccounts = (
  secretKey: string | Redacted.Redacted<string>,
  previous: ReadonlyArray<string | Redacted.Redacted<string>> = []
) => ChannelAccountRepository.layer.pipe(Layer.provide(layerSecretBox(secretKey, previous)))

/** PostgreSQL (production): the repositories over a pg pool, plus `Db` for transactions of your own. */
export const layer = (config: PostgresConfig) => repositories.pipe(Layer.provideMerge(layerDb(config)))

/** PGlite (embedded mode and fast tests): the same repositories and migrations, run at start. */
export const layerPglite = (options: PgliteOptions) => repositories.pipe(Layer.provideMerge(layerDbPglite(options)))

/** `layer` configured from the environment: DATABASE_URL (required), DATABASE_POOL_SIZE (default 10). */
export const layerConfig = Layer.unwrap(
  Effect.gen(function* () {
    const url = yield* Config.Redacted("DATABASE_URL")
    const poolSize = yield* Config.Int("DATABASE_POOL_SIZE").pipe(Config.withDefault(10))
    return layer({ url, poolSize })
  })
)

/** A fresh in-memory PGlite with every migration applied. */
export const layerTest = layerPglite({ memory: true })
