import { assert, describe } from "@effect/vitest"
import { Schema } from "effect"
import * as fc from "fast-check"
import { NluResult, Order } from "@chatshop/domain"
import { property } from "@chatshop/domain/testing"
import * as OfflineNlu from "@chatshop/adapters/nlu"

const isResult = Schema.is(NluResult)
const expecting = fc.constantFrom(
  undefined,
  "choice" as const,
  "size" as const,
  "color" as const,
  "quantity" as const,
  "city" as const,
  "phone" as const,
  "address" as const,
  "name" as const,
  "delivery" as const
)
const words = fc.constantFrom(
  "boots",
  "ботинки",
  "38",
  "чёрные",
  "Almaty",
  "+7 701 234 56 78",
  "ул.",
  "Абая",
  "10",
  "yes",
  "нет",
  "stop",
  "оператор",
  "how much",
  "?",
  "#2",
  "two",
  "две",
  "шанель",
  "доставка",
  "pickup",
  "😀",
  "\n",
  ""
)
const text = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.array(words, { maxLength: 8 }).map((w) => w.join(" "))
)

describe("offline NLU properties", () => {
  property(
    "nlu-total: any text (and any expected field) classifies to a valid result, deterministically",
    [text, expecting],
    (t, e) => {
      const input = { text: t, ...(e === undefined ? {} : { expecting: e }) }
      const result = OfflineNlu.classify(input)
      assert.isTrue(isResult(result), JSON.stringify(result))
      assert.deepStrictEqual(OfflineNlu.classify(input), result)
      if (result.intent === "unknown") assert.deepStrictEqual([result.entities, result.confidence], [{}, 0])
    },
    500
  )

  property(
    "nlu-phone: an extracted phone is one the order accepts",
    [text, expecting],
    (t, e) => {
      const phone = OfflineNlu.classify({ text: t, ...(e === undefined ? {} : { expecting: e }) }).entities.phone
      if (phone !== undefined) assert.strictEqual(Order.normalizeFieldValue("phone", phone)._tag, "Success")
    },
    500
  )
})
