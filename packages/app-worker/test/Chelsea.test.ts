import { ChannelMocks } from "@chatshop/adapters/channels"
import { Catalog, ProductId, TenantId } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { demoProducts } from "../../../scripts/demo/shop.ts"
import { customerChat, memoryStorage, seed, whatsappTexts, world } from "./harness.ts"

const tenantId = TenantId.make("shop-chelsea")

/** The harness's shop and accounts with the demo shop's catalog instead of its own (Chelsea boots and sneakers, both in 39). */
const demoShop = Effect.gen(function* () {
  yield* seed(tenantId, { burstDebounceMs: 10 })
  yield* (yield* Catalog.CatalogRepository).delete(tenantId, ProductId.make("p-boots"))
  const catalog = yield* Catalog.Catalog
  for (const product of demoProducts) yield* catalog.create({ ...product, tenantId })
})

const inWorld = <A, E, R>(body: (wa: ChannelMocks.MockPlatform) => Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const wa = yield* ChannelMocks.mockPlatform(ChannelMocks.whatsapp)
    return yield* body(wa).pipe(
      Effect.provide(world(memoryStorage, { urls: { whatsapp: wa.url }, worker: { schedulers: false } }))
    )
  })

// Issue 10, found chatting with the demo shop in Russian.
describe("the demo shop in Russian: Chelsea boots in a size, and what was asked echoed as typed (issue 10)", () => {
  it.live("'nothing found' quotes the customer's own words, not their normalised form", () =>
    inWorld((wa) =>
      Effect.gen(function* () {
        yield* demoShop
        const chat = (who: string) => customerChat(tenantId, who, () => whatsappTexts(wa.requests, who)).say
        const ru = chat("77015550201")
        assert.include(yield* ru("есть красный зонт?"), "ничего не нашлось по запросу «красный зонт»")
        assert.include(yield* chat("77015550202")("Do you have a Red Umbrella?"), "anything for “Red Umbrella”")
      })
    )
  )

  it.live("'хочу челси 39' puts Chelsea boots in 39 on the order; a size alone never lists the sneakers", () =>
    inWorld((wa) =>
      Effect.gen(function* () {
        yield* demoShop
        let n = 0
        const chat = () => {
          const who = `7701555030${n++}`
          return customerChat(tenantId, who, () => whatsappTexts(wa.requests, who)).say
        }
        for (const text of ["хочу челси 39", "хочу челси в 39 размере", "i want chelsea in 39"]) {
          const reply = yield* chat()(text)
          assert.match(reply, /Chelsea boots/, text)
          assert.match(reply, /39/, text)
          assert.match(reply, /В каком вы городе\?|Which city/, text)
          assert.notInclude(reply, "Leather sneakers", text)
        }
        for (const text of ["челси 39 есть?", "chelsea 39", "do you have chelsea in 39?", "челси 42 есть?"]) {
          const reply = yield* chat()(text)
          assert.include(reply, "Chelsea boots", text)
          assert.notInclude(reply, "Leather sneakers", text)
          assert.notMatch(reply, /^\s*2\./m, text)
        }
      })
    )
  )
})
