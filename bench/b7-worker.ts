// B7's worker process: packages/app-worker/src/main.ts's production worker (PostgreSQL, BullMQ and
// locks on Redis, offline NLU, the intake relay) with one difference: the WhatsApp client sends
// without the platform's rate limits (76/s per number, 1 per 6.1 s per customer), which would
// otherwise be what B7 measures (a burst to one number is capped at 76 replies/s, and a customer's
// second reply waits 6.1 s). `CHATSHOP_BENCH_B7_LIMITS=production` makes bench/b7.ts run the
// unchanged production bundle instead. Same environment variables as the production worker.
import { Effect, Fiber, Layer, References } from "effect"
import { layer as channelsLayer } from "../packages/adapters/src/channels/index.ts"
import * as Env from "../packages/adapters/src/config/index.ts"
import {
  layerCredentialsFromAccounts,
  loadConfig,
  productionPorts,
  layer as workerLayer
} from "../packages/app-worker/src/index.ts"

const program = Effect.gen(function* () {
  const config = yield* loadConfig
  const baseUrl = config.channels.whatsapp
  if (baseUrl === undefined) return yield* Effect.die("B7's worker needs WHATSAPP_API_BASE_URL")
  // One build of the production ports (layers are memoized): the sender below reads their accounts,
  // and merged after them its ChannelSender replaces theirs — the same client with the limits off.
  const ports = productionPorts(config)
  const unlimited = channelsLayer({ whatsapp: { baseUrl, perRecipient: null, global: null } }).pipe(
    Layer.provide(layerCredentialsFromAccounts),
    Layer.provide(ports)
  )
  const worker = Layer.merge(
    workerLayer({ concurrency: config.concurrency }),
    Env.intakeRelay(config.mode.redis).pipe(Layer.orDie)
  ).pipe(Layer.provide(Layer.merge(ports, unlimited)))
  return yield* Layer.launch(worker).pipe(Effect.provideService(References.MinimumLogLevel, config.logLevel))
})

// As main.ts's runtime does: SIGINT/SIGTERM interrupt, jobs in flight finish, pools close, exit.
const fiber = Effect.runFork(program)
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => Effect.runFork(Fiber.interrupt(fiber)))
}
