import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import * as fc from "fast-check"
import { Money } from "@chatshop/domain"
import { property } from "@chatshop/domain/testing"

// SPEC §3: integer minor units + ISO 4217 currency; formatting never prints NaN; JSON amounts are decimal strings.
const currency = fc.constantFrom(...(Object.keys(Money.currencies) as Array<Money.Currency>))
const amount = fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 })
const money = fc.record({ amount, currency })
const ok = <A, E>(r: Result.Result<A, E>): A => {
  if (Result.isFailure(r)) throw new Error(`expected success, got ${JSON.stringify(r.failure)}`)
  return r.success
}
const err = <A, E>(r: Result.Result<A, E>): E => {
  if (Result.isSuccess(r)) throw new Error(`expected failure, got ${JSON.stringify(r.success)}`)
  return r.failure
}

describe("Money (SPEC §3)", () => {
  it("money-currencies: the required currencies exist with their ISO exponents and symbols", () => {
    for (const c of ["KZT", "KHR", "RUB", "USD", "EUR"] as const) assert.strictEqual(Money.exponent(c), 2)
    assert.strictEqual(Money.exponent("JPY"), 0)
    assert.strictEqual(Money.exponent("KWD"), 3)
    assert.deepStrictEqual(Object.fromEntries(Object.entries(Money.currencies).map(([k, v]) => [k, v.symbol])), {
      KZT: "₸",
      KHR: "៛",
      RUB: "₽",
      USD: "$",
      EUR: "€",
      GBP: "£",
      UAH: "₴",
      UZS: "soʻm",
      KGS: "сом",
      TRY: "₺",
      THB: "฿",
      JPY: "¥",
      KWD: "KD"
    })
  })

  it("money-schema: decodes integer minor units of a known currency, rejects floats, unsafe ints and unknown codes", () => {
    const decode = Schema.decodeUnknownResult(Money.Money)
    assert.isTrue(Result.isSuccess(decode({ amount: 5990, currency: "USD" })))
    assert.isTrue(Result.isSuccess(decode({ amount: -1, currency: "KWD" })))
    assert.isTrue(Result.isFailure(decode({ amount: 59.9, currency: "USD" })))
    assert.isTrue(Result.isFailure(decode({ amount: 2 ** 53, currency: "USD" })))
    assert.isTrue(Result.isFailure(decode({ amount: 1, currency: "XXX" })))
    assert.isTrue(Result.isFailure(decode({ amount: 1, currency: "" })))
    assert.deepStrictEqual(Money.Currency.literals, Object.keys(Money.currencies))
  })

  it("money-make: make keeps safe integers and throws a RangeError naming the amount otherwise", () => {
    assert.deepStrictEqual(Money.make(-7, "RUB"), { amount: -7, currency: "RUB" })
    assert.deepStrictEqual(Money.zero("KZT"), { amount: 0, currency: "KZT" })
    assert.throws(() => Money.make(Number.MAX_SAFE_INTEGER + 1, "USD"), RangeError, /out of range: 9007199254740992/)
    assert.throws(() => Money.make(0.5, "USD"), RangeError)
    assert.throws(() => Money.times({ amount: Number.MAX_SAFE_INTEGER, currency: "USD" }, 2), RangeError)
  })

  it("money-arith: add/subtract/times/sum on one currency; a mismatch names both sides", () => {
    const usd = (n: number) => Money.make(n, "USD")
    assert.deepStrictEqual(ok(Money.add(usd(150), usd(-50))), usd(100))
    assert.deepStrictEqual(ok(Money.subtract(usd(150), usd(200))), usd(-50))
    assert.deepStrictEqual(Money.times(usd(1999), 3), usd(5997))
    assert.deepStrictEqual(ok(Money.sum([usd(1), usd(2), usd(3)], "USD")), usd(6))
    assert.deepStrictEqual(ok(Money.sum([], "KHR")), Money.zero("KHR"))
    for (const e of [
      err(Money.add(usd(1), Money.make(1, "EUR"))),
      err(Money.subtract(usd(1), Money.make(1, "EUR"))),
      err(Money.sum([usd(1), Money.make(1, "EUR")], "USD"))
    ]) {
      assert.strictEqual(e._tag, "CurrencyMismatch")
      assert.deepStrictEqual([e.left, e.right], ["USD", "EUR"])
    }
    assert.isTrue(Money.equals(usd(5), usd(5)))
    assert.isFalse(Money.equals(usd(5), usd(6)))
    assert.isFalse(Money.equals(usd(5), Money.make(5, "EUR")))
  })

  it("money-decimal: minor units print as digits with the currency's exponent", () => {
    const d = (n: number, c: Money.Currency) => Money.toDecimalString({ amount: n, currency: c })
    assert.strictEqual(d(5990, "USD"), "59.90")
    assert.strictEqual(d(-5, "USD"), "-0.05")
    assert.strictEqual(d(0, "USD"), "0.00")
    assert.strictEqual(d(7, "KWD"), "0.007")
    assert.strictEqual(d(100, "JPY"), "100")
    assert.strictEqual(d(-100, "JPY"), "-100")
    assert.strictEqual(d(1_250_000, "KZT"), "12500.00")
  })

  it("money-format: chat formatting groups thousands, puts $ € £ in front and other symbols after", () => {
    const f = (n: number, c: Money.Currency) => Money.format({ amount: n, currency: c })
    assert.strictEqual(f(5990, "USD"), "$59.90")
    assert.strictEqual(f(123_456_789, "USD"), "$1,234,567.89")
    assert.strictEqual(f(100_000, "EUR"), "€1,000.00")
    assert.strictEqual(f(99_999, "GBP"), "£999.99")
    assert.strictEqual(f(1_250_000, "KZT"), "12 500.00 ₸")
    assert.strictEqual(f(399_000, "RUB"), "3 990.00 ₽")
    assert.strictEqual(f(-1_250_000, "KZT"), "-12 500.00 ₸")
    assert.strictEqual(f(-5, "USD"), "-$0.05")
    assert.strictEqual(f(1_234_567, "JPY"), "1 234 567 ¥")
    assert.strictEqual(f(100, "JPY"), "100 ¥")
    assert.strictEqual(f(1234, "KWD"), "1.234 KD")
  })

  property(
    "money-format-never-nan: any amount in any currency formats without NaN/undefined and round-trips through the decimal string",
    [money],
    (m) => {
      const text = Money.format(m)
      assert.notMatch(text, /NaN|undefined|Infinity/)
      assert.include(text, Money.currencies[m.currency].symbol)
      assert.deepStrictEqual(ok(Money.fromDecimalString(Money.toDecimalString(m), m.currency)), m)
      assert.deepStrictEqual(ok(Money.fromJson(Money.toJson(m))), m)
    },
    300
  )

  it("money-parse: decimal strings with . or , become minor units; too many decimals or junk is InvalidAmount", () => {
    const p = (s: string, c: Money.Currency = "USD") => Money.fromDecimalString(s, c)
    assert.deepStrictEqual(ok(p("59.90")), { amount: 5990, currency: "USD" })
    assert.deepStrictEqual(ok(p(" 59,9 ")), { amount: 5990, currency: "USD" })
    assert.deepStrictEqual(ok(p("60")), { amount: 6000, currency: "USD" })
    assert.deepStrictEqual(ok(p("-0.05")), { amount: -5, currency: "USD" })
    assert.deepStrictEqual(ok(p("100", "JPY")), { amount: 100, currency: "JPY" })
    assert.deepStrictEqual(ok(p("1.5", "KWD")), { amount: 1500, currency: "KWD" })
    const negZero = ok(p("-0.00"))
    assert.isTrue(Object.is(negZero.amount, 0), "-0.00 parses to +0, never -0")
    const tooPrecise = err(p("1.005"))
    assert.deepStrictEqual(
      [tooPrecise._tag, tooPrecise.input, tooPrecise.reason],
      ["InvalidAmount", "1.005", "USD has 2 decimal places"]
    )
    assert.strictEqual(err(p("1.5", "JPY")).reason, "JPY has 0 decimal places")
    for (const junk of ["", "abc", "1.2.3", "1e5", "+5", ".5", "5.", "1 000", "NaN", "1234567890123456"]) {
      const e = err(p(junk))
      assert.deepStrictEqual([e.input, e.reason], [junk, "expected a decimal number like 59.90"], junk)
    }
    const big = err(p("999999999999999.99"))
    assert.strictEqual(big.reason, "amount out of range")
    assert.deepStrictEqual(ok(p("999999999999999", "JPY")).amount, 999_999_999_999_999)
  })

  it("money-json: the admin API shape carries a decimal string, never a float", () => {
    assert.deepStrictEqual(Money.toJson({ amount: 5990, currency: "USD" }), { amount: "59.90", currency: "USD" })
    assert.deepStrictEqual(ok(Money.fromJson({ amount: "12500", currency: "KZT" })), {
      amount: 1_250_000,
      currency: "KZT"
    })
    assert.strictEqual(err(Money.fromJson({ amount: "12.5.0", currency: "KZT" }))._tag, "InvalidAmount")
    assert.isTrue(Result.isFailure(Schema.decodeUnknownResult(Money.MoneyJson)({ amount: 59.9, currency: "USD" })))
  })
})
