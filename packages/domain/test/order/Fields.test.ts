import { assert, describe, it } from "@effect/vitest"
import { Option, Result } from "effect"
import * as fc from "fast-check"
import { Order } from "@chatshop/domain"
import { OrderArb, property } from "@chatshop/domain/testing"

const lines = fc.array(OrderArb.policyLine, { maxLength: 5 })
const rank = (f: Order.RequiredField): number =>
  f.field === "city" ? 0 : f.field === "phone" ? 2 : f.field === "address" ? 3 : 1

describe("required-field policy (SPEC §3.3)", () => {
  property(
    "ord-fields-city: city is always required, and asked first",
    [lines, OrderArb.delivery],
    (ls, delivery) => {
      assert.deepStrictEqual(Order.requiredFields(ls, delivery)[0], { field: "city" })
    },
    500
  )

  property(
    "ord-fields-size: a line needs a size exactly when its product has sizes",
    [lines, OrderArb.delivery],
    (ls, delivery) => {
      const required = Order.requiredFields(ls, delivery)
      ls.forEach((l, i) => {
        assert.strictEqual(
          required.some((f) => f.field === "size" && f.line === i),
          l.hasSizes
        )
      })
    },
    500
  )

  property(
    "ord-fields-colour: a line needs a colour only when its product has more than one",
    [lines, OrderArb.delivery],
    (ls, delivery) => {
      const required = Order.requiredFields(ls, delivery)
      ls.forEach((l, i) => {
        assert.strictEqual(
          required.some((f) => f.field === "color" && f.line === i),
          l.colorCount > 1
        )
      })
    },
    500
  )

  property(
    "ord-fields-address-last: address is required exactly when delivery is chosen, and always last",
    [lines, OrderArb.delivery],
    (ls, delivery) => {
      const required = Order.requiredFields(ls, delivery)
      const hasAddress = required.some((f) => f.field === "address")
      assert.strictEqual(hasAddress, delivery === "delivery")
      if (hasAddress) assert.deepStrictEqual(required[required.length - 1], { field: "address" })
      assert.isTrue(required.some((f) => f.field === "phone"))
    },
    500
  )

  property(
    "ord-fields-order: asking order is city, then size/colour line by line, then phone, then address",
    [lines, OrderArb.delivery],
    (ls, delivery) => {
      const required = Order.requiredFields(ls, delivery)
      for (let i = 1; i < required.length; i++) {
        const [a, b] = [required[i - 1]!, required[i]!]
        assert.isAtMost(rank(a), rank(b))
        if (rank(a) === 1 && rank(b) === 1) {
          assert.isTrue(a.line! < b.line! || (a.line === b.line && a.field === "size" && b.field === "color"))
        }
      }
    },
    500
  )

  property(
    "ord-next-question: nextQuestion is the first missing field, and none exactly when nothing is missing",
    [OrderArb.draftOrder],
    (order) => {
      const missing = Order.missingFields(order)
      const next = Order.nextQuestion(order)
      if (missing.length === 0) assert.isTrue(Option.isNone(next))
      else assert.deepStrictEqual(Option.getOrUndefined(next), missing[0])
      for (const f of missing) assert.isFalse(Order.hasField(order, f))
    },
    1000
  )

  it("a blank value counts as missing; size and colour are read from their line", () => {
    const boot = OrderArb.products[0]!
    const order = {
      ...OrderArb.draft(),
      lines: [{ ...boot, size: " ", color: "black" }],
      fields: { city: "Almaty", phone: "+7 701 555 44 11", delivery: "pickup" as const }
    }
    assert.deepStrictEqual(Order.missingFields(order), [{ field: "size", line: 0 }])
    assert.strictEqual(Order.describeField({ field: "size", line: 0 }), "size:0")
    assert.strictEqual(Order.describeField({ field: "city" }), "city")
    assert.isFalse(Order.hasField(order, { field: "size" }))
    assert.isFalse(Order.hasField(order, { field: "color", line: 3 }))
    const delivered = {
      ...order,
      lines: [{ ...boot, size: "38", color: "black" }],
      fields: { ...order.fields, delivery: "delivery" as const }
    }
    assert.deepStrictEqual(Option.getOrUndefined(Order.nextQuestion(delivered)), { field: "address" })
    assert.isTrue(
      Option.isNone(Order.nextQuestion({ ...delivered, fields: { ...delivered.fields, address: "Abay 10" } }))
    )
  })

  it("a single-colour product and one without sizes ask only city and phone", () => {
    assert.deepStrictEqual(Order.requiredFields([{ hasSizes: false, colorCount: 1 }], undefined), [
      { field: "city" },
      { field: "phone" }
    ])
    assert.deepStrictEqual(Order.requiredFields([{ hasSizes: true, colorCount: 2 }], "pickup"), [
      { field: "city" },
      { field: "size", line: 0 },
      { field: "color", line: 0 },
      { field: "phone" }
    ])
  })

  it("field values are trimmed; phones need 5–15 digits and phone characters only; delivery is a known mode", () => {
    const ok = (field: Order.FieldName, value: string) => {
      const r = Order.normalizeFieldValue(field, value)
      return Result.isSuccess(r) ? r.success : r.failure.reason
    }
    assert.strictEqual(ok("city", "  Almaty "), "Almaty")
    assert.strictEqual(ok("city", "   "), "empty")
    assert.strictEqual(ok("phone", "1234"), "not a phone number")
    assert.strictEqual(ok("phone", "12345"), "12345")
    assert.strictEqual(ok("phone", "+7 (701) 555-44.11"), "+7 (701) 555-44.11")
    assert.strictEqual(ok("phone", "123456789012345"), "123456789012345")
    assert.strictEqual(ok("phone", "1234567890123456"), "not a phone number")
    assert.strictEqual(ok("phone", "call 12345"), "not a phone number")
    assert.strictEqual(ok("delivery", "pickup"), "pickup")
    assert.strictEqual(ok("delivery", " delivery "), "delivery")
    assert.strictEqual(ok("delivery", "drone"), "expected delivery or pickup")
    assert.strictEqual(ok("address", "call 12345"), "call 12345")
  })
})
