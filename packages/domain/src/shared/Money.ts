import { Result, Schema } from "effect"

/**
 * Money is an integer count of minor units plus an ISO 4217 currency. No floats anywhere:
 * arithmetic stays on safe integers and formatting works on digits, so it can never print NaN.
 */

/** Minor-unit exponent per supported currency (ISO 4217). */
export const currencies = {
  KZT: { exponent: 2, symbol: "₸" },
  KHR: { exponent: 2, symbol: "៛" },
  RUB: { exponent: 2, symbol: "₽" },
  USD: { exponent: 2, symbol: "$" },
  EUR: { exponent: 2, symbol: "€" },
  GBP: { exponent: 2, symbol: "£" },
  UAH: { exponent: 2, symbol: "₴" },
  UZS: { exponent: 2, symbol: "soʻm" },
  KGS: { exponent: 2, symbol: "сом" },
  TRY: { exponent: 2, symbol: "₺" },
  THB: { exponent: 2, symbol: "฿" },
  JPY: { exponent: 0, symbol: "¥" },
  KWD: { exponent: 3, symbol: "KD" }
} as const

export const Currency = Schema.Literals(Object.keys(currencies) as Array<keyof typeof currencies>)
export type Currency = typeof Currency.Type

/** Integer minor units within the safe integer range. */
export const MinorUnits = Schema.Int.check(
  Schema.makeFilter((n: number) => Number.isSafeInteger(n) || "expected a safe integer")
)

export const Money = Schema.Struct({ amount: MinorUnits, currency: Currency })
export type Money = typeof Money.Type

export class CurrencyMismatch extends Schema.TaggedError<CurrencyMismatch>()("CurrencyMismatch", {
  left: Currency,
  right: Currency
}) {}

export class InvalidAmount extends Schema.TaggedError<InvalidAmount>()("InvalidAmount", {
  input: Schema.String,
  reason: Schema.String
}) {}

const assertSafe = (n: number): number => {
  if (!Number.isSafeInteger(n)) throw new RangeError(`money amount out of range: ${n}`)
  return n
}

export const make = (amount: number, currency: Currency): Money => ({ amount: assertSafe(amount), currency })
export const zero = (currency: Currency): Money => ({ amount: 0, currency })
export const exponent = (currency: Currency): number => currencies[currency].exponent

export const add = (a: Money, b: Money): Result.Result<Money, CurrencyMismatch> =>
  a.currency === b.currency
    ? Result.succeed(make(a.amount + b.amount, a.currency))
    : Result.fail(new CurrencyMismatch({ left: a.currency, right: b.currency }))

export const subtract = (a: Money, b: Money): Result.Result<Money, CurrencyMismatch> =>
  a.currency === b.currency
    ? Result.succeed(make(a.amount - b.amount, a.currency))
    : Result.fail(new CurrencyMismatch({ left: a.currency, right: b.currency }))

/** Multiply by an integer quantity (line totals). */
export const times = (m: Money, qty: number): Money => make(m.amount * qty, m.currency)

/** Sum of same-currency amounts; an empty list sums to zero in `currency`. */
export const sum = (items: ReadonlyArray<Money>, currency: Currency): Result.Result<Money, CurrencyMismatch> => {
  let total = 0
  for (const m of items) {
    if (m.currency !== currency) return Result.fail(new CurrencyMismatch({ left: currency, right: m.currency }))
    total += m.amount
  }
  return Result.succeed(make(total, currency))
}

export const equals = (a: Money, b: Money): boolean => a.amount === b.amount && a.currency === b.currency

/** "59.90" for 5990 USD; "-0.05" for -5; "100" for 100 JPY. Digit arithmetic only. */
export const toDecimalString = (m: Money): string => {
  const e = exponent(m.currency)
  const negative = m.amount < 0
  const digits = String(Math.abs(m.amount)).padStart(e + 1, "0")
  const whole = digits.slice(0, digits.length - e)
  const frac = e === 0 ? "" : `.${digits.slice(digits.length - e)}`
  return `${negative ? "-" : ""}${whole}${frac}`
}

const groupThousands = (whole: string, sep: string): string => whole.replace(/\B(?=(\d{3})+(?!\d))/g, sep)

/** Human formatting for chat replies: "$59.90", "12 500.00 ₸", "3 990.00 ₽". */
export const format = (m: Money): string => {
  const text = toDecimalString(m)
  const negative = text.startsWith("-")
  const [whole = "0", frac] = (negative ? text.slice(1) : text).split(".")
  const { symbol } = currencies[m.currency]
  const prefixSymbol = m.currency === "USD" || m.currency === "GBP" || m.currency === "EUR"
  const body = `${groupThousands(whole, prefixSymbol ? "," : " ")}${frac === undefined ? "" : `.${frac}`}`
  return `${negative ? "-" : ""}${prefixSymbol ? `${symbol}${body}` : `${body} ${symbol}`}`
}

const decimalPattern = /^(-)?(\d{1,15})(?:[.,](\d+))?$/

/** Parse "59.90" / "59,9" / "60" into minor units; more fraction digits than the currency has is an error. */
export const fromDecimalString = (input: string, currency: Currency): Result.Result<Money, InvalidAmount> => {
  const match = decimalPattern.exec(input.trim())
  if (match === null) return Result.fail(new InvalidAmount({ input, reason: "expected a decimal number like 59.90" }))
  const [, sign, whole = "0", frac = ""] = match
  const e = exponent(currency)
  if (frac.length > e) {
    return Result.fail(new InvalidAmount({ input, reason: `${currency} has ${e} decimal places` }))
  }
  const amount = Number(whole + frac.padEnd(e, "0")) * (sign === "-" ? -1 : 1)
  if (!Number.isSafeInteger(amount)) return Result.fail(new InvalidAmount({ input, reason: "amount out of range" }))
  return Result.succeed(make(amount === 0 ? 0 : amount, currency))
}

/** The JSON shape of the admin API: `{"amount": "59.90", "currency": "USD"}`. */
export const MoneyJson = Schema.Struct({ amount: Schema.String, currency: Currency })
export type MoneyJson = typeof MoneyJson.Type
export const toJson = (m: Money): MoneyJson => ({ amount: toDecimalString(m), currency: m.currency })
export const fromJson = (json: MoneyJson): Result.Result<Money, InvalidAmount> =>
  fromDecimalString(json.amount, json.currency)
