// `pnpm bench [B1 … B6]`: runs the SPEC §8 benchmarks that exist, prints a table and merges the
// figures into bench/results.json (keyed B1…B6). Each entry says how it was measured.
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { availableParallelism } from "node:os"

type Entry = { ratio?: number; target: number; [figure: string]: unknown }
type Bench = { id: string; what: string; run: () => Promise<Entry> }

const benches: Array<Bench> = [
  {
    id: "B4",
    what: "domain: decider transitions/s; nextNudge over 1 M conversations",
    run: async () => {
      const { benchTransitions } = await import("../packages/domain/bench/transitions.ts")
      const { benchNextNudge } = await import("../packages/domain/bench/nudge.ts")
      const t = benchTransitions(1_000_000, 5)
      const nudge = benchNextNudge(1_000_000)
      return {
        target: 1_000_000,
        transitionsPerSecond: t.transitionsPerSecond,
        perWorkload: t.perWorkload,
        nextNudgeMsFor1M: Math.round(nudge.ms),
        nextNudgeTargetMs: 1000
      }
    }
  },
  {
    id: "B2",
    what: "hot-sku reservations on PostgreSQL: batched vs raw conditional UPDATE loop",
    run: async () => {
      const { runB2 } = await import("../packages/adapters/bench/b2.ts")
      return { ...(await runB2()) }
    }
  }
]

const wanted = process.argv.slice(2).map((a) => a.toUpperCase())
const selected = benches.filter((b) => wanted.length === 0 || wanted.includes(b.id))
if (selected.length === 0) {
  console.error(`unknown benchmark: ${wanted.join(", ")} (have: ${benches.map((b) => b.id).join(", ")})`)
  process.exit(2)
}

const resultsPath = new URL("./results.json", import.meta.url)
const results: Record<string, Entry> = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, "utf8")) : {}
console.log(`chatshop bench — node ${process.version}, ${availableParallelism()} cores`)
for (const bench of selected) {
  console.log(`\n${bench.id}: ${bench.what} …`)
  try {
    const entry = await bench.run()
    results[bench.id] = { ...entry, measuredAt: new Date().toISOString() }
    for (const [k, v] of Object.entries(entry))
      console.log(`  ${k.padEnd(24)} ${typeof v === "object" ? JSON.stringify(v) : v}`)
  } catch (error) {
    console.error(`  ${bench.id} failed: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  }
}
writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`)
console.log(`\nwrote ${resultsPath.pathname}`)
