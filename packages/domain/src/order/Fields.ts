import { Option, Result, Schema } from "effect"
import { InvalidFieldValue } from "./Errors.ts"
import type { Delivery, Order, OrderLine } from "./Model.ts"

/** Every field the chat can collect; size and colour are per line. */
export const FieldName = Schema.Literals(["city", "size", "color", "phone", "address", "delivery", "name"])
export type FieldName = typeof FieldName.Type

/** A field the order still needs; `line` names the line for size and colour. */
export const RequiredField = Schema.Struct({
  field: Schema.Literals(["city", "size", "color", "phone", "address"]),
  line: Schema.optionalKey(Schema.Int)
})
export type RequiredField = typeof RequiredField.Type

const city: RequiredField = { field: "city" }
const phone: RequiredField = { field: "phone" }
const address: RequiredField = { field: "address" }

/**
 * SPEC §3.3 required-field policy, in the order the bot asks: city always; then line by line the
 * size (product has sizes) and the colour (product has more than one); phone; address only when
 * delivery was chosen — always last.
 */
export const requiredFields = (
  lines: ReadonlyArray<Pick<OrderLine, "hasSizes" | "colorCount">>,
  delivery: Delivery | undefined
): Array<RequiredField> => {
  const fields: Array<RequiredField> = [city]
  lines.forEach((line, index) => {
    if (line.hasSizes) fields.push({ field: "size", line: index })
    if (line.colorCount > 1) fields.push({ field: "color", line: index })
  })
  fields.push(phone)
  if (delivery === "delivery") fields.push(address)
  return fields
}

const present = (value: string | undefined): boolean => value !== undefined && value.trim() !== ""

/** Whether the order already has a value for a required field. */
export const hasField = (order: Pick<Order, "lines" | "fields">, required: RequiredField): boolean => {
  switch (required.field) {
    case "size":
    case "color": {
      const line = order.lines[required.line ?? -1]
      return line !== undefined && present(line[required.field])
    }
    default:
      return present(order.fields[required.field])
  }
}

/** The required fields still missing, in asking order. */
export const missingFields = (order: Pick<Order, "lines" | "fields">): Array<RequiredField> =>
  requiredFields(order.lines, order.fields.delivery).filter((f) => !hasField(order, f))

/** What the bot should ask next: the first missing field in asking order, or none. */
export const nextQuestion = (order: Pick<Order, "lines" | "fields">): Option.Option<RequiredField> => {
  for (const f of requiredFields(order.lines, order.fields.delivery)) if (!hasField(order, f)) return Option.some(f)
  return Option.none()
}

/** "size:1" for size of line 1, "city" for city: for messages and error payloads. */
export const describeField = (f: RequiredField): string => (f.line === undefined ? f.field : `${f.field}:${f.line}`)

const phoneChars = /^[+\d\s().-]+$/

/**
 * Validate and normalise a value typed in chat: trimmed and non-blank; a phone has 5–15 digits
 * and only phone punctuation; delivery is "delivery" or "pickup".
 */
export const normalizeFieldValue = (field: FieldName, value: string): Result.Result<string, InvalidFieldValue> => {
  const trimmed = value.trim()
  if (trimmed === "") return Result.fail(new InvalidFieldValue({ field, value, reason: "empty" }))
  if (field === "phone") {
    const digits = trimmed.replace(/\D/g, "").length
    if (!phoneChars.test(trimmed) || digits < 5 || digits > 15) {
      return Result.fail(new InvalidFieldValue({ field, value, reason: "not a phone number" }))
    }
  }
  if (field === "delivery" && trimmed !== "delivery" && trimmed !== "pickup") {
    return Result.fail(new InvalidFieldValue({ field, value, reason: "expected delivery or pickup" }))
  }
  return Result.succeed(trimmed)
}
