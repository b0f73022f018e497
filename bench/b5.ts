// SPEC §8 B5 (server half): RSS of the webhook server process idle (after start, then GC and a pause)
// and the maximum sampled every 100 ms under B1 load. Reuses B1's figures when B1 ran in this process.
// The worker half is bench/b5-worker.ts (bench/run.ts merges both).
import { randomBytes } from "node:crypto"
import { lastServerMemory, load, redisKeys, startServer } from "./b1.ts"

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10

export const runB5 = async () => {
  let figures = lastServerMemory
  let how = "measured during this run's B1 (ingest server: idle before load; max under 5 × B1 rounds)"
  if (figures === undefined) {
    const seconds = Number(process.env.CHATSHOP_BENCH_B5_SECONDS ?? 20)
    const prefix = `chatshop-bench-${randomBytes(4).toString("hex")}`
    const server = await startServer("ingest", prefix)
    try {
      const idle = await server.idleRss()
      const loaded = await load(server.port, seconds, randomBytes(3).toString("hex"), server.pid)
      figures = { serverIdleMB: mb(idle), serverLoadedMB: mb(loaded.maxRss) }
      how = `ingest server idle, then ${seconds} s of B1 load (50 connections, ${Math.round(loaded.rps)} req/s)`
    } finally {
      await server.stop()
      await redisKeys(prefix, true)
    }
  }
  const result = {
    target: 120,
    loadedTarget: 250,
    ...figures,
    setup: `${how}; RSS from /proc (VmRSS)`
  }
  console.log(`  B5: server idle ${result.serverIdleMB} MB, under load ${result.serverLoadedMB} MB`)
  return result
}

if (import.meta.main) console.log(await runB5())
