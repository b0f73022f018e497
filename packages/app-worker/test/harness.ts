import { layerTest as channelsLayerTest, layerInboundMedia, testConfig, Webchat } from "@chatshop/adapters/channels"
import * as OfflineNlu from "@chatshop/adapters/nlu"
import type { Db } from "@chatshop/adapters/postgres"
import {
  Catalog,
  ChannelAccount,
  ChannelAccountId,
  Conversation,
  CustomerId,
  DistributedLock,
  IdGenerator,
  Inbound,
  Inventory,
  MessageQueue,
  type Nlu,
  Offer,
  Order,
  Outbox,
  type Payment,
  PaymentEvidenceReader,
  ProductId,
  ReplyWriter,
  type ShopSettings,
  Sku,
  Tenant,
  type TenantId,
  timestamp,
  UnitOfWork
} from "@chatshop/domain"
import { Clock, Effect, Layer } from "effect"
import { layerCredentialsFromAccounts } from "../src/Credentials.ts"
import { layerOrderPolicy } from "../src/Policy.ts"
import { TurnStore } from "../src/TurnStore.ts"
import * as Worker from "../src/Worker.ts"

export const whatsappAccount = ChannelAccountId.make("acc-wa")
export const phoneNumberId = "106540352242922"
export const telegramAccount = ChannelAccountId.make("acc-tg")
export const manager = CustomerId.make("77010000001")
export const telegramManager = CustomerId.make("9001")

/** The repositories and ledger, in memory. PGlite/PostgreSQL tests pass their own. */
export const memoryStorage = Layer.mergeAll(
  Tenant.TenantRepository.layerMemory,
  Conversation.ConversationRepository.layerMemory,
  Outbox.layerMemory,
  Catalog.CatalogRepository.layerMemory,
  Order.OrderRepository.layerMemory,
  Offer.OfferRepository.layerMemory,
  Offer.BusinessRepository.layerMemory,
  Inventory.StockLedger.layerMemory,
  UnitOfWork.layerMemory
)

export interface WorldOptions {
  readonly urls: { readonly whatsapp?: string; readonly telegram?: string }
  /** What the vision port reads from each screenshot URL. */
  readonly evidence?: ReadonlyArray<readonly [string, Payment.PaymentEvidence]>
  readonly worker?: Worker.WorkerOptions
  readonly queue?: Layer.Layer<MessageQueue>
  readonly locks?: Layer.Layer<DistributedLock>
  /** TurnStore.layerSql on PostgreSQL/PGlite (it needs the storage's Db); memory by default. */
  readonly turns?: Layer.Layer<TurnStore> | Layer.Layer<TurnStore, never, Db>
  readonly ids?: Layer.Layer<IdGenerator>
  /** Shared stores (another worker's): only the worker itself is built anew. */
  readonly accounts?: Layer.Layer<ChannelAccount.ChannelAccountRepository>
  /** Dialog ports (e.g. the LLM adapter's); default: the offline NLU, the template writer, `evidence`. */
  readonly nlu?: Layer.Layer<Nlu, never, Catalog.CatalogRepository>
  readonly replyWriter?: Layer.Layer<ReplyWriter>
  readonly evidenceReader?: Layer.Layer<PaymentEvidenceReader>
}

/** Everything the worker runs on, with the offline NLU and the real channel clients aimed at mocks. */
export const ports = <E, R>(storage: Layer.Layer<Layer.Success<typeof memoryStorage>, E, R>, options: WorldOptions) => {
  const extra = Layer.mergeAll(
    options.accounts ?? ChannelAccount.ChannelAccountRepository.layerMemory,
    options.ids ?? IdGenerator.layerMemory,
    options.queue ?? MessageQueue.layerMemory,
    options.locks ?? DistributedLock.layerMemory,
    options.replyWriter ?? ReplyWriter.layerMemory,
    options.evidenceReader ??
      (options.evidence === undefined
        ? PaymentEvidenceReader.layerMemory
        : PaymentEvidenceReader.layerFrom(options.evidence.map(([url, e]) => [url, e] as const)))
  )
  const base = Layer.merge(storage, extra)
  const services = Layer.mergeAll(
    Catalog.Catalog.layer,
    Order.Orders.layer.pipe(Layer.provide(layerOrderPolicy)),
    Offer.Offers.layer,
    options.nlu ?? OfflineNlu.layerWithCatalog
  )
  const sender = Layer.merge(channelsLayerTest(options.urls), layerInboundMedia(testConfig(options.urls))).pipe(
    Layer.provide(Layer.merge(layerCredentialsFromAccounts, Webchat.WebchatHub.layerMemory))
  )
  // The SQL turn store needs `Db`, which only a SQL storage layer provides (the caller pairs them).
  const turns = (options.turns ?? TurnStore.layerMemory) as unknown as Layer.Layer<
    TurnStore,
    never,
    Layer.Success<typeof base>
  >
  return Layer.mergeAll(services, sender, turns).pipe(Layer.provideMerge(base))
}

