// The worker as a real process (`node src/main.ts`): how it reads LOG_LEVEL and how it stops.
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"
import { databaseUrl, redisUrl } from "../../adapters/test/env.ts"
import { expectOneLineFailure, killAll, spawnEntry, waitForOutput } from "../../adapters/test/config/process.ts"

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url))
afterAll(killAll)

const production = (database: string, redis: string) => ({
  DATABASE_URL: database,
  REDIS_URL: redis,
  CHATSHOP_SECRET_KEY: "worker-main-test-key-0123456789",
  // Keys of its own: the worker's consumers and relay touch no other suite's queues.
  QUEUE_PREFIX: `cs-worker-main-${process.pid}-${Date.now()}`
})

describe("the worker process (SPEC §2)", () => {
  it("LOG_LEVEL=loud → exit 1 with one line naming LOG_LEVEL, before connecting to anything", async () => {
    const run = spawnEntry(main, {
      ...production("postgres://127.0.0.1:1/x", "redis://127.0.0.1:1"),
      LOG_LEVEL: "loud"
    })
    const line = await expectOneLineFailure(run, "LOG_LEVEL")
    expect(line).toMatch(/trace, debug, info, warn, error, fatal, none.*"loud"/)
  })

  const database = databaseUrl()
  const redis = redisUrl()
  describe.skipIf(database === undefined || redis === undefined)("on the test PostgreSQL and Redis", () => {
    // SIGTERM used to end it with 130 (an interrupted Effect), which pnpm and process managers read as a crash.
    it.each(["info", "INFO", "Info"])(
      "LOG_LEVEL=%s starts it; SIGTERM stops it gracefully with exit 0",
      async (level) => {
        const run = spawnEntry(main, { ...production(database ?? "", redis ?? ""), LOG_LEVEL: level })
        await waitForOutput(run, /worker started/, 60_000)
        run.child.kill("SIGTERM")
        expect(await run.exited).toBe(0)
        expect(run.out()).toContain("SIGTERM: stopping")
        expect(run.err()).toBe("")
      },
      90_000
    )
  })
})
