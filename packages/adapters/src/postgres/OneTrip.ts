import { Kysely, PostgresDialect } from "kysely"
import type { Pool, PoolClient } from "pg"
import type { Database } from "./Database.ts"

/**
 * A tenant's single statement in ONE round trip: the tenant setting and the statement travel as one
 * parameterless query, which pg sends over the simple protocol. PostgreSQL runs such a query as one
 * implicit transaction, so the transaction-local settings (`set_config(…, true)`) confine exactly
 * that statement and end with it: row-level security holds, and nothing outlives it (pgbouncer-safe).
 * The price: parameters are inlined as quoted literals, which PostgreSQL types like pg's untyped
 * parameters (both are "unknown" until the statement's context resolves them).
 */

// E'…' with backslashes and quotes doubled is a safe literal whatever standard_conforming_strings says.
export const literal = (value: string): string => {
  if (value.includes("\u0000")) throw new RangeError("a query parameter cannot contain NUL")
  return `E'${value.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`
}

const hex = (bytes: Uint8Array): string => `\\x${Buffer.from(bytes).toString("hex")}`

// An array parameter as PostgreSQL's array text ('{"a","b",NULL}'), the form pg sends it in.
const arrayText = (values: ReadonlyArray<unknown>): string =>
  `{${values
    .map((v) => {
      if (v === null || v === undefined) return "NULL"
      if (Array.isArray(v)) return arrayText(v)
      return `"${text(v).replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`
    })
    .join(",")}}`

/** A parameter's text, as pg would send it. */
const text = (value: unknown): string => {
  if (value instanceof Date) return value.toISOString()
  if (value instanceof Uint8Array) return hex(value)
  if (Array.isArray(value)) return arrayText(value)
  if (typeof value === "object") return JSON.stringify(value)
  return String(value)
}

/** A parameter as an SQL literal (NULL for null/undefined, like pg). */
export const toLiteral = (value: unknown): string =>
  value === null || value === undefined ? "null" : literal(text(value))

/**
 * `sql` with its `$n` placeholders replaced by their values' literals. Quoted strings and
 * identifiers are copied as they are (a `$1` inside them is not a placeholder).
 */
export const inline = (sql: string, values: ReadonlyArray<unknown>): string => {
  let out = ""
  let i = 0
  while (i < sql.length) {
    const c = sql[i]!
    if (c === "'" || c === '"') {
      const end = closing(sql, i, c)
      out += sql.slice(i, end)
      i = end
    } else if (c === "$" && /[0-9]/.test(sql[i + 1] ?? "") && !/[\w$]/.test(sql[i - 1] ?? "")) {
      let j = i + 1
      while (j < sql.length && /[0-9]/.test(sql[j]!)) j++
      const n = Number(sql.slice(i + 1, j))
      if (n < 1 || n > values.length) throw new RangeError(`query parameter $${n} has no value`)
      out += toLiteral(values[n - 1])
      i = j
    } else {
      out += c
      i++
    }
  }
  return out
}

// The index just past the quote closing the one at `start` (a doubled quote is an escaped one).
const closing = (sql: string, start: number, quote: string): number => {
  let i = start + 1
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2
      else return i + 1
    } else i++
  }
  return sql.length
}

interface QueryResult {
  readonly command: string
  readonly rowCount: number | null
  readonly rows: ReadonlyArray<unknown>
}

/** A pool client whose every statement runs behind `prefix`, in one round trip. */
const prefixed = (client: PoolClient, prefix: string) => ({
  query: async (sql: string, values?: ReadonlyArray<unknown>): Promise<QueryResult> => {
    const results = (await client.query(`${prefix}; ${inline(sql, values ?? [])}`)) as unknown
    const all = results as ReadonlyArray<QueryResult>
    return all[all.length - 1]!
  },
  release: (error?: Error | boolean) => client.release(error)
})

/**
 * A kysely whose statements each run after `prefix` in one round trip and one implicit transaction
 * (cheap to make: it opens nothing until a statement runs, then borrows one client of `pool`).
 */
export const prefixedKysely = (pool: Pool, prefix: string): Kysely<Database> =>
  new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: { connect: async () => prefixed(await pool.connect(), prefix) } as unknown as Pool
    })
  })