/** The ports plus a running worker. */
export const world = <E, R>(storage: Layer.Layer<Layer.Success<typeof memoryStorage>, E, R>, options: WorldOptions) =>
  Worker.layer(options.worker ?? {}).pipe(Layer.provideMerge(ports(storage, options)))

const usd = (amount: number) => ({ amount, currency: "USD" as const })

/** A shop with Chelsea boots (one colour, sizes 38–40), a bag in two colours, and a WhatsApp number. */
export const seed = (tenantId: TenantId, settings: Partial<ShopSettings> = {}, stock = 3) =>
  Effect.gen(function* () {
    const tenants = yield* Tenant.TenantRepository
    const accounts = yield* ChannelAccount.ChannelAccountRepository
    const catalog = yield* Catalog.Catalog
    yield* tenants.create({ id: tenantId, name: "Demo Shoes", settings: Tenant.settingsWith(settings) })
    yield* accounts.create({
      id: whatsappAccount,
      tenantId,
      type: "whatsapp",
      phoneNumberId: `${phoneNumberId}-${tenantId}`,
      verifyToken: `verify-${tenantId}`,
      secrets: { accessToken: "wa-token", appSecret: "wa-secret" },
      managers: [manager]
    })
    yield* accounts.create({
      id: telegramAccount,
      tenantId,
      type: "telegram",
      botAccountId: `7${tenantId.length}`,
      secrets: { botToken: "7:tg-token", secretToken: "tg-secret" },
      managers: [telegramManager]
    })
    yield* catalog.create(
      {
        id: ProductId.make("p-boots"),
        tenantId,
        title: "Chelsea boots",
        category: "shoes",
        description: "Leather Chelsea boots",
        photos: ["https://cdn.example/boots.jpg"],
        price: usd(12_000),
        variants: [
          { sku: Sku.make("boots-38"), options: { size: "38", color: "Black" }, oneOfAKind: false, stock },
          { sku: Sku.make("boots-39"), options: { size: "39", color: "Black" }, oneOfAKind: false, stock },
          { sku: Sku.make("boots-40"), options: { size: "40", color: "Black" }, oneOfAKind: false, stock }
        ]
      },
      { lowStockThreshold: 1 }
    )
  })

let counter = 0
/** A customer's WhatsApp text as the webhook server would enqueue it (jobId = dedupe key). */
export const textEvent = (
  tenantId: TenantId,
  customer: string,
  text: string,
  id?: string,
  channel: "whatsapp" | "telegram" = "whatsapp"
) =>
  Effect.map(Clock.currentTimeMillis, (now): Inbound.InboundEvent => {
    counter += 1
    return {
      tenantId,
      channel,
      accountKey: Inbound.AccountKey.make(channel === "whatsapp" ? `${phoneNumberId}-${tenantId}` : telegramAccount),
      customerId: CustomerId.make(customer),
      platformMessageId: id ?? `wamid.${customer}.${counter}`,
      kind: "text",
      text,
      timestamp: timestamp(now),
      raw: {}
    }
  })

/** A picture the customer sent: by link, or by platform media id as WhatsApp sends them. */
export const imageEvent = (tenantId: TenantId, customer: string, image: Inbound.InboundImage) =>
  Effect.map(textEvent(tenantId, customer, ""), (e): Inbound.InboundEvent => {
    const { text: _text, ...rest } = e
    return { ...rest, kind: "image", image }
  })

export const deliver = (event: Inbound.InboundEvent, jobId: string = Inbound.dedupeKey(event)) =>
  Effect.gen(function* () {
    const queue = yield* MessageQueue
    const job: Inbound.InboundJob = {
      channelAccountId: event.channel === "telegram" ? telegramAccount : whatsappAccount,
      event
    }
    yield* queue.enqueue(Inbound.INBOUND_QUEUE, jobId, job)
  })

