import { ChannelMocks } from "@chatshop/adapters/channels"
import { Catalog, TenantId } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { demoProducts } from "../../../scripts/demo/shop.ts"
import { customerChat, memoryStorage, seed, whatsappTexts, world } from "./harness.ts"

const tenantId = TenantId.make("shop-umbrella")

/** The harness's shop and accounts, plus the demo shop's catalog (a crossbody bag that comes in red). */
const demoShop = Effect.gen(function* () {
  yield* seed(tenantId, { burstDebounceMs: 10 })
  const catalog = yield* Catalog.Catalog
  for (const product of demoProducts) yield* catalog.create({ ...product, tenantId })
})

// Issue 10: "do you have a red umbrella?" was answered "Yes, Crossbody bag, Red is available".
describe("a colour alone never makes another product a yes, in the worker with the demo shop (issue 10)", () => {
  it.live("a red umbrella is not in the shop, in English and Russian; a red bag is", () =>
    Effect.gen(function* () {
      const wa = yield* ChannelMocks.mockPlatform(ChannelMocks.whatsapp)
      yield* Effect.gen(function* () {
        yield* demoShop
        const { say } = customerChat(tenantId, "77015550100", () => whatsappTexts(wa.requests, "77015550100"))

        const umbrella = yield* say("do you have a red umbrella?")
        assert.include(umbrella, "couldn't find anything for “red umbrella”")
        assert.notMatch(umbrella, /\byes\b|crossbody|available/i)

        // Looking at the crossbody bag, a red umbrella is still no red crossbody bag.
        assert.include(yield* say("do you have a crossbody bag?"), "Crossbody bag")
        const focused = yield* say("red umbrella")
        assert.include(focused, "couldn't find anything")
        assert.notMatch(focused, /\byes\b|crossbody/i)

        const bag = yield* say("do you have a red bag?")
        assert.include(bag, "Yes, Crossbody bag, Red is available")

        const { say: ru } = customerChat(tenantId, "77015550101", () => whatsappTexts(wa.requests, "77015550101"))
        const zont = yield* ru("есть красный зонт?")
        assert.include(zont, "ничего не нашлось")
        assert.notMatch(zont, /Да,|Crossbody|в наличии/i)
      }).pipe(Effect.provide(world(memoryStorage, { urls: { whatsapp: wa.url }, worker: { schedulers: false } })))
    })
  )
})
