import {
  amountOf,
  currencyOf,
  dateOf,
  EvidenceReading,
  layerEvidenceReader,
  LlmMocks,
  toEvidence
} from "@chatshop/adapters/llm"
import { type EvidenceImage, type Payment, PaymentEvidenceReader, TenantId, timestamp } from "@chatshop/domain"
import { paymentEvidenceReaderContract } from "@chatshop/domain/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as OpenAiStructuredOutput from "effect/ai/OpenAiStructuredOutput"
import { optionsFor, timed } from "./helpers.ts"

const { mockOpenAi, formatOf, imageUrlsOf, jsonSchemaOf } = LlmMocks
const tenantId = TenantId.make("shop-llm-vision")

/** A strict-mode answer: every key present, null when not seen. */
const reading = (parts: Partial<Record<keyof typeof EvidenceReading.fields, string | boolean>>) =>
  JSON.stringify({
    isPaymentProof: true,
    amount: null,
    currency: null,
    payer: null,
    recipient: null,
    reference: null,
    date: null,
    ...parts
  })

const kaspi = reading({
  amount: "12 500.00",
  currency: "KZT",
  payer: "Aigerim S.",
  recipient: "Demo Shoes IP",
  reference: "QR-7781-2231",
  date: "2026-11-22T14:05:00+05:00"
})

const read = (layer: Layer.Layer<PaymentEvidenceReader>, image: EvidenceImage) =>
  PaymentEvidenceReader.use((reader) => reader.read(tenantId, image)).pipe(Effect.provide(layer))

describe("LLM PaymentEvidenceReader over a vision model (issue 5)", () => {
  it.live("llm-vision-url: the link goes as an image_url part to the vision model; the reading becomes evidence", () =>
    Effect.gen(function* () {
      const mock = yield* mockOpenAi(() => kaspi)
      const evidence = yield* read(layerEvidenceReader(optionsFor(mock)), {
        _tag: "Url",
        url: "https://cdn.example/receipt-1.jpg"
      })
      assert.deepStrictEqual(evidence, {
        amount: { amount: 1_250_000, currency: "KZT" },
        payer: "Aigerim S.",
        recipient: "Demo Shoes IP",
        reference: "QR-7781-2231",
        date: timestamp(Date.UTC(2026, 10, 22, 9, 5)),
        source: "vision"
      })
      const request = mock.requests[0]!
      assert.strictEqual((request.json as { model: string }).model, "vision-model")
      assert.deepStrictEqual(imageUrlsOf(request), ["https://cdn.example/receipt-1.jpg"])
      assert.strictEqual(formatOf(request), "payment_evidence")
      assert.deepStrictEqual(jsonSchemaOf(request), OpenAiStructuredOutput.toCodecOpenAI(EvidenceReading).jsonSchema)
    }).pipe(Effect.scoped)
  )

  it.live("llm-vision-bytes: downloaded bytes go as a data: URL with their mime type", () =>
    Effect.gen(function* () {
      const mock = yield* mockOpenAi(() => reading({ amount: "59.90", currency: "usd", date: "2026-11-22" }))
      const bytes = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
      const evidence = yield* read(layerEvidenceReader(optionsFor(mock)), {
        _tag: "Bytes",
        bytes,
        mimeType: "image/png"
      })
      assert.deepStrictEqual(imageUrlsOf(mock.requests[0]!), ["data:image/png;base64,iVBORw0KGgo="])
      assert.deepStrictEqual(evidence, {
        amount: { amount: 5_990, currency: "USD" },
        date: timestamp(Date.UTC(2026, 10, 22)),
        source: "vision"
      })
    }).pipe(Effect.scoped)
  )

  const failures: ReadonlyArray<readonly [string, LlmMocks.ModelResponder, RegExp]> = [
    ["HTTP 500", () => ({ status: 500 }), /HTTP 500/],
    ["not JSON", () => "The receipt shows 12 500 tenge", /not JSON/],
    ["the wrong shape", () => JSON.stringify({ amount: 12500 }), /does not match payment_evidence/]
  ]
  it.live.each(failures)(
    "llm-vision-failure: %s → EvidenceReaderUnavailable (the payment goes to a human)",
    ([, responder, why]) =>
      Effect.gen(function* () {
        const mock = yield* mockOpenAi(responder)
        const error = yield* Effect.flip(
          read(layerEvidenceReader(optionsFor(mock)), { _tag: "Url", url: "https://x/r.png" })
        )
        assert.strictEqual(error._tag, "EvidenceReaderUnavailable")
        assert.match(error.reason, why)
      }).pipe(Effect.scoped)
  )

  it.live("llm-vision-timeout: a slow vision model is EvidenceReaderUnavailable at its own timeout", () =>
    Effect.gen(function* () {
      const mock = yield* mockOpenAi(() => ({ content: kaspi, delayMs: 5_000 }))
      // The text timeout is long: the vision call must use visionTimeoutMs.
      const layer = layerEvidenceReader(optionsFor(mock, { timeoutMs: 10_000, visionTimeoutMs: 200 }))
      const { value, ms } = yield* timed(Effect.flip(read(layer, { _tag: "Url", url: "https://x/r.png" })))
      assert.strictEqual(value._tag, "EvidenceReaderUnavailable")
      assert.isBelow(ms, 3_000)
    }).pipe(Effect.scoped)
  )
})

