import { ChannelMocks } from "@chatshop/adapters/channels"
import { TenantId } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { customerChat, memoryStorage, seed, whatsappTexts, world } from "./harness.ts"

const tenantId = TenantId.make("shop-one-message")
const customer = "77015550200"

/** The request bodies the mock WhatsApp platform received for the customer. */
const sentTo = (requests: ReadonlyArray<{ readonly json: unknown }>) =>
  requests.map((r) => r.json as Record<string, unknown> & { to?: string }).filter((b) => b.to === customer)

// Issue 10: WhatsApp lets about one message through to a customer every 6 s, so a reply sent as three
// messages took ~12 s to arrive. A turn's reply now goes out as one message wherever the platform allows.
describe("a turn's reply reaches WhatsApp in as few messages as it allows (issue 10)", () => {
  it.live("a product card is one photo with its caption; two lines one text; a question with buttons one message", () =>
    Effect.gen(function* () {
      const wa = yield* ChannelMocks.mockPlatform(ChannelMocks.whatsapp)
      yield* Effect.gen(function* () {
        yield* seed(tenantId, { burstDebounceMs: 10 })
        const { say } = customerChat(tenantId, customer, () => whatsappTexts(wa.requests, customer))

        // Price, photo, sizes and the question: four parts, one WhatsApp message.
        yield* say("Do you have chelsea boots?")
        const card = sentTo(wa.requests)
        assert.strictEqual(card.length, 1, JSON.stringify(card))
        assert.deepStrictEqual(card[0]?.type, "image")
        assert.deepStrictEqual(card[0]?.image, {
          link: "https://cdn.example/boots.jpg",
          caption: "Chelsea boots — $120.00.\n\nSizes in stock: 38, 39, 40.\n\nWould you like to order it?"
        })

        // "Added …" and the first question: one text, a blank line between.
        const added = yield* say("yes, I'll take them")
        assert.strictEqual(sentTo(wa.requests).length, 2)
        assert.match(added, /^Added Chelsea boots × 1 — \$120\.00\.\n\nWhich city are you in\?$/)

        // The size question with a button per size is one interactive message.
        yield* say("Almaty")
        const asked = sentTo(wa.requests).slice(2)
        assert.strictEqual(asked.length, 1, JSON.stringify(asked))
        const interactive = asked[0]?.interactive as { body: { text: string }; action: { buttons: unknown[] } }
        assert.strictEqual(asked[0]?.type, "interactive")
        assert.match(interactive.body.text, /Which size of Chelsea boots\?/)
        assert.lengthOf(interactive.action.buttons, 3)
      }).pipe(Effect.provide(world(memoryStorage, { urls: { whatsapp: wa.url }, worker: { schedulers: false } })))
    })
  )
})
