// `pnpm bench [B1 … B7]`: runs the SPEC §8 benchmarks that exist, prints a table and merges the
// figures into bench/results.json (keyed B1…B7). Each entry says how it was measured.
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
  },
  {
    id: "B1",
    what: "webhook ingest (signed WhatsApp POST → verify → dedupe record + job in Redis, one script per batch → 200) vs bare Hono route",
    run: async () => {
      const { runB1 } = await import("./b1.ts")
      return { ...(await runB1()) }
    }
  },
  {
    id: "B3",
    what: "worker: inbound message → dialog (offline NLU) → outbox → mock channel vs a no-op BullMQ consumer",
    run: async () => {
      const { runB3 } = await import("../packages/app-worker/bench/b3.ts")
      return { ...(await runB3()) }
    }
  },
  {
    // After B1 when both run: it reports the ingest server's RSS that B1 sampled.
    id: "B5",
    what: "memory: RSS of the webhook server (idle, under B1 load) and of a worker process (idle, under load)",
    run: async () => {
      const { runB5 } = await import("./b5.ts")
      const { runB5Worker } = await import("./b5-worker.ts")
      const server = await runB5()
      return { ...server, ...(await runB5Worker()) }
    }
  },
  {
    id: "B6",
    what: "outbound: WhatsApp client vs a mock platform enforcing 80 msg/s and 1 msg / 6 s per customer",
    run: async () => {
      const { runB6 } = await import("./b6.ts")
      return { ...(await runB6()) }
    }
  },
  {
    id: "B7",
    what: "the production worker on PostgreSQL + BullMQ: 1,000 customers' first message, then a search vs a minimal durable turn",
    run: async () => {
      const { runB7 } = await import("./b7.ts")
      return { ...(await runB7()) }
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
