import { describe } from "vitest"

// Where the integration suites find real services. In CI they must: a missing URL fails loudly
// instead of silently skipping the PostgreSQL/Redis runs. Elsewhere a suite whose service is not
// configured is skipped and named by scripts/summary-reporter.ts.

declare module "vitest" {
  interface TaskMeta {
    /** Set on a suite skipped because these variables are unset, e.g. "DATABASE_URL and REDIS_URL". */
    unconfigured?: string
  }
}

const required = (name: string, value: string | undefined): string | undefined => {
  if (value === undefined || value === "") {
    if (process.env.CI) throw new Error(`${name} is not set: the integration suite is mandatory in CI`)
    return undefined
  }
  return value
}

/** TEST_DATABASE_URL ?? DATABASE_URL, or undefined outside CI. */
export const databaseUrl = (): string | undefined =>
  required("TEST_DATABASE_URL/DATABASE_URL", process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL)

/** TEST_REDIS_URL ?? REDIS_URL, or undefined outside CI. */
export const redisUrl = (): string | undefined =>
  required("TEST_REDIS_URL/REDIS_URL", process.env.TEST_REDIS_URL ?? process.env.REDIS_URL)

const services = {
  database: { variable: "DATABASE_URL", url: databaseUrl },
  redis: { variable: "REDIS_URL", url: redisUrl }
} as const

/** The URLs a `describeWith` body gets: those it asked for ("" in a skipped suite, where nothing runs). */
export interface ServiceUrls {
  readonly database: string
  readonly redis: string
}

/**
 * `describe` for a suite that needs real PostgreSQL and/or Redis. With their URLs set it is a plain
 * `describe`; without, the suite is skipped and marked so the summary reporter lists it (in CI a
 * missing URL throws instead). A skipped suite's body still runs to collect its tests: it must only
 * declare tests and layers, and connect in hooks or tests.
 */
export const describeWith =
  (...needs: ReadonlyArray<keyof typeof services>) =>
  (name: string, body: (urls: ServiceUrls) => void): void => {
    const urls = { database: "", redis: "" }
    const missing: Array<string> = []
    for (const need of needs) {
      const url = services[need].url()
      if (url === undefined) missing.push(services[need].variable)
      else urls[need] = url
    }
    if (missing.length === 0) describe(name, () => body(urls))
    else describe(name, { skip: true, meta: { unconfigured: missing.join(" and ") } }, () => body(urls))
  }
