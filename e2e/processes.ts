// Real processes for the end-to-end suites: a node entry point spawned with its output kept (for
// failure messages and readiness patterns), stopped gracefully with SIGTERM, killed in `afterAll`.
import { type ChildProcess, spawn } from "node:child_process"
import { createServer } from "node:net"
import { fileURLToPath } from "node:url"

export const root = fileURLToPath(new URL("../", import.meta.url))

/** A node process of ours with its output kept for failure messages. */
export interface Proc {
  readonly label: string
  readonly child: ChildProcess
  readonly output: () => string
  /** Resolves when the output matches `pattern` (rejects if the process exits first or on timeout). */
  readonly waitFor: (pattern: RegExp, timeoutMs: number) => Promise<RegExpExecArray>
  readonly stop: () => Promise<void>
}

const running = new Set<ChildProcess>()

/** SIGKILLs every process still running (for `afterAll`). */
export const killAll = () => {
  for (const child of running) child.kill("SIGKILL")
}

export const spawnNode = (
  label: string,
  entry: string,
  env: Readonly<Record<string, string>>,
  nodeFlags: ReadonlyArray<string> = []
): Proc => {
  const child = spawn(process.execPath, [...nodeFlags, entry], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  running.add(child)
  let output = ""
  child.stdout?.on("data", (d) => (output += String(d)))
  child.stderr?.on("data", (d) => (output += String(d)))
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      running.delete(child)
      resolve()
    })
  )
  return {
    label,
    child,
    output: () => output,
    waitFor: async (pattern, timeoutMs) => {
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline) {
        const found = pattern.exec(output)
        if (found !== null) return found
        if (child.exitCode !== null) break
        await sleep(100)
      }
      throw new Error(`${label}: no ${pattern} within ${timeoutMs} ms\n${output}`)
    },
    stop: async () => {
      if (child.exitCode !== null) return
      child.kill("SIGTERM")
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000)
      await exited
      clearTimeout(timer)
    }
  }
}

/** A test failure with the output of the process it was driving appended. */
export const withOutput = (error: unknown, proc: Proc): Error =>
  new Error(`${error instanceof Error ? error.message : String(error)}\n--- ${proc.label} output ---\n${proc.output()}`)

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address()
      s.close(() => resolve(typeof a === "object" && a !== null ? a.port : 0))
    })
  })
