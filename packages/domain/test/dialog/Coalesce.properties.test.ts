import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import { channels, Dialog, type OutboundMessage } from "@chatshop/domain"
import { property } from "@chatshop/domain/testing"

// Issue 10: on WhatsApp a reply split into three messages took ~12 s (one message per 6 s to a user).
const { coalesce, channelLimits, fitsOne, imageOf, paragraphBreak, textOf } = Dialog.Coalesce

/** Texts from a few words to over every limit, so joins sometimes must stop. */
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 120 }).filter((t) => t.trim() !== "") },
  { weight: 1, arbitrary: fc.integer({ min: 300, max: 5_000 }).map((n) => "x".repeat(n)) }
)
const url = fc.constantFrom("https://img.example/a.jpg", "https://img.example/b.jpg", "https://img.example/c.jpg")
const button = fc.constantFrom("1", "2", "3", "Yes", "No", "Delivery").map((t) => ({ id: t, title: t }))

const message: fc.Arbitrary<OutboundMessage> = fc.oneof(
  { weight: 5, arbitrary: text.map((t): OutboundMessage => ({ _tag: "Text", text: t })) },
  {
    weight: 2,
    arbitrary: fc
      .record({ url, caption: fc.option(text, { nil: undefined }) })
      .map(
        ({ url, caption }): OutboundMessage => ({ _tag: "Image", url, ...(caption === undefined ? {} : { caption }) })
      )
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        text,
        buttons: fc.array(button, { minLength: 1, maxLength: 10 }),
        image: fc.option(url, { nil: undefined })
      })
      .map(
        ({ text, buttons, image }): OutboundMessage => ({
          _tag: "Buttons",
          text,
          buttons: [buttons[0]!, ...buttons.slice(1)],
          ...(image === undefined ? {} : { image: { url: image } })
        })
      )
  }
)

const reply = fc.record({
  messages: fc.array(message, { minLength: 0, maxLength: 8 }),
  channel: fc.constantFrom(...channels)
})

const texts = (ms: ReadonlyArray<OutboundMessage>) =>
  ms
    .map(textOf)
    .filter((t) => t !== "")
    .join(paragraphBreak)
const images = (ms: ReadonlyArray<OutboundMessage>) => ms.flatMap((m) => imageOf(m) ?? [])
const buttons = (ms: ReadonlyArray<OutboundMessage>) => ms.flatMap((m) => (m._tag === "Buttons" ? [m.buttons] : []))

/** The fewest messages any split of the reply into stretches that fit one message needs (every split tried). */
const fewest = (ms: ReadonlyArray<OutboundMessage>, limits: Dialog.Coalesce.MessageLimits): number => {
  if (ms.length === 0) return 0
  let best = Number.POSITIVE_INFINITY
  for (let cuts = 0; cuts < 1 << (ms.length - 1); cuts++) {
    let start = 0
    let count = 0
    let ok = true
    for (let i = 1; i <= ms.length && ok; i++) {
      if (i === ms.length || (cuts >> (i - 1)) & 1) {
        ok = fitsOne(ms.slice(start, i), limits)
        count += 1
        start = i
      }
    }
    if (ok) best = Math.min(best, count)
  }
  return best
}

describe("a turn's reply in as few messages as the channel allows (issue 10)", () => {
  property(
    "coalesce-keeps: the text (in order), the images (in order) and the buttons are all still there",
    [reply],
    ({ messages, channel }) => {
      const out = coalesce(messages, channelLimits[channel])
      assert.strictEqual(texts(out), texts(messages))
      assert.deepStrictEqual(images(out), images(messages))
      assert.deepStrictEqual(buttons(out), buttons(messages))
    },
    1000
  )

  property(
    "coalesce-limits: a joined message never goes over its platform limit",
    [reply],
    ({ messages, channel }) => {
      const limits = channelLimits[channel]
      for (const m of coalesce(messages, limits)) {
        if (messages.includes(m)) continue // passed through as it was: the client splits it as before
        const length = textOf(m).length
        const image = imageOf(m) !== undefined
        if (m._tag === "Text") assert.isAtMost(length, limits.text)
        if (m._tag === "Image") assert.isAtMost(length, limits.caption)
        if (m._tag === "Buttons" && !image) assert.isAtMost(length, limits.buttons)
        if (m._tag === "Buttons" && image) {
          assert.isAtMost(length, limits.buttonsUnderImage)
          assert.isAtMost(m.buttons.length, limits.buttonsUnderImageMax)
        }
        // Buttons close a message: nothing of the reply is carried after them.
      }
    },
    1000
  )

  property(
    "coalesce-minimal: no split of the reply into messages that fit is shorter",
    [reply],
    ({ messages, channel }) => {
      const limits = channelLimits[channel]
      assert.strictEqual(coalesce(messages, limits).length, fewest(messages, limits))
    },
    500
  )

  property(
    "coalesce-limits-hereditary: what fits one message still fits with its first or last part taken away",
    [reply],
    ({ messages, channel }) => {
      const limits = channelLimits[channel]
      if (!fitsOne(messages, limits)) return
      assert.isTrue(fitsOne(messages.slice(1), limits))
      assert.isTrue(fitsOne(messages.slice(0, -1), limits))
    },
    1000
  )
})

