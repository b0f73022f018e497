// Runs `pnpm start` (scripts/start.ts) as a real child process for end-to-end tests: spawn it with a
// given environment, read its output, wait for what it prints. Callers kill leftovers with `killAll`.
import { type ChildProcess, spawn } from "node:child_process"
import { createServer } from "node:net"
import { fileURLToPath } from "node:url"

export const root = fileURLToPath(new URL("../../../", import.meta.url))

const running = new Set<ChildProcess>()

/** SIGKILLs every launcher still running (for `afterAll`). */
export const killAll = () => {
  for (const child of running) child.kill("SIGKILL")
}

export const start = (env: Record<string, string>) => {
  const child = spawn(process.execPath, ["scripts/start.ts"], {
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

export type Run = ReturnType<typeof start>

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

// A fresh PGlite runs initdb and every migration: tens of seconds on a busy 2-core machine.
export const waitForUrl = (run: Run) =>
  waitFor("web chat URL", run, () => /Web chat:\s+(http:\/\/\S+)/.exec(run.out())?.[1], 90_000)
