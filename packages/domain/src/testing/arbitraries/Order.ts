import * as fc from "fast-check"
import type { OrderCommand, ReservationOutcome } from "../../order/Commands.ts"
import type { FieldName } from "../../order/Fields.ts"
import { type LineSpec, makeDraft, type Order, type OrderFields, reservationIdFor } from "../../order/Model.ts"
import type { PaymentAssessment } from "../../payment/Model.ts"
import { normalizeReference } from "../../payment/Score.ts"
import { CustomerId, HOUR, OrderId, ProductId, Sku, TenantId, type Timestamp, timestamp } from "../../shared/Ids.ts"

export const tenantId = TenantId.make("t-orders")
export const orderId = OrderId.make("o-1")
export const customerId = CustomerId.make("c-1")

/** A small catalog: shoes with sizes and colours, a one-colour bag, a tee in one size. */
export const products: ReadonlyArray<LineSpec> = [
  {
    sku: Sku.make("boot"),
    productId: ProductId.make("p-boot"),
    qty: 1,
    unitPrice: { amount: 4990, currency: "USD" },
    category: "shoes",
    hasSizes: true,
    colorCount: 2
  },
  {
    sku: Sku.make("bag"),
    productId: ProductId.make("p-bag"),
    qty: 1,
    unitPrice: { amount: 12000, currency: "USD" },
    category: "bag",
    hasSizes: false,
    colorCount: 1
  },
  {
    sku: Sku.make("tee"),
    productId: ProductId.make("p-tee"),
    qty: 1,
    unitPrice: { amount: 1500, currency: "USD" },
    category: "clothing",
    hasSizes: false,
    colorCount: 3
  }
]
export const skus = products.map((p) => p.sku)

export const draft = (at: Timestamp = timestamp(0)): Order =>
  makeDraft({ id: orderId, tenantId, customer: { customerId }, currency: "USD", at })

/** A line from the small catalog, with a quantity and sometimes the size/colour already known. */
export const lineSpec: fc.Arbitrary<LineSpec> = fc
  .record({
    product: fc.constantFrom(...products),
    qty: fc.integer({ min: 1, max: 3 }),
    size: fc.option(fc.constantFrom("38", "40"), { nil: undefined }),
    color: fc.option(fc.constantFrom("black", "red"), { nil: undefined })
  })
  .map(({ product, qty, size, color }) => ({
    ...product,
    qty,
    ...(size === undefined ? {} : { size }),
    ...(color === undefined ? {} : { color })
  }))

/** Any product facts the field policy reads (sizes or not, 0–3 colours). */
export const policyLine = fc.record({ hasSizes: fc.boolean(), colorCount: fc.integer({ min: 0, max: 3 }) })

export const delivery = fc.constantFrom("delivery" as const, "pickup" as const, undefined)

/** Order fields, each maybe present, maybe blank. */
export const fields: fc.Arbitrary<OrderFields> = fc
  .record(
    {
      city: fc.constantFrom("Almaty", " "),
      phone: fc.constantFrom("+7 701 555 44 11", ""),
      address: fc.constantFrom("Abay 10, apt 5", ""),
      delivery: fc.constantFrom("delivery" as const, "pickup" as const),
      name: fc.constant("Dana")
    },
    { requiredKeys: [] }
  )
  .map((f) => f as OrderFields)

/** A draft with lines (sizes/colours maybe set) and fields (maybe set). */
export const draftOrder: fc.Arbitrary<Order> = fc
  .record({ lines: fc.array(lineSpec, { maxLength: 4 }), fields })
  .map(({ lines, fields }) => ({ ...draft(), lines, fields }))

const fieldValues: Record<FieldName, ReadonlyArray<string>> = {
  city: ["Almaty", "  "],
  size: ["38", "40", ""],
  color: ["black", "red"],
  phone: ["+7 701 555 44 11", "call me"],
  address: ["Abay 10"],
  delivery: ["delivery", "pickup", "drone"],
  name: ["Dana"]
}

/** A command before it meets the order: Place and SubmitPayment are filled in from the state. */
export type OrderStep =
  | { readonly _tag: "AddLine"; readonly line: LineSpec }
  | { readonly _tag: "RemoveLine"; readonly line: number }
  | { readonly _tag: "SetField"; readonly field: FieldName; readonly value: string; readonly line: number }
  | { readonly _tag: "Place"; readonly short: ReadonlyArray<boolean>; readonly holdHours: number }
  | { readonly _tag: "Cancel" }
  | { readonly _tag: "Expire" }
  | { readonly _tag: "SubmitPayment"; readonly score: number; readonly reused: boolean; readonly reference: string }
  | { readonly _tag: "ApprovePayment" }
  | { readonly _tag: "RejectPayment" }
  | { readonly _tag: "Fulfil" }

