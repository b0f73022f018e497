import { spawn } from "node:child_process"
import { createInterface } from "node:readline"

const worker = new URL("./buyer-worker.ts", import.meta.url).pathname

export interface WorkerResult {
  readonly won: number
  readonly lost: number
  readonly ids: ReadonlyArray<string>
  readonly soldOut: number
}

/**
 * Start one buyer process per entry (reserving stock or claiming an offer), wait until every one is connected, release them together and
 * collect what each got. Node 24 runs the .ts worker directly (type stripping).
 */
export const runBuyerProcesses = async (
  mode: "reserve" | "claim",
  url: string,
  tenant: string,
  target: string,
  buyersPerProcess: ReadonlyArray<number>
): Promise<ReadonlyArray<WorkerResult>> => {
  const children = buyersPerProcess.map((buyers, i) => {
    const child = spawn(process.execPath, [worker, mode, url, tenant, target, String(buyers), `${target}-p${i}`], {
      stdio: ["pipe", "pipe", "inherit"]
    })
    const lines = createInterface({ input: child.stdout })
    const ready = new Promise<void>((resolve, reject) => {
      lines.once("line", (line) => (line === "ready" ? resolve() : reject(new Error(`worker said: ${line}`))))
      child.once("exit", (code) => reject(new Error(`worker exited early with ${code}`)))
    })
    const result = new Promise<WorkerResult>((resolve, reject) => {
      lines.on("line", (line) => {
        if (line.startsWith("{")) resolve(JSON.parse(line) as WorkerResult)
      })
      child.once("exit", (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)))
    })
    return { child, ready, result }
  })
  await Promise.all(children.map((c) => c.ready))
  for (const c of children) c.child.stdin.write("go\n")
  return Promise.all(children.map((c) => c.result))
}
