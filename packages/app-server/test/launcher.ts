// Runs `pnpm start` (scripts/start.ts) as a real child process for end-to-end tests: spawn it with a
// given environment, read its output, wait for what it prints. Callers kill leftovers with `killAll`.
import { type Run, spawnEntry, waitFor } from "../../adapters/test/config/process.ts"

export { freePort, killAll, type Run, root, waitFor } from "../../adapters/test/config/process.ts"

export const start = (env: Record<string, string>) => spawnEntry("scripts/start.ts", env)

// A fresh PGlite runs initdb and every migration: tens of seconds on a busy 2-core machine.
export const waitForUrl = (run: Run) =>
  waitFor("web chat URL", run, () => /Web chat:\s+(http:\/\/\S+)/.exec(run.out())?.[1], 90_000)