const lineIndex = fc.integer({ min: 0, max: 3 })

export const step: fc.Arbitrary<OrderStep> = fc.oneof(
  { arbitrary: lineSpec.map((line) => ({ _tag: "AddLine" as const, line })), weight: 3 },
  { arbitrary: lineIndex.map((line) => ({ _tag: "RemoveLine" as const, line })), weight: 1 },
  {
    arbitrary: fc.constantFrom(...(Object.keys(fieldValues) as Array<FieldName>)).chain((field) =>
      fc.record({
        _tag: fc.constant("SetField" as const),
        field: fc.constant(field),
        value: fc.constantFrom(...fieldValues[field]),
        line: lineIndex
      })
    ),
    weight: 4
  },
  {
    arbitrary: fc.record({
      _tag: fc.constant("Place" as const),
      short: fc.array(
        fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
        { minLength: 4, maxLength: 4 }
      ),
      holdHours: fc.integer({ min: 1, max: 6 })
    }),
    weight: 3
  },
  { arbitrary: fc.constant({ _tag: "Cancel" as const }), weight: 1 },
  { arbitrary: fc.constant({ _tag: "ApprovePayment" as const }), weight: 2 },
  { arbitrary: fc.constant({ _tag: "Expire" as const }), weight: 1 },
  {
    arbitrary: fc.record({
      _tag: fc.constant("SubmitPayment" as const),
      score: fc.constantFrom(0, 0.45, 0.75, 0.8, 0.85, 1),
      reused: fc.boolean(),
      reference: fc.constantFrom("TX1", "TX2")
    }),
    weight: 4
  },
  { arbitrary: fc.constant({ _tag: "RejectPayment" as const }), weight: 1 },
  { arbitrary: fc.constant({ _tag: "Fulfil" as const }), weight: 1 }
)

/** A placeable start (a bag, a city, a phone), so most walks get past draft. */
export const readyPrelude: ReadonlyArray<OrderStep> = [
  { _tag: "AddLine", line: products[1]! },
  { _tag: "SetField", field: "city", value: "Almaty", line: 0 },
  { _tag: "SetField", field: "phone", value: "+7 701 555 44 11", line: 0 }
]

export const steps: fc.Arbitrary<Array<OrderStep>> = fc
  .tuple(fc.integer({ min: 0, max: 4 }), fc.array(step, { maxLength: 30 }))
  .map(([start, rest]) =>
    start === 0
      ? rest
      : start <= 2
        ? [...readyPrelude, ...rest]
        : [...readyPrelude, { _tag: "Place" as const, short: [], holdHours: 4 }, ...rest]
  )

/** An assessment with this score against the default 0.8 threshold. */
export const assessment = (score: number, reused: boolean, reference: string | null): PaymentAssessment => {
  const accepted = !reused && score >= 0.8
  return {
    score,
    breakdown: {
      currency: true,
      amount: score >= 0.45,
      recipient: score >= 0.85,
      date: score >= 0.75,
      reference: true
    },
    threshold: 0.8,
    reference: reference === null ? null : normalizeReference(reference),
    referenceReused: reused && reference !== null,
    reasons: accepted ? [] : [...(reused ? (["reference_reused"] as const) : []), "below_threshold"]
  }
}

/** Turn a step into the command the service would send for this order at `at`. */
export const materialize = (s: OrderStep, order: Order, at: Timestamp): OrderCommand => {
  switch (s._tag) {
    case "AddLine":
    case "RemoveLine":
      return { ...s, at }
    case "SetField": {
      const lineField = s.field === "size" || s.field === "color"
      return { _tag: "SetField", field: s.field, value: s.value, ...(lineField ? { line: s.line } : {}), at }
    }
    case "Place": {
      const outcomes = order.lines.map((line, i): ReservationOutcome => {
        const base = { line: i, sku: line.sku, qty: line.qty }
        return s.short[i] === true
          ? { _tag: "Short", ...base, available: line.qty - 1 }
          : { _tag: "Reserved", ...base, reservationId: reservationIdFor(order, i) }
      })
      return { _tag: "Place", version: order.version, outcomes, holdUntil: timestamp(at + s.holdHours * HOUR), at }
    }
    case "Cancel":
      return { _tag: "Cancel", reason: "customer changed mind", at }
    case "Expire":
      return { _tag: "Expire", now: at }
    case "SubmitPayment":
      return {
        _tag: "SubmitPayment",
        evidence: { reference: s.reference },
        assessment: assessment(s.score, s.reused, s.reference),
        at
      }
    case "ApprovePayment":
      return { _tag: "ApprovePayment", by: "staff-1", at }
    case "RejectPayment":
      return { _tag: "RejectPayment", by: "staff-1", reason: "amount differs", at }
    case "Fulfil":
      return { _tag: "Fulfil", at }
  }
}
