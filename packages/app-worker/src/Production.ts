import { layer as channelsLayer, type ChannelsConfig, layerInboundMedia, Webchat } from "@chatshop/adapters/channels"
import * as Env from "@chatshop/adapters/config"
import * as Llm from "@chatshop/adapters/llm"
import * as OfflineNlu from "@chatshop/adapters/nlu"
import * as Postgres from "@chatshop/adapters/postgres"
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
import { Layer } from "effect"
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

/**
 * Production (SPEC §2): PostgreSQL (one pool, the channel accounts' too), BullMQ on Redis, Redis
 * locks, web chat replies over Redis pub/sub to the servers' streams, the LLM when configured.
 */
export const productionPorts = (config: WorkerConfig) => {
  const { redis, secretKey } = config.mode
  const storage = Env.postgres(config.mode, "chatshop-worker")
  return workerPorts({
    storage,
    // Channel accounts are written (secrets sealed with CHATSHOP_SECRET_KEY) by the server.
    accounts: Postgres.layerChannelAccounts(secretKey).pipe(Layer.provide(storage), Layer.orDie),
    queue: Env.bullMq(redis),
    locks: Env.redisLocks(redis).pipe(Layer.orDie),
    webchat: Env.redisWebchatHub(redis).pipe(Layer.provide(Env.redisClient(redis)), Layer.orDie),
    channels: Env.channelsConfig(config.channels),
    ...dialogWiring(config.llm)
  })
}

/**
 * The whole production worker as one layer: ports + consumers + sender + sweepers, and the relay
 * that moves the jobs servers staged in Redis (the webhook intake) onto the BullMQ queues.
 */
export const productionWorker = (config: WorkerConfig) =>
  Layer.merge(
    Worker.layer({ concurrency: config.concurrency }),
    Env.intakeRelay(config.mode.redis).pipe(Layer.orDie)
  ).pipe(Layer.provide(productionPorts(config)))
