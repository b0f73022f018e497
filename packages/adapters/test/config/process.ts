// Runs a chatshop entry point (an app's main.ts, scripts/start.ts) as a real child process with only
// the environment a test gives it, for tests of how processes start and stop.
import { type ChildProcess, spawn } from "node:child_process"
import { createServer } from "node:net"
import { fileURLToPath } from "node:url"
import { expect } from "vitest"

export const root = fileURLToPath(new URL("../../../../", import.meta.url))

const running = new Set<ChildProcess>()

/** SIGKILLs every process still running (for `afterAll`). */
export const killAll = () => {
  for (const child of running) child.kill("SIGKILL")
}

export const spawnEntry = (entry: string, env: Record<string, string>) => {
  const child = spawn(process.execPath, [entry], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  running.add(child)
  let stdout = ""
  let stderr = ""
  child.stdout?.on("data", (d) => (stdout += String(d)))
  child.stderr?.on("data", (d) => (stderr += String(d)))
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      running.delete(child)
      resolve(code)
    })
  )
  return { child, exited, out: () => stdout, err: () => stderr }
}

export type Run = ReturnType<typeof spawnEntry>

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address()
      s.close(() => resolve(typeof a === "object" && a !== null ? a.port : 0))
    })
  })

/** Polls until `f` returns a value (not undefined), or fails naming `what` with the process output. */
export const waitFor = async <A>(what: string, run: Run, f: () => A | undefined, ms: number): Promise<A> => {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const found = f()
    if (found !== undefined) return found
    if (run.child.exitCode !== null) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`no ${what} in time\nstdout:\n${run.out()}\nstderr:\n${run.err()}`)
}

/** Waits until the process prints `pattern` (on stdout or stderr). */
export const waitForOutput = (run: Run, pattern: RegExp, ms: number) =>
  waitFor(String(pattern), run, () => pattern.exec(run.out() + run.err()) ?? undefined, ms)

/**
 * The failure every process gives for a bad variable: exit 1, one stderr line naming it, no stack
 * trace. Returns the line.
 */
export const expectOneLineFailure = async (run: Run, variable: string): Promise<string> => {
  expect(await run.exited).toBe(1)
  const lines = run.err().trim().split("\n")
  expect(lines).toHaveLength(1)
  expect(lines[0]).toContain(variable)
  expect(run.err()).not.toContain("    at ")
  return lines[0] ?? ""
}
