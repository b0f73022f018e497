// One worker process for the chaos test: PostgreSQL + BullMQ + Redis locks, channel clients aimed at
// the parent's mock WhatsApp. The parent SIGKILLs it at random points and starts another.
import * as Postgres from "@chatshop/adapters/postgres"
import * as Queue from "@chatshop/adapters/queue"
import * as Redis from "@chatshop/adapters/redis"
import { ChannelAccount, ChannelAccountId, CustomerId, TenantId } from "@chatshop/domain"
import { Effect, Layer } from "effect"
import * as Worker from "../../src/index.ts"

const env = (name: string): string => {
  const value = process.env[name]
  if (value === undefined) throw new Error(`${name} is required`)
  return value
}
const tenantId = TenantId.make(env("CHAOS_TENANT"))
const prefix = env("CHAOS_PREFIX")

const accounts = Layer.effectDiscard(
  Effect.gen(function* () {
    const repo = yield* ChannelAccount.ChannelAccountRepository
    yield* repo.create({
      id: ChannelAccountId.make("acc-wa"),
      tenantId,
      type: "whatsapp",
      phoneNumberId: `chaos-${tenantId}`,
      verifyToken: `verify-${tenantId}`,
      secrets: { accessToken: "wa-token", appSecret: "wa-secret" },
      managers: [CustomerId.make("77010000001")]
    })
  })
).pipe(Layer.provideMerge(ChannelAccount.ChannelAccountRepository.layerMemory), Layer.orDie)

const ports = Worker.workerPorts({
  storage: Postgres.layer({ url: env("DATABASE_URL"), poolSize: 4 }),
  queue: Queue.layer({ url: env("REDIS_URL"), prefix, lockDurationMs: 2_000, stalledIntervalMs: 1_000 }),
  locks: Redis.layerUrl({ url: env("REDIS_URL"), prefix: `${prefix}:` }).pipe(Layer.orDie),
  accounts,
  channels: { whatsapp: { baseUrl: env("CHAOS_MOCK_URL"), perRecipient: null, global: null } }
})

const main = Effect.gen(function* () {
  yield* Effect.sync(() => process.stdout.write("ready\n"))
  return yield* Effect.never
})

Effect.runFork(
  main.pipe(
    Effect.provide(
      Worker.layer({ schedulers: false, turnLockTtlMs: 2_000, outbox: { leaseMs: 5_000, tenantId } }).pipe(
        Layer.provideMerge(ports)
      )
    )
  )
)
