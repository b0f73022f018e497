import { assert, describe, it } from "@effect/vitest"
import { Effect, type Layer, Schema } from "effect"
import { PaymentEvidence } from "../../payment/Model.ts"
import { Nlu, type NluInput, NluResult } from "../../ports/Nlu.ts"
import { type EvidenceImage, PaymentEvidenceReader } from "../../ports/PaymentEvidenceReader.ts"
import { defaultPersona, ReplyWriter, wordingKeepsFacts } from "../../ports/ReplyWriter.ts"
import { freshTenant } from "../Fresh.ts"

/**
 * Contracts of the dialog-facing ports (SPEC §3.8, §4): Nlu, ReplyWriter, PaymentEvidenceReader.
 * One file because one family implements all three (memory here, the LLM adapter later).
 */

/** Inputs every NLU must survive: both languages, noise, empty text, a very long message. */
export const nluSamples: ReadonlyArray<NluInput> = [
  { text: "hello" },
  { text: "привет" },
  { text: "do you have these boots in 38?" },
  { text: "есть ли эти ботинки 38 размера?", language: "ru" },
  { text: "38", expecting: "size" },
  { text: "Almaty", expecting: "city" },
  { text: "I want to talk to a person" },
  { text: "stop" },
  { text: "" },
  { text: "👍🏻🔥" },
  { text: "a".repeat(4_000) },
  { text: "Nike 42 чёрные" }
]

const isResult = Schema.is(NluResult)

export const nluContract = (name: string, layer: Layer.Layer<Nlu, unknown>) =>
  describe(`Nlu contract: ${name}`, () => {
    const test = (title: string, body: () => Effect.Effect<void, unknown, Nlu>) =>
      it.effect(title, () => body().pipe(Effect.provide(layer)))

    test("every result decodes against NluResult", () =>
      Effect.gen(function* () {
        const nlu = yield* Nlu
        const t = freshTenant()
        for (const input of nluSamples) {
          const result = yield* nlu.classify(t, input)
          assert.isTrue(isResult(result), `not an NluResult for ${JSON.stringify(input.text.slice(0, 40))}`)
          assert.isTrue(result.confidence >= 0 && result.confidence <= 1)
        }
      }))

    test("the same input gives the same result", () =>
      Effect.gen(function* () {
        const nlu = yield* Nlu
        const t = freshTenant()
        for (const input of nluSamples) {
          assert.deepStrictEqual(yield* nlu.classify(t, input), yield* nlu.classify(t, input))
        }
      }))

    test("text in one script is read in that script's language", () =>
      Effect.gen(function* () {
        const nlu = yield* Nlu
        const t = freshTenant()
        assert.strictEqual((yield* nlu.classify(t, { text: "привет, есть сумки?", language: "en" })).language, "ru")
        assert.strictEqual((yield* nlu.classify(t, { text: "hi, any bags?", language: "ru" })).language, "en")
      }))
  })

export const replyWriterContract = (name: string, layer: Layer.Layer<ReplyWriter, unknown>) =>
  describe(`ReplyWriter contract: ${name}`, () => {
    const test = (title: string, body: () => Effect.Effect<void, unknown, ReplyWriter>) =>
      it.effect(title, () => body().pipe(Effect.provide(layer)))

    test("a wording is never empty and keeps every fact verbatim", () =>
      Effect.gen(function* () {
        const writer = yield* ReplyWriter
        const t = freshTenant()
        const requests = [
          {
            intent: {
              key: "quote_price",
              text: "The boots cost $59.90, 2 left in size 38.",
              facts: ["$59.90", "2", "38"]
            },
            language: "en" as const,
            persona: defaultPersona
          },
          {
            intent: {
              key: "order_placed",
              text: "Заказ №1042 оформлен, сумма 12 500.00 ₸.",
              facts: ["1042", "12 500.00 ₸"]
            },
            language: "ru" as const,
            persona: { shopName: "Boots KZ", tone: "formal" as const, emoji: true }
          },
          { intent: { key: "greeting", text: "Hi!", facts: [] }, language: "en" as const, persona: defaultPersona }
        ]
        for (const request of requests) {
          const text = yield* writer.word(t, request)
          assert.isTrue(wordingKeepsFacts(request.intent, text), `lost a fact: ${text}`)
        }
      }))
  })

const isEvidence = Schema.is(PaymentEvidence)

/**
 * `known`: images the implementation can read, with what they must yield (at least those parts).
 * Unknown images must read as evidence without amount or reference rather than fail.
 */
export const paymentEvidenceReaderContract = (
  name: string,
  layer: Layer.Layer<PaymentEvidenceReader, unknown>,
  known: ReadonlyArray<readonly [EvidenceImage, PaymentEvidence]> = []
) =>
  describe(`PaymentEvidenceReader contract: ${name}`, () => {
    const test = (title: string, body: () => Effect.Effect<void, unknown, PaymentEvidenceReader>) =>
      it.effect(title, () => body().pipe(Effect.provide(layer)))

    test("known screenshots read as their evidence, marked as read by vision", () =>
      Effect.gen(function* () {
        const reader = yield* PaymentEvidenceReader
        const t = freshTenant()
        for (const [image, expected] of known) {
          const evidence = yield* reader.read(t, image)
          assert.isTrue(isEvidence(evidence))
          assert.strictEqual(evidence.source, "vision")
          for (const [field, value] of Object.entries(expected)) {
            if (field !== "source") assert.deepStrictEqual(evidence[field as keyof PaymentEvidence], value, field)
          }
        }
      }))

    test("an image that is no payment proof reads as no amount and no reference", () =>
      Effect.gen(function* () {
        const reader = yield* PaymentEvidenceReader
        const t = freshTenant()
        const images: ReadonlyArray<EvidenceImage> = [
          { _tag: "Url", url: "https://example.invalid/not-a-receipt.png" },
          { _tag: "Bytes", bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), mimeType: "image/png" }
        ]
        for (const image of images) {
          const evidence = yield* reader.read(t, image)
          assert.isTrue(isEvidence(evidence))
          assert.deepStrictEqual([evidence.amount, evidence.reference], [undefined, undefined])
          assert.deepStrictEqual(yield* reader.read(t, image), evidence)
        }
      }))
  })
