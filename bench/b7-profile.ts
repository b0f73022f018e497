// `node bench/b7-profile.ts [customers] [profile dir]`: where B7's worker spends a turn. The worker runs
// as in B7 but reaches PostgreSQL and Redis through counting proxies (bench/b7-wire.ts) and with
// --cpu-prof. After a warm-up it waits for the worker's nudge sweep to pass (reporting its cost per
// conversation), measures the idle background (pollers) for 3 s, then runs two bursts: `customers`
// first messages ("Hi"), then the same customers' search. For each it prints per turn: PostgreSQL
// round trips by statement, Redis commands by command (each with its mean wait), and the worker's CPU
// by package and by function (profile samples in the burst's window: both processes read the same
// monotonic clock; time the worker was runnable but descheduled counts as busy). The proxies add a
// hop, so waits and turns/s here are above B7's; counts are the worker's own.
import { createHash } from "node:crypto"
import { mkdirSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { drive, firstThenSearch, probe } from "./b7-drive.ts"
import { adapterDependency } from "./b7-reference.ts"
import { openWorld } from "./b7-setup.ts"
import { countingProxy, type Tallies } from "./b7-wire.ts"

const bullmqScripts = (): Map<string, string> => {
  const scripts = adapterDependency("bullmq/dist/cjs/scripts/index.js") as Record<string, { content: string }>
  return new Map(
    Object.entries(scripts).map(([name, s]) => [createHash("sha1").update(s.content).digest("hex"), `bullmq ${name}`])
  )
}

const snapshot = (tallies: Tallies) => new Map([...tallies].map(([k, t]) => [k, { ...t }]))

/** Per turn over the burst, minus what the idle window shows the process does on its own per second. */
const perTurn = (
  before: Tallies,
  after: Tallies,
  idle: { readonly delta: Tallies; readonly seconds: number },
  seconds: number,
  turns: number
) =>
  [...after]
    .map(([label, t]) => {
      const b = before.get(label) ?? { count: 0, waitMs: 0 }
      const background = ((idle.delta.get(label)?.count ?? 0) * seconds) / idle.seconds
      const count = t.count - b.count
      return { label, perTurn: (count - background) / turns, meanWaitMs: (t.waitMs - b.waitMs) / Math.max(1, count) }
    })
    .filter((r) => Math.abs(r.perTurn) >= 0.005)
    .sort((a, b) => b.perTurn - a.perTurn)

const total = (t: Tallies) => [...t.values()].reduce((n, x) => n + x.count, 0)
const count = (t: Tallies, prefix: string) =>
  [...t].reduce((n, [label, x]) => (label.startsWith(prefix) ? n + x.count : n), 0)

const until = async (condition: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("B7 profile: timed out")
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Resolves once `value` has not changed for `ms`. */
const quiet = async (value: () => number, ms: number) => {
  let last = value()
  let since = Date.now()
  while (Date.now() - since < ms) {
    await new Promise((r) => setTimeout(r, 50))
    if (value() !== last) {
      last = value()
      since = Date.now()
    }
  }
}

const minus = (a: Tallies, b: Tallies): Tallies =>
  new Map(
    [...a].map(([k, t]) => [k, { count: t.count - (b.get(k)?.count ?? 0), waitMs: t.waitMs - (b.get(k)?.waitMs ?? 0) }])
  )

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
}
interface CpuProfile {
  readonly nodes: ReadonlyArray<ProfileNode>
  readonly startTime: number
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

const where = (url: string): string => {
  if (url === "") return "(native / V8)"
  if (url.startsWith("node:")) return url.split("/").slice(0, 2).join("/")
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg !== null) return pkg[1]!
  const ours = /(packages\/[^/]+\/src\/.*|bench\/.*)$/.exec(url)
  return ours?.[1] ?? url
}

/** Self time (ms) by place and by function, of the samples taken between `from` and `to` (µs, monotonic). */
const cpuIn = (profile: CpuProfile, from: number, to: number) => {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const byPlace = new Map<string, number>()
  const byFunction = new Map<string, number>()
  let t = profile.startTime
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0
    t += dt
    if (t < from || t > to) return
    const frame = byId.get(id)!.callFrame
    const place = frame.url === "" ? frame.functionName : where(frame.url)
    byPlace.set(place, (byPlace.get(place) ?? 0) + dt / 1000)
    const fn = `${frame.functionName || "(anonymous)"} ${where(frame.url)}:${frame.lineNumber + 1}`
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt / 1000)
  })
  return { byPlace, byFunction }
}

const top = (m: Map<string, number>, n: number, turns: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, ms]) => `  ${(ms / turns).toFixed(3).padStart(7)} ms  ${k}`)
    .join("\n")

const table = (rows: ReturnType<typeof perTurn>) =>
  rows
    .map((r) => `  ${r.perTurn.toFixed(2).padStart(6)}  ${r.meanWaitMs.toFixed(2).padStart(7)} ms  ${r.label}`)
    .join("\n")

interface Phase {
  readonly label: string
  readonly turns: number
  readonly seconds: number
  readonly from: number
  readonly to: number
  readonly lines: ReadonlyArray<string>
}

