// Where the integration suites find real services. In CI they must: a missing URL fails loudly
// instead of silently skipping the PostgreSQL/Redis runs.
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
