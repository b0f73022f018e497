import {
  type EvidenceImage,
  EvidenceReaderUnavailable,
  Money,
  type Payment,
  PaymentEvidenceReader,
  timestamp
} from "@chatshop/domain"
import { Effect, Layer, Result, Schema } from "effect"
import { answerFormat, type LlmClient, makeClient } from "./Client.ts"
import { type LlmOptions, settingsOf } from "./Config.ts"

const part = (description: string) => Schema.optionalKey(Schema.String.annotate({ description }))

/** What the vision model reads off a payment screenshot; `toEvidence` turns it into the domain's. */
export const EvidenceReading = Schema.Struct({
  isPaymentProof: Schema.Boolean.annotate({
    description: "true only when the image is a bank or wallet receipt of a completed payment"
  }),
  amount: part('The amount paid, digits with a dot before the cents and no grouping, e.g. "12500.00"'),
  currency: part('ISO 4217 code of the amount, e.g. "KZT", "USD", "RUB"'),
  payer: part("Who paid: name, masked card or phone as shown"),
  recipient: part("Who received the money: name, masked card or phone as shown"),
  reference: part("The transaction id / receipt number as shown"),
  date: part('When it was paid, ISO 8601: "2026-11-22T14:05:00+05:00", or "2026-11-22" when only the day is shown')
})
export type EvidenceReading = typeof EvidenceReading.Type
export const readingFormat = answerFormat("payment_evidence", EvidenceReading)

export const visionPrompt = [
  "You read a screenshot a customer sent as proof of payment to a shop. Answer with JSON in the given schema.",
  "Copy only what the image shows; null for any part that is not visible or not readable. Never guess.",
  "If the image is not a receipt of a completed payment, answer isPaymentProof false and null for every part."
].join("\n")

const symbols: Readonly<Record<string, Money.Currency>> = {
  "₸": "KZT",
  ТГ: "KZT",
  ТЕНГЕ: "KZT",
  $: "USD",
  "₽": "RUB",
  РУБ: "RUB",
  "€": "EUR",
  "£": "GBP",
  "₴": "UAH",
  "¥": "JPY"
}

/** "KZT", "kzt", "₸", "руб." → the domain's Currency, or undefined for one the shop can't take. */
export const currencyOf = (text: string): Money.Currency | undefined => {
  const code = text.trim().toUpperCase().replace(/\.$/, "")
  if (Object.hasOwn(Money.currencies, code)) return code as Money.Currency
  return symbols[code]
}

/**
 * "12 500.00", "12,500.00", "12.500,00", "12500" → minor units via `Money.fromDecimalString` (no
 * floats). The last "." or "," followed by 1–2 digits (or the currency's exponent) is the decimal point.
 */
export const amountOf = (text: string, currency: Money.Currency): Money.Money | undefined => {
  // Spaces, currency signs and codes around the number say nothing about its value.
  const compact = text.replace(/[^\d.,-]/g, "")
  const exponent = Money.exponent(currency)
  const fraction = compact.match(/[.,](\d+)$/)?.[1]
  const isDecimalPoint = fraction !== undefined && (fraction.length <= 2 || fraction.length === exponent)
  const whole = isDecimalPoint ? compact.slice(0, compact.length - fraction.length - 1) : compact
  const digits = whole.replace(/[.,]/g, "")
  // "100.00" yen: zeros past the currency's exponent are no value.
  const cents = !isDecimalPoint ? "" : /^0*$/.test(fraction.slice(exponent)) ? fraction.slice(0, exponent) : fraction
  const parsed = Money.fromDecimalString(cents === "" ? digits : `${digits}.${cents}`, currency)
  return Result.isSuccess(parsed) && parsed.success.amount > 0 ? parsed.success : undefined
}

/** ISO 8601 → epoch ms; a time without a zone is read as UTC (the scoring window has a day of slack). */
export const dateOf = (text: string): number | undefined => {
  const iso = text.trim().replace(/^(\d{4}-\d{2}-\d{2}) (?=\d)/, "$1T")
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return undefined
  const zoned = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso) ? `${iso}Z` : iso
  const ms = Date.parse(zoned)
  return Number.isFinite(ms) ? ms : undefined
}

const nonEmpty = (text: string | undefined): string | undefined => {
  const trimmed = text?.trim()
  return trimmed === undefined || trimmed === "" ? undefined : trimmed
}

/** The reading as the domain's evidence: unreadable parts are left out, never guessed. */
export const toEvidence = (reading: EvidenceReading): Payment.PaymentEvidence => {
  if (!reading.isPaymentProof) return { source: "vision" }
  const currency = reading.currency === undefined ? undefined : currencyOf(reading.currency)
  const amount = reading.amount === undefined || currency === undefined ? undefined : amountOf(reading.amount, currency)
  const date = reading.date === undefined ? undefined : dateOf(reading.date)
  const payer = nonEmpty(reading.payer)
  const recipient = nonEmpty(reading.recipient)
  const reference = nonEmpty(reading.reference)
  return {
    ...(amount === undefined ? {} : { amount }),
    ...(payer === undefined ? {} : { payer }),
    ...(recipient === undefined ? {} : { recipient }),
    ...(reference === undefined ? {} : { reference }),
    ...(date === undefined ? {} : { date: timestamp(date) }),
    source: "vision"
  }
}

/** The image as an OpenAI `image_url`: the link itself, or the bytes as a `data:` URL. */
export const imageUrlOf = (image: EvidenceImage): string =>
  image._tag === "Url" ? image.url : `data:${image.mimeType};base64,${Buffer.from(image.bytes).toString("base64")}`

export const makeEvidenceReader = (
  client: LlmClient,
  model: string,
  timeoutMs: number
): PaymentEvidenceReader["Service"] =>
  PaymentEvidenceReader.of({
    read: (_tenantId, image) =>
      client
        .complete(
          {
            model,
            timeoutMs,
            messages: [
              { role: "system", content: visionPrompt },
              {
                role: "user",
                content: [
                  { type: "text", text: "The customer's payment screenshot:" },
                  { type: "image_url", image_url: { url: imageUrlOf(image), detail: "high" } }
                ]
              }
            ]
          },
          readingFormat
        )
        .pipe(
          Effect.map(toEvidence),
          Effect.mapError((e) => new EvidenceReaderUnavailable({ reason: e.reason }))
        )
  })

/** Reads screenshots with the vision model; on failure the payment goes to a human. */
export const layerEvidenceReader = (options: LlmOptions): Layer.Layer<PaymentEvidenceReader> =>
  Layer.sync(PaymentEvidenceReader, () => {
    const settings = settingsOf(options)
    return makeEvidenceReader(makeClient(settings), settings.visionModel, settings.visionTimeoutMs)
  })