/** Poll with a real-time deadline (HTTP to the mock platform runs in real time, whatever the clock). */
export const waitFor = <E, R>(label: string, condition: Effect.Effect<boolean, E, R>, deadlineMs = 15_000) =>
  Effect.gen(function* () {
    const started = performance.now()
    while (!(yield* condition)) {
      if (performance.now() - started > deadlineMs) return yield* Effect.die(new Error(`timed out: ${label}`))
      yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 5)))
    }
  })

/** Texts the mock WhatsApp platform received for one customer, in order. */
export const whatsappTexts = (
  requests: ReadonlyArray<{ readonly json: unknown; readonly path: string }>,
  customer: string
): ReadonlyArray<string> =>
  requests.flatMap((r) => {
    const body = r.json as {
      to?: string
      type?: string
      text?: { body?: string }
      interactive?: { body?: { text?: string }; header?: { image?: { link?: string } } }
      image?: { link?: string; caption?: string }
    }
    if (body?.to !== customer) return []
    // An image shows above its caption, a header image above the buttons' text.
    const withImage = (link: string | undefined, text: string | undefined) =>
      [link === undefined ? undefined : `[image] ${link}`, text].filter((part) => part !== undefined).join("\n")
    if (body.type === "text") return [body.text?.body ?? ""]
    if (body.type === "interactive")
      return [withImage(body.interactive?.header?.image?.link, body.interactive?.body?.text ?? "")]
    if (body.type === "image") return [withImage(body.image?.link ?? "", body.image?.caption)]
    return []
  })

/** Texts the mock Telegram platform received for one chat, in order. */
export const telegramTexts = (
  requests: ReadonlyArray<{ readonly json: unknown }>,
  chat: string
): ReadonlyArray<string> =>
  requests.flatMap((r) => {
    const body = r.json as { chat_id?: string | number; text?: string; caption?: string; photo?: string }
    if (String(body?.chat_id) !== chat) return []
    return [body.text ?? body.caption ?? `[image] ${body.photo ?? ""}`]
  })

/**
 * The customer's messages so far (`inbound`) were all recorded and answered, and every outbox row to
 * them is finished: a turn and its sends are over (whatever the storage's speed).
 */
export const settled = (tenantId: TenantId, customer: string, inbound: number) =>
  Effect.gen(function* () {
    const repo = yield* Conversation.ConversationRepository
    const [c] = yield* repo.list(tenantId, { customerId: CustomerId.make(customer) })
    if (c === undefined) return false
    const received = (yield* repo.messages(tenantId, c.id)).filter((m) => m.direction === "in").length
    const record = yield* (yield* TurnStore).get(tenantId, c.id)
    const open = (yield* (yield* Outbox).list(tenantId, { recipient: customer })).filter(
      (r) => r.status === "pending" || r.status === "sending"
    )
    return received === inbound && record.pending.length === 0 && open.length === 0
  })

/**
 * A customer in a worker test: `say` delivers a text (`screenshot` an image) the way the webhook
 * server would, and returns the replies that reached the mock platform once the turn and its sends
 * are over. `texts` reads what the platform received for this customer so far.
 */
export const customerChat = (
  tenantId: TenantId,
  customer: string,
  texts: () => ReadonlyArray<string>,
  channel: "whatsapp" | "telegram" = "whatsapp"
) => {
  let seen = 0
  let inbound = 0
  const turn = (what: string, event: Effect.Effect<Inbound.InboundEvent>) =>
    Effect.gen(function* () {
      yield* deliver(yield* event)
      yield* waitFor(
        `a reply to ${what}`,
        Effect.sync(() => texts().length > seen)
      )
      inbound += 1
      yield* waitFor(`${what} settled`, settled(tenantId, customer, inbound), 30_000)
      const all = texts()
      const replies = all.slice(seen)
      seen = all.length
      return replies.join("\n")
    })
  return {
    say: (text: string) => turn(`"${text}"`, textEvent(tenantId, customer, text, undefined, channel)),
    screenshot: (image: Inbound.InboundImage) => turn("the screenshot", imageEvent(tenantId, customer, image))
  }
}
