import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import { Dialog, Money, wordingKeepsFacts } from "@chatshop/domain"
import { property } from "@chatshop/domain/testing"

const names = ["shop", "query", "n", "title", "price", "original", "stock", "sizes", "colours", "size", "color"].concat(
  ["options", "qty", "lineTotal", "total", "city", "address", "phone", "ref", "hours", "details", "open", "close"]
)

const safeText = fc.string({ maxLength: 12 }).filter((s) => !/undefined|NaN|Infinity/i.test(s))
const money = fc.record({
  amount: fc.oneof(fc.integer(), fc.constant(Number.NaN), fc.constant(Number.POSITIVE_INFINITY), fc.constant(1.5)),
  currency: fc.constantFrom(...(Object.keys(Money.currencies) as Array<Money.Currency>), "XXX" as Money.Currency)
})
const param: fc.Arbitrary<Dialog.Param> = fc.oneof(
  safeText,
  fc.oneof(fc.integer(), fc.double()),
  money,
  fc.constant("{price}"),
  fc.constant("[x]")
)
const params = fc.dictionary(fc.constantFrom(...names), param, { maxKeys: 8 })

describe("dialog templates", () => {
  property(
    "dialog-templates-render: every template renders in both languages for any parameters, never undefined/NaN/{",
    [fc.constantFrom(...Dialog.templateKeys), fc.constantFrom("en" as const, "ru" as const), params],
    (key, language, p) => {
      const { text, facts } = Dialog.render(key, p, language)
      assert.isAbove(text.length, 0)
      for (const bad of ["undefined", "NaN", "{", "}", "[", "]", "Infinity"])
        assert.notInclude(text, bad, `${key}: ${text}`)
      assert.isTrue(wordingKeepsFacts({ key, text, facts }, text))
    },
    1000
  )

  it("every key has an English and a Russian wording, and the Russian one is in Cyrillic", () => {
    for (const key of Dialog.templateKeys) {
      const { en, ru } = Dialog.templates[key]
      assert.isAbove(en.length, 0, key)
      // A wording with words of its own ("{title} — {price}." has none) is translated.
      if (/\p{L}/u.test(en.replace(/\{\w+\}/g, ""))) assert.match(ru, /\p{Script=Cyrillic}/u, key)
    }
  })

  it("Money renders with Money.format; counts as whole numbers; optional parts drop when empty", () => {
    const price = Money.make(1_250_000, "KZT")
    assert.deepStrictEqual(
      Dialog.render("option_in_stock", { title: "Boots", size: "38", color: "", stock: 2, price }, "en"),
      {
        key: "option_in_stock",
        text: "Yes, Boots in size 38 is available: 2 left, 12 500.00 ₸.",
        facts: ["Boots", "38", "2", "12 500.00 ₸"]
      }
    )
    assert.strictEqual(
      Dialog.render("added", { title: "Сумка", qty: 2.7, lineTotal: Money.make(999, "RUB") }, "ru").text,
      "Добавила Сумка × 2 — 9.99 ₽."
    )
    assert.strictEqual(Dialog.render("greeting", {}, "en").text, "Hi! Welcome. What are you looking for today?")
    assert.strictEqual(
      Dialog.render("greeting", { shop: "Boots KZ" }, "en").text,
      "Hi! Welcome to Boots KZ. What are you looking for today?"
    )
    assert.strictEqual(
      Dialog.render("product", { title: "X", price: { amount: Number.NaN, currency: "USD" } }, "en").text,
      "X — ."
    )
  })

  it("an unknown key falls back to the error wording; renderReply renders an action", () => {
    assert.strictEqual(Dialog.render("no_such_key", {}, "ru").text, Dialog.templates.error.ru)
    assert.isFalse(Dialog.isTemplateKey("no_such_key"))
    assert.isTrue(Dialog.isTemplateKey("greeting"))
    const reply: Dialog.ReplyAction = {
      _tag: "Reply",
      key: "order_placed",
      params: { ref: "ord_7", hours: 24 },
      language: "ru"
    }
    assert.deepStrictEqual(Dialog.renderReply(reply), {
      key: "order_placed",
      text: "Заказ ord_7 оформлен. Мы держим его для вас 24 ч.",
      facts: ["ord_7", "24"]
    })
  })

  it("customer text can't inject template syntax", () => {
    assert.strictEqual(Dialog.renderParam("{total} [x]"), "total x")
    assert.strictEqual(Dialog.renderParam(undefined), "")
    assert.strictEqual(Dialog.renderParam(Number.NaN), "")
    assert.strictEqual(Dialog.renderParam(-3.9), "-3")
  })
})
