import { existsSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"

/**
 * Settings from a `.env` file (`cp .env.example .env`), for every process: the one in the folder the
 * command was started from (`INIT_CWD`, set by npm and pnpm), else in the working directory.
 * Variables already in the environment win, so a deploy's own settings are never overridden.
 * Succeeds with the file read, if any.
 */
export const loadDotEnv: Effect.Effect<string | undefined> = Effect.sync(() => {
  const dirs = [process.env.INIT_CWD, process.cwd()].filter((d): d is string => d !== undefined && d !== "")
  const file = dirs.map((dir) => join(dir, ".env")).find((f) => existsSync(f))
  if (file !== undefined) process.loadEnvFile(file)
  return file
})