const t = (text: string): OutboundMessage => ({ _tag: "Text", text })
const photo = (url: string): OutboundMessage => ({ _tag: "Image", url })
const choose = (text: string, ids: ReadonlyArray<string>): OutboundMessage => ({
  _tag: "Buttons",
  text,
  buttons: [{ id: ids[0]!, title: ids[0]! }, ...ids.slice(1).map((id) => ({ id, title: id }))]
})

describe("coalesce examples (issue 10)", () => {
  it("a product card on WhatsApp is one photo with the whole answer as its caption", () => {
    const card = [
      t("Crossbody bag — $65.00."),
      photo("https://img.example/bag.jpg"),
      t("Colours in stock: Black, Olive, Red."),
      t("Would you like to order it?")
    ]
    assert.deepStrictEqual(coalesce(card, channelLimits.whatsapp), [
      {
        _tag: "Image",
        url: "https://img.example/bag.jpg",
        caption: "Crossbody bag — $65.00.\n\nColours in stock: Black, Olive, Red.\n\nWould you like to order it?"
      }
    ])
    // Messenger sends a caption as a message of its own: the photo stays between the texts around it.
    assert.deepStrictEqual(
      coalesce(card, channelLimits.messenger).map((m) => m._tag),
      ["Text", "Image", "Text"]
    )
  })

  it("a list of three with photos: each photo carries its line, the last one the buttons", () => {
    const list = [
      t("Here is what I found:"),
      t("1. Chelsea boots — $89.00, in stock"),
      photo("https://img.example/1.jpg"),
      t("2. Leather sneakers — $120.00, in stock"),
      photo("https://img.example/2.jpg"),
      t("3. Loafers — $99.00, sold out"),
      photo("https://img.example/3.jpg"),
      choose("Reply with the number of the one you like.", ["1", "2", "3"])
    ]
    const out = coalesce(list, channelLimits.whatsapp)
    assert.deepStrictEqual(
      out.map((m) => m._tag),
      ["Image", "Image", "Buttons"]
    )
    assert.deepStrictEqual(out[2], {
      _tag: "Buttons",
      text: "3. Loafers — $99.00, sold out\n\nReply with the number of the one you like.",
      buttons: [
        { id: "1", title: "1" },
        { id: "2", title: "2" },
        { id: "3", title: "3" }
      ],
      image: { url: "https://img.example/3.jpg" }
    })
    // Four options make a WhatsApp list, which takes no header image: the photo stays apart.
    const four = [...list.slice(0, -1), choose("Pick one.", ["1", "2", "3", "4"])]
    assert.deepStrictEqual(coalesce(four, channelLimits.whatsapp).at(-1), choose("Pick one.", ["1", "2", "3", "4"]))
  })

  it("texts that together pass the limit are not joined", () => {
    const long = [t("a".repeat(3_000)), t("b".repeat(1_000)), t("c".repeat(200))]
    assert.deepStrictEqual(
      coalesce(long, channelLimits.whatsapp).map((m) => textOf(m).length),
      [3_000, 1_000 + 2 + 200]
    )
    const buttonsAfter = [t("a".repeat(900)), choose("b".repeat(200), ["Yes", "No"])]
    assert.strictEqual(coalesce(buttonsAfter, channelLimits.whatsapp).length, 2)
    assert.strictEqual(coalesce(buttonsAfter, channelLimits.telegram).length, 1)
  })
})
