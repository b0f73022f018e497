// SPEC §8 B1: signed WhatsApp Cloud POST → verify → durable dedupe + enqueue (one Redis script per
// batch: the record and the job staged for the workers' relay onto BullMQ) → 200, against the real app in a child process, versus a bare Hono route on the same server adapter,
// interleaved A B A B … ; also samples the ingest server's RSS for B5.
import { type ChildProcess, execFileSync, fork } from "node:child_process"
import { createHmac, randomBytes } from "node:crypto"
import { existsSync, readFileSync } from "node:fs"
import { availableParallelism } from "node:os"
import { fileURLToPath } from "node:url"
import autocannon from "autocannon"
import { Effect } from "effect"
import { ChannelMocks } from "../packages/adapters/src/channels/index.ts"
import { connect } from "../packages/adapters/src/redis/Client.ts"
import { bundle, productionNodeFlags } from "../scripts/bundle.ts"
import { BENCH_APP_SECRET, BENCH_PHONE_NUMBER_ID } from "./b1-server.ts"

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379"
const CONNECTIONS = 50
const SECONDS = Number(process.env.CHATSHOP_BENCH_B1_SECONDS ?? 8)
const ROUNDS = Math.max(5, Number(process.env.CHATSHOP_BENCH_B1_ROUNDS ?? 5))
// Pin the server to one core and this process (the load generator) to another (CHATSHOP_BENCH_PIN=0: don't).
const PIN = process.env.CHATSHOP_BENCH_PIN !== "0" && availableParallelism() >= 2 && existsSync("/usr/bin/taskset")

export interface Child {
  readonly process: ChildProcess
  readonly port: number
  readonly pid: number
  readonly idleRss: () => Promise<number>
  readonly stop: () => Promise<void>
}

const pin = (pid: number, cpu: string) => {
  if (PIN) execFileSync("taskset", ["-a", "-cp", cpu, String(pid)], { stdio: "ignore" })
}

/**
 * Fork a bench server child (`bench/b1-server.ts` bundled as production bundles the server, run with
 * production's Node flags) and wait for its port.
 */
export const startServer = async (mode: "ingest" | "bare", prefix: string): Promise<Child> => {
  const file = await bundle("bench-server")
  return new Promise((resolve, reject) => {
    const child = fork(file, [], {
      // CHATSHOP_BENCH_PROFILE=<dir>: write a CPU profile of each server child there (for tuning).
      execArgv: [
        ...productionNodeFlags,
        "--expose-gc",
        ...(process.env.CHATSHOP_BENCH_PROFILE === undefined
          ? []
          : ["--cpu-prof", `--cpu-prof-dir=${process.env.CHATSHOP_BENCH_PROFILE}`])
      ],
      env: {
        ...process.env,
        BENCH_MODE: mode,
        BENCH_PREFIX: prefix,
        REDIS_URL,
        LOG_LEVEL: "Warn",
        CHATSHOP_BENCH_ROOT: fileURLToPath(new URL("../", import.meta.url))
      },
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    })
    child.once("exit", (code) => reject(new Error(`${mode} server exited with ${code} before it was ready`)))
    child.once("message", (message: { type: string; port: number }) => {
      if (message.type !== "ready" || child.pid === undefined) return reject(new Error(`unexpected ${message.type}`))
      const pid = child.pid
      pin(pid, "1")
      resolve({
        process: child,
        port: message.port,
        pid,
        idleRss: () =>
          new Promise((ok) => {
            const onRss = (m: { type: string; rss: number }) => {
              if (m.type !== "rss") return
              child.off("message", onRss)
              ok(m.rss)
            }
            child.on("message", onRss)
            child.send({ type: "rss" })
          }),
        stop: () =>
          new Promise((done) => {
            child.removeAllListeners("exit")
            if (child.exitCode !== null) return done()
            const timer = setTimeout(() => child.kill("SIGKILL"), 5_000)
            child.once("exit", () => {
              clearTimeout(timer)
              done()
            })
            child.send({ type: "stop" })
          })
      })
    })
  })
}

/** Resident set size of `pid` from /proc (works while the child's event loop is saturated). */
export const rssOf = (pid: number): number => {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8")
      .split("\n")
      .find((l) => l.startsWith("VmRSS:"))
    return line === undefined ? 0 : Number.parseInt(line.replace(/\D+/g, ""), 10) * 1024
  } catch {
    return 0
  }
}

/** A signed WhatsApp text message; every call a new platform message id, so dedupe does real work. */
const signedRequests = (run: string) => {
  let n = 0
  return () => {
    n += 1
    const body = JSON.stringify(
      ChannelMocks.whatsappInbound({
        phoneNumberId: BENCH_PHONE_NUMBER_ID,
        from: "16505551234",
        id: `wamid.${run}.${n}`,
        timestamp: 1749416383,
        message: { type: "text", text: { body: "do you have these boots in 38?" } }
      })
    )
    const signature = createHmac("sha256", BENCH_APP_SECRET).update(body).digest("hex")
    return {
      method: "POST",
      path: "/webhooks/whatsapp",
      headers: { "content-type": "application/json", "x-hub-signature-256": `sha256=${signature}` },
      body
    }
  }
}

export interface LoadResult {
  readonly rps: number
  readonly p99Ms: number
  readonly ok: number
  readonly failed: number
  readonly maxRss: number
}

