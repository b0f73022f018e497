import { layer as channelsLayer, type ChannelsConfig, layerInboundMedia, Webchat } from "@chatshop/adapters/channels"
import * as Llm from "@chatshop/adapters/llm"
import * as OfflineNlu from "@chatshop/adapters/nlu"
import * as Postgres from "@chatshop/adapters/postgres"
import * as Queue from "@chatshop/adapters/queue"
import * as Redis from "@chatshop/adapters/redis"
import {
  Catalog,
  type ChannelAccount,
  type DistributedLock,
  IdGenerator,
  type MessageQueue,
  type Nlu,
  Offer,
  Order,
  PaymentEvidenceReader,
  ReplyWriter
} from "@chatshop/domain"
import { Layer, Redacted } from "effect"
import type { WorkerConfig } from "./Config.ts"
import { layerCredentialsFromAccounts } from "./Credentials.ts"
import { layerOrderPolicy } from "./Policy.ts"
import { TurnStore } from "./TurnStore.ts"
import * as Worker from "./Worker.ts"

/** What the SQL adapters provide: every repository, the ledger, the outbox and `Db`. */
export type SqlStorage = Layer.Success<ReturnType<typeof Postgres.layerPglite>>

export interface WorkerWiring<E, R> {
  /** `Postgres.layer(...)` (production) or `Postgres.layerPglite(...)` (embedded), shared with the server. */
  readonly storage: Layer.Layer<SqlStorage, E, R>
  readonly queue: Layer.Layer<MessageQueue>
  readonly locks: Layer.Layer<DistributedLock>
  /** The channel account store the server writes (secrets decrypted by its adapter). */
  readonly accounts: Layer.Layer<ChannelAccount.ChannelAccountRepository>
  /** The web chat hub the server's SSE route subscribes to (embedded: the same instance). */
  readonly webchat?: Layer.Layer<Webchat.WebchatHub>
  /** Default: the offline NLU over the catalog. */
  readonly nlu?: Layer.Layer<Nlu, never, Catalog.CatalogRepository>
  readonly replyWriter?: Layer.Layer<ReplyWriter>
  readonly evidenceReader?: Layer.Layer<PaymentEvidenceReader>
  readonly channels?: ChannelsConfig
}

/**
 * Every port `makeWorker` needs, over SQL storage: the domain services on top of the repositories,
 * the SQL turn store, the channel clients reading credentials from `accounts`. Production and the
 * embedded launcher differ only in what they pass.
 */
export const workerPorts = <E, R>(wiring: WorkerWiring<E, R>) => {
  const base = Layer.mergeAll(
    wiring.storage,
    wiring.accounts,
    wiring.queue,
    wiring.locks,
    wiring.webchat ?? Webchat.WebchatHub.layerMemory,
    IdGenerator.layerRandom,
    wiring.replyWriter ?? ReplyWriter.layerMemory,
    wiring.evidenceReader ?? PaymentEvidenceReader.layerMemory
  )
  const sender = Layer.merge(channelsLayer(wiring.channels ?? {}), layerInboundMedia(wiring.channels ?? {})).pipe(
    Layer.provide(layerCredentialsFromAccounts)
  )
  const services = Layer.mergeAll(
    Catalog.Catalog.layer,
    Order.Orders.layer.pipe(Layer.provide(layerOrderPolicy)),
    Offer.Offers.layer,
    wiring.nlu ?? OfflineNlu.layerWithCatalog,
    sender,
    TurnStore.layerSql
  )
  return services.pipe(Layer.provideMerge(base))
}

const channelsOf = (urls: WorkerConfig["baseUrls"]): ChannelsConfig => ({
  ...(urls.whatsapp === undefined ? {} : { whatsapp: { baseUrl: urls.whatsapp } }),
  ...(urls.messenger === undefined ? {} : { messenger: { baseUrl: urls.messenger } }),
  ...(urls.telegram === undefined ? {} : { telegram: { baseUrl: urls.telegram } }),
  ...(urls.tiktok === undefined ? {} : { tiktok: { baseUrl: urls.tiktok } }),
  ...(urls.greenapi === undefined ? {} : { greenapi: { baseUrl: urls.greenapi } })
})

/** SPEC §2: NLU, wording and vision over the LLM when a key is configured; else the defaults (offline). */
export const dialogWiring = (
  llm: Llm.LlmOptions | undefined
): Pick<WorkerWiring<never, never>, "nlu" | "replyWriter" | "evidenceReader"> =>
  llm === undefined
    ? {}
    : {
        nlu: Llm.layerWithFallback(llm),
        replyWriter: Llm.layerReplyWriter(llm),
        evidenceReader: Llm.layerEvidenceReader(llm)
      }

/** Production (SPEC §2): PostgreSQL, BullMQ on Redis, Redis locks, the LLM when configured. */
export const productionPorts = (config: WorkerConfig, accounts: Layer.Layer<ChannelAccount.ChannelAccountRepository>) =>
  workerPorts({
    storage: Postgres.layer({ url: config.databaseUrl, poolSize: config.poolSize, applicationName: "chatshop-worker" }),
    queue: Queue.layer({ url: Redacted.value(config.redisUrl), prefix: config.queuePrefix }),
    locks: Redis.layerUrl({ url: config.redisUrl, prefix: `${config.queuePrefix}:` }).pipe(Layer.orDie),
    // Web chat replies go to the servers' SSE streams through Redis pub/sub.
    webchat: Redis.layerWebchatHub({ prefix: `${config.queuePrefix}:` }).pipe(
      Layer.provide(Redis.layerClient({ url: config.redisUrl })),
      Layer.orDie
    ),
    accounts,
    channels: channelsOf(config.baseUrls),
    ...dialogWiring(config.llm)
  })

/**
 * The whole production worker as one layer: ports + consumers + sender + sweepers, and the relay
 * that moves the jobs servers staged in Redis (the webhook intake) onto the BullMQ queues.
 */
export const productionWorker = (
  config: WorkerConfig,
  accounts: Layer.Layer<ChannelAccount.ChannelAccountRepository>
) =>
  Layer.merge(
    Worker.layer({ concurrency: config.concurrency }),
    Redis.layerIntakeRelay({ prefix: `${config.queuePrefix}:` }).pipe(
      Layer.provide(Redis.layerClient({ url: config.redisUrl }).pipe(Layer.orDie))
    )
  ).pipe(Layer.provide(productionPorts(config, accounts)))
