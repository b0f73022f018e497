import { GreenApi, Messenger, Telegram, TikTok, WhatsApp } from "@chatshop/adapters/channels"
import { type Channel, Dialog, type OutboundMessage } from "@chatshop/domain"
import { property } from "@chatshop/domain/testing"
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import * as fc from "fast-check"

// Issue 10: the dialog joins a turn's reply into as few messages as each channel allows, by the table in
// Dialog.Coalesce. That table must say what the clients really do: a joined message is one request.
const { coalesce, channelLimits } = Dialog.Coalesce

/** How many platform messages a client sends for one logical message. */
const partsOf: Partial<Record<Channel, (m: OutboundMessage) => number>> = {
  whatsapp: (m) => Result.getOrThrow(WhatsApp.requestBodies("77010000000", m)).length,
  telegram: (m) => Result.getOrThrow(Telegram.callsOf("1001", m)).length,
  greenapi: (m) => Result.getOrThrow(GreenApi.callsOf("77010000000", m)).length,
  messenger: (m) => Result.getOrThrow(Messenger.messagesOf(m)).length,
  tiktok: (m) => Result.getOrThrow(TikTok.plan(m)).length
}

const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 200 }).filter((t) => t.trim() !== "") },
  { weight: 1, arbitrary: fc.integer({ min: 500, max: 3_000 }).map((n) => "y".repeat(n)) }
)
const url = fc.constantFrom("https://img.example/1.jpg", "https://img.example/2.jpg")
const titles = fc.array(fc.constantFrom("1", "2", "3", "Yes", "No"), { minLength: 1, maxLength: 10 })

/** A reply as the worker builds it: texts and photos, buttons (if any) on the last text. */
const reply = fc
  .record({
    parts: fc.array(
      fc.oneof(
        text.map((t): OutboundMessage => ({ _tag: "Text", text: t })),
        url.map((u): OutboundMessage => ({ _tag: "Image", url: u }))
      ),
      { maxLength: 7 }
    ),
    last: text,
    buttons: fc.option(titles, { nil: undefined })
  })
  .map(({ parts, last, buttons }): ReadonlyArray<OutboundMessage> => {
    if (buttons === undefined) return [...parts, { _tag: "Text", text: last }]
    const [first, ...rest] = buttons.map((t, i) => ({ id: `${i}:${t}`, title: t }))
    return [...parts, { _tag: "Buttons", text: last, buttons: [first!, ...rest] }]
  })

describe("the coalescing table matches the channel clients (issue 10)", () => {
  it("text limits are the clients' own", () => {
    assert.strictEqual(channelLimits.whatsapp.text, WhatsApp.textLimit)
    assert.strictEqual(channelLimits.whatsapp.caption, WhatsApp.captionLimit)
    assert.strictEqual(channelLimits.whatsapp.buttons, WhatsApp.interactiveBodyLimit)
    assert.strictEqual(channelLimits.telegram.text, Telegram.textLimit)
    assert.strictEqual(channelLimits.telegram.caption, Telegram.captionLimit)
    assert.strictEqual(channelLimits.telegram.buttonsUnderImage, Telegram.captionLimit)
    assert.strictEqual(channelLimits.greenapi.text, GreenApi.textLimit)
    assert.strictEqual(channelLimits.messenger.text, Messenger.textLimit)
    assert.strictEqual(channelLimits.tiktok.text, TikTok.textLimit)
  })

  property(
    "coalesce-one-request: every joined message goes out as one platform message (TikTok: a card and its text)",
    [reply, fc.constantFrom<Channel>("whatsapp", "telegram", "greenapi", "messenger", "tiktok")],
    (messages, channel) => {
      for (const m of coalesce(messages, channelLimits[channel])) {
        if (messages.includes(m)) continue // passed through unchanged
        const parts = partsOf[channel]!(m)
        // TikTok shows a longer question as text above its button card: two, however the reply is cut.
        const most = channel === "tiktok" && m._tag === "Buttons" && m.text.length > TikTok.cardTitleLimit ? 2 : 1
        assert.isAtMost(parts, most, `${channel} ${JSON.stringify(m).slice(0, 200)}`)
      }
    },
    500
  )
})
