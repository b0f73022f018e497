import { ChannelMocks } from "@chatshop/adapters/channels"
import * as Postgres from "@chatshop/adapters/postgres"
import { ChannelAccount, DistributedLock, MessageQueue, TenantId } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as Worker from "../src/index.ts"
import { deliver, seed, textEvent, waitFor, whatsappTexts } from "./harness.ts"

const tenantId = TenantId.make("shop-embedded")

describe("the wiring the embedded launcher uses (SPEC §2)", () => {
  it.live(
    "workerPorts on PGlite with the in-process queue and locks answers a customer",
    () =>
      Effect.gen(function* () {
        const wa = yield* ChannelMocks.mockPlatform(ChannelMocks.whatsapp)
        const ports = Worker.workerPorts({
          storage: Postgres.layerPglite({ memory: true }),
          queue: MessageQueue.layerMemory,
          locks: DistributedLock.layerMemory,
          accounts: ChannelAccount.ChannelAccountRepository.layerMemory,
          channels: { whatsapp: { baseUrl: wa.url, perRecipient: null, global: null } }
        })
        yield* Effect.gen(function* () {
          yield* seed(tenantId, { burstDebounceMs: 10 })
          yield* deliver(yield* textEvent(tenantId, "77015559999", "Do you have chelsea boots?"))
          yield* waitFor(
            "the answer",
            Effect.sync(() => whatsappTexts(wa.requests, "77015559999").join("\n").includes("order it?")),
            30_000
          )
          assert.include(whatsappTexts(wa.requests, "77015559999").join("\n"), "$120.00")
        }).pipe(Effect.provide(Worker.layer({ schedulers: false }).pipe(Layer.provideMerge(ports))))
      }),
    // PGlite runs every query on one connection: a whole sale takes tens of seconds on a busy machine.
    120_000
  )
})
