// B7: the production worker on PostgreSQL + BullMQ (SQL stores, offline NLU, the real WhatsApp client
// against the mock) answering 1,000 customers' first message and then their search, in a burst, against
// a minimal durable turn (bench/b7-reference.ts) at the same concurrency; rounds interleaved (reference
// then worker), the median in-round ratio of jobs/s. Then the worker's end-to-end latency (enqueue →
// send at the mock) with first messages offered at a steady pace, half the measured peak in jobs/s.
// Needs DATABASE_URL (a database is created and dropped) and REDIS_URL. `runB7()` returns the entry.
import { loadavg } from "node:os"
import { drive, firstThenSearch, probe, quantile } from "./b7-drive.ts"
import { CONCURRENCY, openWorld, POOL_SIZE, SEARCH } from "./b7-setup.ts"

const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
const round1 = (x: number) => Math.round(x * 10) / 10
const load = () => loadavg().map(round1)

/** Share of `work`'s time during which the worker's nudge sweep ran (sampled every 100 ms). */
const underSweep = async <A>(sweeping: () => boolean, work: Promise<A>): Promise<[A, number]> => {
  let samples = 0
  let sweeps = 0
  const timer = setInterval(() => {
    samples += 1
    if (sweeping()) sweeps += 1
  }, 100)
  try {
    return [await work, samples === 0 ? 0 : Number((sweeps / samples).toFixed(2))]
  } finally {
    clearInterval(timer)
  }
}

/** WhatsApp-looking ids (digits), unique per batch within a run. */
const customers = (batch: string, n: number) =>
  Array.from({ length: n }, (_, i) => `7${batch}${String(i).padStart(6, "0")}`)

export const runB7 = async () => {
  const fixed = process.env.CHATSHOP_BENCH_B7_CUSTOMERS
  const roundSeconds = Number(process.env.CHATSHOP_BENCH_B7_ROUND_SECONDS ?? 16)
  const rounds = Math.max(5, Number(process.env.CHATSHOP_BENCH_B7_ROUNDS ?? 5))
  const pacedSeconds = Number(process.env.CHATSHOP_BENCH_B7_PACED_SECONDS ?? 8)
  const profile = process.env.CHATSHOP_BENCH_PROFILE
  const loadBefore = load()
  const started = Date.now()
  const world = await openWorld(
    profile === undefined ? {} : { workerFlags: ["--cpu-prof", `--cpu-prof-dir=${profile}`] }
  )
  try {
    const { mock, worker, reference } = world
    const perTurn = await probe(mock, worker, "7990000001")
    const steps = firstThenSearch(perTurn)
    const referenceSteps = firstThenSearch(await probe(mock, reference, "7990000002"))
    console.log(`  B7: worker sends ${perTurn.join(" + ")} messages for "Hi" + search; warming up…`)
    await drive(mock, reference, customers("900", 200), referenceSteps, null)
    const warm = await drive(mock, worker, customers("901", 200), steps, null)
    // 1,000 customers a round where the worker answers them within the round's time; fewer on a slow
    // (or busy) machine, so the whole run stays within a few minutes.
    const perRound =
      fixed === undefined
        ? Math.max(100, Math.min(1_000, Math.round((warm.jobsPerSecond * roundSeconds) / steps.length)))
        : Number(fixed)
    console.log(`  B7: warm-up ${Math.round(warm.jobsPerSecond)} jobs/s → ${perRound} customers a round`)
    const ratios: Array<number> = []
    const workers: Array<number> = []
    const references: Array<number> = []
    const sweeps: Array<number> = []
    for (let r = 0; r < rounds; r++) {
      const tag = String(r).padStart(2, "0")
      const a = await drive(mock, reference, customers(`1${tag}`, perRound), referenceSteps, null)
      const [b, sweep] = await underSweep(
        world.sweeping,
        drive(mock, worker, customers(`2${tag}`, perRound), steps, null)
      )
      sweeps.push(sweep)
      references.push(a.jobsPerSecond)
      workers.push(b.jobsPerSecond)
      ratios.push(b.jobsPerSecond / a.jobsPerSecond)
      console.log(
        `  B7 round ${r + 1}: reference ${Math.round(a.jobsPerSecond)} jobs/s, worker ${Math.round(b.jobsPerSecond)} jobs/s (${b.seconds.toFixed(1)} s), ratio ${ratios[r]!.toFixed(3)}`
      )
    }
    const peak = median(workers)
    // First messages at a quarter of the peak jobs/s: with the search each one brings, half the peak.
    const paceMs = 4_000 / peak
    const pacedCustomers = Math.max(100, Math.min(perRound, Math.round((pacedSeconds * 1_000) / paceMs)))
    const [paced, pacedSweep] = await underSweep(
      world.sweeping,
      drive(mock, worker, customers("300", pacedCustomers), steps, paceMs)
    )
    const result = {
      ratio: Number(median(ratios).toFixed(3)),
      target: 0.5,
      p99Ms: quantile(paced.latencies, 0.99),
      p99TargetMs: 100,
      p50Ms: quantile(paced.latencies, 0.5),
      maxMs: paced.latencies[paced.latencies.length - 1] ?? 0,
      p99MsByTurn: { hi: quantile(paced.byStep[0] ?? [], 0.99), search: quantile(paced.byStep[1] ?? [], 0.99) },
      p50MsByTurn: { hi: quantile(paced.byStep[0] ?? [], 0.5), search: quantile(paced.byStep[1] ?? [], 0.5) },
      workerJobsPerSecond: Math.round(peak),
      referenceJobsPerSecond: Math.round(median(references)),
      pacedJobsPerSecond: Math.round(paced.jobsPerSecond),
      roundRatios: ratios.map((x) => Number(x.toFixed(3))),
      workerRounds: workers.map(Math.round),
      referenceRounds: references.map(Math.round),
      // Share of each worker round's (and the paced run's) time the nudge sweep was running: it takes
      // every waiting conversation's turn lock once a minute, competing with the turns measured.
      sweepShare: { rounds: sweeps, paced: pacedSweep },
      sendsPerTurn: { hi: perTurn[0], search: perTurn[1] },
      loadAverage: { before: loadBefore, after: load() },
      customersPerRound: perRound,
      seconds: Math.round((Date.now() - started) / 1000),
      setup:
        `${rounds} rounds × ${perRound} customers × 2 jobs ("Hi", then "${SEARCH}" once the answer arrived), ` +
        `reference then worker each round, concurrency ${CONCURRENCY}, pg pool ${POOL_SIZE}, after a 200-customer warm-up each; ` +
        `worker: ${world.limits === "production" ? "the production bundle unchanged (WhatsApp limits on)" : "the production layer (bench/b7-worker.ts) with the WhatsApp client's platform rate limits off"}, ` +
        `burst debounce 0, offline NLU, fresh database and Redis prefix; p99 over ${paced.jobs} jobs (enqueue → first send of the turn) ` +
        `with first messages every ${paceMs.toFixed(1)} ms`
    }
    console.log(`  B7: ratio ${result.ratio}, p99 ${result.p99Ms} ms at ${result.pacedJobsPerSecond} jobs/s`)
    return result
  } finally {
    await world.close()
  }
}

if (import.meta.main) console.log(await runB7())