/** autocannon at 50 connections for `seconds`; requests/s counts 2xx only; RSS of `pid` sampled meanwhile. */
export const load = async (port: number, seconds: number, run: string, pid?: number): Promise<LoadResult> => {
  const next = signedRequests(run)
  let maxRss = 0
  const sampler = setInterval(() => {
    if (pid !== undefined) maxRss = Math.max(maxRss, rssOf(pid))
  }, 100)
  try {
    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: CONNECTIONS,
      duration: seconds,
      timeout: 10,
      method: "POST",
      requests: [{ setupRequest: (request) => ({ ...request, ...next() }) }]
    })
    return {
      rps: result["2xx"] / result.duration,
      p99Ms: result.latency.p99,
      ok: result["2xx"],
      failed: result.non2xx + result.errors + result.timeouts,
      maxRss
    }
  } finally {
    clearInterval(sampler)
  }
}

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2
}
const round1 = (x: number) => Math.round(x * 10) / 10
const mb = (bytes: number) => round1(bytes / 1024 / 1024)

/** Counts (and with `remove`, deletes) the keys under `prefix`; also the jobs staged or queued for the worker. */
export const redisKeys = (prefix: string, remove: boolean) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const client = yield* connect({ url: REDIS_URL })
        // Jobs the intake staged (no worker relays them during B1) plus any already on BullMQ.
        const staged = yield* Effect.promise(() => client.xlen(`${prefix}:intake`))
        const waiting = staged + (yield* Effect.promise(() => client.llen(`${prefix}:inbound:wait`)))
        let dedupe = 0
        let cursor = "0"
        do {
          const [nextCursor, keys] = yield* Effect.promise(() =>
            client.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000)
          )
          cursor = nextCursor
          dedupe += keys.filter((k) => k.startsWith(`${prefix}:dedupe:`)).length
          if (remove && keys.length > 0) yield* Effect.promise(() => client.unlink(...keys))
        } while (cursor !== "0")
        return { waiting, dedupe }
      })
    )
  )

/** Memory figures the B1 run measured for B5 (the ingest server), kept for `runB5` in the same process. */
export let lastServerMemory: { serverIdleMB: number; serverLoadedMB: number } | undefined

export const runB1 = async () => {
  const prefix = `chatshop-bench-${randomBytes(4).toString("hex")}`
  const run = randomBytes(3).toString("hex")
  if (PIN) pin(process.pid, "0")
  const ingest = await startServer("ingest", prefix)
  const bare = await startServer("bare", prefix)
  try {
    const idle = await ingest.idleRss()
    // Warm both (JIT, connection pools) before measuring.
    const warm = await load(ingest.port, 2, `${run}w`)
    await load(bare.port, 2, `${run}w`)
    const rounds: Array<{ ingest: LoadResult; bare: LoadResult; ratio: number }> = []
    for (let r = 0; r < ROUNDS; r++) {
      const a = await load(ingest.port, SECONDS, `${run}r${r}`, ingest.pid)
      const b = await load(bare.port, SECONDS, `${run}r${r}`)
      rounds.push({ ingest: a, bare: b, ratio: a.rps / b.rps })
      console.log(
        `  round ${r + 1}: ingest ${Math.round(a.rps)} req/s p99 ${a.p99Ms} ms (non-2xx/errors ${a.failed}) | ` +
          `bare ${Math.round(b.rps)} req/s p99 ${b.p99Ms} ms | ratio ${(a.rps / b.rps).toFixed(3)}`
      )
    }
    const ingestOk = warm.ok + rounds.reduce((n, x) => n + x.ingest.ok, 0)
    const stored = await redisKeys(prefix, false)
    lastServerMemory = {
      serverIdleMB: mb(idle),
      serverLoadedMB: mb(Math.max(...rounds.map((x) => x.ingest.maxRss)))
    }
    return {
      ratio: Math.round(median(rounds.map((x) => x.ratio)) * 1000) / 1000,
      target: 0.4,
      p99Ms: median(rounds.map((x) => x.ingest.p99Ms)),
      p99TargetMs: 20,
      ingestRequestsPerSecond: Math.round(median(rounds.map((x) => x.ingest.rps))),
      bareRequestsPerSecond: Math.round(median(rounds.map((x) => x.bare.rps))),
      bareP99Ms: median(rounds.map((x) => x.bare.p99Ms)),
      ingestNon2xx: rounds.reduce((n, x) => n + x.ingest.failed, 0),
      // Every 2xx of the measured rounds (and the warm-up) has a queued job and a dedupe record.
      ingest2xx: ingestOk,
      jobsQueued: stored.waiting,
      dedupeRecords: stored.dedupe,
      roundRatios: rounds.map((x) => Math.round(x.ratio * 1000) / 1000),
      setup: `${CONNECTIONS} connections, ${ROUNDS} rounds × ${SECONDS} s each side, distinct message ids, Redis ${REDIS_URL} prefix ${prefix} (removed after), server ${PIN ? "pinned to cpu 1, load generator to cpu 0" : "not pinned"}`
    }
  } finally {
    await ingest.stop()
    await bare.stop()
    await redisKeys(prefix, true)
    if (PIN) execFileSync("taskset", ["-a", "-cp", `0-${availableParallelism() - 1}`, String(process.pid)])
  }
}

if (import.meta.main) console.log(await runB1())
