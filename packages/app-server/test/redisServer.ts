import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

const cli = (port: number, ...args: Array<string>): string => {
  try {
    return execFileSync("redis-cli", ["-p", String(port), ...args], {
      encoding: "utf8",
      timeout: 5_000,
      stdio: ["ignore", "pipe", "ignore"]
    }).trim()
  } catch {
    return ""
  }
}

const waitFor = async (check: () => boolean, what: string, ms = 10_000) => {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/**
 * A redis-server this test owns, on its own port and data dir, so stopping it touches no other
 * suite. `stop` saves to its dir (SHUTDOWN SAVE) and `start` reloads it, so a restart keeps data.
 */
export const startRedis = async () => {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), "chatshop-redis-"))
  let child: ChildProcess | undefined
  const start = async () => {
    child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
      { stdio: "ignore" }
    )
    await waitFor(() => cli(port, "ping") === "PONG", "redis-server to answer")
  }
  const stop = async () => {
    const exited = new Promise<void>((resolve) => {
      if (child === undefined || child.exitCode !== null) resolve()
      else child.once("exit", () => resolve())
    })
    cli(port, "shutdown", "save")
    await exited
    child = undefined
  }
  const kill = () => {
    child?.kill("SIGKILL")
    rmSync(dir, { recursive: true, force: true })
  }
  await start()
  return { url: `redis://127.0.0.1:${port}`, port, start, stop, kill }
}