describe("reading → PaymentEvidence (integer minor units, epoch ms)", () => {
  it("llm-vision-amount: grouped, comma and dot decimals, codes and signs; never a float or a guess", () => {
    const cases: ReadonlyArray<readonly [string, Parameters<typeof amountOf>[1], number | undefined]> = [
      ["12 500.00", "KZT", 1_250_000],
      ["12\u00a0500,00", "KZT", 1_250_000],
      ["12,500.00", "USD", 1_250_000],
      ["12.500,50", "EUR", 1_250_050],
      ["12,500", "USD", 1_250_000],
      ["0.1", "USD", 10],
      ["59.9", "USD", 5_990],
      ["12 500 ₸", "KZT", 1_250_000],
      ["1.500", "KWD", 1_500],
      ["3,000", "JPY", 3_000],
      ["3000.00", "JPY", 3_000],
      ["3000.5", "JPY", undefined],
      ["-500.00", "USD", undefined],
      ["0", "USD", undefined],
      ["twelve", "USD", undefined],
      ["", "USD", undefined]
    ]
    for (const [text, currency, minor] of cases) {
      assert.deepStrictEqual(
        amountOf(text, currency),
        minor === undefined ? undefined : { amount: minor, currency },
        text
      )
    }
  })

  it("llm-vision-currency: ISO codes any case, common signs; unknown currencies are no currency", () => {
    assert.strictEqual(currencyOf(" kzt "), "KZT")
    assert.strictEqual(currencyOf("₸"), "KZT")
    assert.strictEqual(currencyOf("руб."), "RUB")
    assert.strictEqual(currencyOf("$"), "USD")
    assert.strictEqual(currencyOf("XYZ"), undefined)
    assert.strictEqual(currencyOf("toString"), undefined)
  })

  it("llm-vision-date: ISO with zone, without zone (UTC), date only; anything else is no date", () => {
    assert.strictEqual(dateOf("2026-11-22T14:05:00+05:00"), Date.UTC(2026, 10, 22, 9, 5))
    assert.strictEqual(dateOf("2026-11-22T14:05"), Date.UTC(2026, 10, 22, 14, 5))
    assert.strictEqual(dateOf("2026-11-22 14:05:30"), Date.UTC(2026, 10, 22, 14, 5, 30))
    assert.strictEqual(dateOf("2026-11-22"), Date.UTC(2026, 10, 22))
    assert.strictEqual(dateOf("22.11.2026"), undefined)
    assert.strictEqual(dateOf("2026-13-45"), undefined)
  })

  it("llm-vision-convert: no payment proof reads as nothing; blank or unreadable parts are left out", () => {
    const base = { isPaymentProof: true } as const
    assert.deepStrictEqual(toEvidence({ isPaymentProof: false, amount: "100", currency: "USD", reference: "X1" }), {
      source: "vision"
    })
    const evidence: Payment.PaymentEvidence = toEvidence({
      ...base,
      amount: "100.00",
      currency: "XYZ",
      payer: "  ",
      recipient: " Demo Shoes ",
      reference: "",
      date: "yesterday"
    })
    assert.deepStrictEqual(evidence, { recipient: "Demo Shoes", source: "vision" })
    assert.deepStrictEqual(toEvidence({ ...base, amount: "100.00" }), { source: "vision" })
  })
})

// The shared contract: a known receipt reads as its evidence; anything else is no payment proof.
const knownUrl = "https://cdn.example/known-receipt.png"
const contractModel: LlmMocks.ModelResponder = (request) =>
  imageUrlsOf(request).includes(knownUrl) ? kaspi : reading({ isPaymentProof: false })

paymentEvidenceReaderContract(
  "LLM vision (scripted model over HTTP)",
  Layer.unwrap(Effect.map(mockOpenAi(contractModel), (mock) => layerEvidenceReader(optionsFor(mock)))),
  [
    [
      { _tag: "Url", url: knownUrl },
      { amount: { amount: 1_250_000, currency: "KZT" }, reference: "QR-7781-2231", recipient: "Demo Shoes IP" }
    ]
  ]
)
