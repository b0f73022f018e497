import { Context, Effect, Layer, Schema } from "effect"
import type { PaymentEvidence } from "../payment/Model.ts"
import type { TenantId } from "../shared/Ids.ts"

/** A payment screenshot: a link the channel gave us, or the downloaded bytes. */
export const EvidenceImage = Schema.TaggedUnion({
  Url: { url: Schema.String },
  Bytes: { bytes: Schema.Uint8Array, mimeType: Schema.String }
})
export type EvidenceImage = typeof EvidenceImage.Type

/** The reader could not answer (vision model down): the payment goes to a human. */
export class EvidenceReaderUnavailable extends Schema.TaggedError<EvidenceReaderUnavailable>()(
  "EvidenceReaderUnavailable",
  { reason: Schema.String }
) {}

/** How the memory reader looks an image up: the url, or the bytes in hex. */
export const evidenceImageKey = (image: EvidenceImage): string => {
  switch (image._tag) {
    case "Url":
      return image.url
    case "Bytes":
      return `bytes:${Array.from(image.bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`
  }
}

/**
 * Reads what a payment screenshot says (SPEC §3.3, §4: the vision port). Parts it cannot read are
 * left out; an image that is no payment proof reads as no parts. Scoring is the payment module's.
 */
export class PaymentEvidenceReader extends Context.Service<
  PaymentEvidenceReader,
  {
    readonly read: (
      tenantId: TenantId,
      image: EvidenceImage
    ) => Effect.Effect<PaymentEvidence, EvidenceReaderUnavailable>
  }
>()("@chatshop/domain/ports/PaymentEvidenceReader") {
  /** Reads nothing from any image. */
  static readonly layerMemory: Layer.Layer<PaymentEvidenceReader> = Layer.effect(
    PaymentEvidenceReader,
    Effect.sync(() => makeMemory(new Map()))
  )
  /** Reads the evidence fed for each image key (`evidenceImageKey`: the url, or "bytes:" + hex). */
  static readonly layerFrom = (
    entries: Iterable<readonly [string, PaymentEvidence]>
  ): Layer.Layer<PaymentEvidenceReader> =>
    Layer.effect(
      PaymentEvidenceReader,
      Effect.sync(() => makeMemory(new Map(entries)))
    )
}

function makeMemory(known: ReadonlyMap<string, PaymentEvidence>): PaymentEvidenceReader["Service"] {
  return PaymentEvidenceReader.of({
    read: (_tenantId, image) =>
      Effect.sync(() => ({ ...known.get(evidenceImageKey(image)), source: "vision" as const }))
  })
}
