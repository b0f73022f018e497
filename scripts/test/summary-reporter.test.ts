// `npm test` without DATABASE_URL/REDIS_URL (issue 10): an integration suite is skipped, the run
// passes, and the summary reporter names the suite and what it needs; with CI set it is mandatory.
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../..", import.meta.url))
const suite = "packages/adapters/test/redis/Intake.redis.test.ts"

const vitest = (extra: Record<string, string>) => {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...extra }
  const run = spawnSync(process.execPath, ["node_modules/vitest/vitest.mjs", "run", suite], {
    cwd: root,
    env,
    encoding: "utf8",
    timeout: 120_000
  })
  return { status: run.status, output: run.stdout + run.stderr }
}

describe("integration suites without a database or Redis", () => {
  it("are skipped and listed, and the run passes", () => {
    const run = vitest({})
    expect(run.status, run.output).toBe(0)
    expect(run.output).toContain("integration suite(s) skipped: no database/Redis configured")
    expect(run.output).toContain(`${suite} › on Redis (needs REDIS_URL)`)
    expect(run.output).toMatch(/tests: 0 passed, 0 failed, \d+ skipped/)
  })

  it("fail the run in CI", () => {
    const run = vitest({ CI: "true" })
    expect(run.status, run.output).toBe(1)
    expect(run.output).toContain("TEST_REDIS_URL/REDIS_URL is not set: the integration suite is mandatory in CI")
  })
})