export const runB7Profile = async (customers = 250, dir = "/tmp/chatshop-b7-profile") => {
  const databaseUrl = process.env.DATABASE_URL
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379"
  if (databaseUrl === undefined) throw new Error("the B7 profile needs DATABASE_URL")
  mkdirSync(dir, { recursive: true })
  const pg = await countingProxy(databaseUrl)
  const redis = await countingProxy(redisUrl, bullmqScripts())
  const via = (url: string, proxy: string) =>
    Object.assign(new URL(url), { hostname: "127.0.0.1", port: new URL(proxy).port }).toString()
  const world = await openWorld({
    workerFlags: ["--cpu-prof", `--cpu-prof-dir=${dir}`],
    workerUrls: (urls) => ({ databaseUrl: via(urls.databaseUrl, pg.url), redisUrl: via(urls.redisUrl, redis.url) })
  })
  const before = new Set(readdirSync(dir))
  const phases: Array<Phase> = []
  const lines: Array<string> = []
  const ids = (batch: string) => Array.from({ length: customers }, (_, i) => `79${batch}${String(i).padStart(6, "0")}`)
  const now = () => Number(process.hrtime.bigint() / 1000n)
  try {
    const { mock, worker } = world
    const steps = firstThenSearch(await probe(mock, worker, "7990000001"))
    await drive(mock, worker, ids("01").slice(0, 100), steps, null)
    // The nudge sweep runs at start and then a minute after the last one ended; it visits every
    // conversation waiting for the customer. Measure right after one, in the quiet minute that follows.
    const sweeps = () => count(pg.tallies, 'select "c"."state" from "nudge_state"')
    const seen = sweeps()
    lines.push(`Waiting for the worker's next nudge sweep (up to 70 s)…`)
    await until(() => sweeps() > seen, 70_000)
    const sweepStart = [snapshot(pg.tallies), snapshot(redis.tallies)] as const
    await quiet(() => count(redis.tallies, "EVAL"), 1_000)
    const candidates = 101
    lines.push(
      `One nudge sweep over ${candidates} conversations, none due, per conversation: ` +
        `${(total(minus(pg.tallies, sweepStart[0])) / candidates).toFixed(1)} PostgreSQL round trips, ` +
        `${(total(minus(redis.tallies, sweepStart[1])) / candidates).toFixed(1)} Redis commands`
    )
    const idleStart = [snapshot(pg.tallies), snapshot(redis.tallies)] as const
    await new Promise((r) => setTimeout(r, 3_000))
    const idlePg = { delta: minus(pg.tallies, idleStart[0]), seconds: 3 }
    const idleRedis = { delta: minus(redis.tallies, idleStart[1]), seconds: 3 }
    lines.push(
      `Background (idle worker, subtracted below): ${total(idlePg.delta) / 3} PostgreSQL round trips/s, ${total(idleRedis.delta) / 3} Redis commands/s`
    )
    // The first messages, then the searches of the same customers, each its own burst.
    for (const [label, only] of [
      ['first message ("Hi")', [steps[0]!]],
      [`search (${steps[1]!.text})`, [steps[1]!]]
    ] as const) {
      const start = [snapshot(pg.tallies), snapshot(redis.tallies), redis.writes(), sweeps()] as const
      const from = now()
      const burst = await drive(mock, worker, ids("02"), only, null)
      const turns = burst.jobs
      phases.push({
        label,
        turns,
        seconds: burst.seconds,
        from,
        to: now(),
        lines: [
          ...(sweeps() > start[3] ? ["(a nudge sweep ran during this burst: its traffic is counted too)"] : []),
          `PostgreSQL round trips per turn (mean wait):`,
          table(perTurn(start[0], pg.tallies, idlePg, burst.seconds, turns)),
          `Redis commands per turn (mean wait; ${((redis.writes() - start[2]) / turns).toFixed(1)} client writes per turn):`,
          table(perTurn(start[1], redis.tallies, idleRedis, burst.seconds, turns))
        ]
      })
    }
  } finally {
    await world.close()
    await pg.close()
    await redis.close()
  }
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile") && !before.has(f))
  const profile = file === undefined ? undefined : (JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile)
  for (const phase of phases) {
    lines.push(
      "",
      `== ${phase.label}: ${phase.turns} turns in ${phase.seconds.toFixed(1)} s = ${Math.round(phase.turns / phase.seconds)} turns/s (through the proxies)`,
      ...phase.lines
    )
    if (profile === undefined) continue
    const cpu = cpuIn(profile, phase.from, phase.to)
    const total = [...cpu.byPlace.values()].reduce((n, x) => n + x, 0)
    const idle = cpu.byPlace.get("(idle)") ?? 0
    cpu.byPlace.delete("(idle)")
    cpu.byFunction.delete("(idle) (native / V8):0")
    lines.push(
      `Worker CPU per turn: ${((total - idle) / phase.turns).toFixed(2)} ms busy (+ ${(idle / phase.turns).toFixed(2)} ms idle); self time by place:`,
      top(cpu.byPlace, 20, phase.turns),
      "Top functions by self time per turn:",
      top(cpu.byFunction, 30, phase.turns)
    )
  }
  lines.push(file === undefined ? `(no CPU profile written in ${dir})` : `CPU profile: ${join(dir, file)}`)
  return lines.join("\n")
}

if (import.meta.main) console.log(await runB7Profile(Number(process.argv[2] ?? 250), process.argv[3]))
