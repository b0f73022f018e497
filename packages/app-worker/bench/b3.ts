// SPEC §8 B3: worker throughput, inbound message → dialog (offline NLU) → outbox → mock channel,
// against a no-op consumer of the same BullMQ queue at the same concurrency; then end-to-end p99 at
// half the measured peak rate. Needs REDIS_URL. `runB3()` returns the bench/results.json entry.
import { ChannelMocks } from "@chatshop/adapters/channels"
import * as Queue from "@chatshop/adapters/queue"
import { Inbound, MessageQueue, TenantId } from "@chatshop/domain"
import { Effect } from "effect"
import { deliver, memoryStorage, seed, textEvent, world } from "../test/harness.ts"

const concurrency = 32
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

const until = async (condition: () => boolean, deadlineMs = 120_000) => {
  const started = Date.now()
  while (!condition()) {
    if (Date.now() - started > deadlineMs) throw new Error("B3: timed out")
    await wait(2)
  }
}

/** Jobs/s of a consumer that does nothing. */
const rawArm = (url: string, prefix: string, n: number) =>
  Effect.gen(function* () {
    const queue = yield* MessageQueue
    let done = 0
    yield* queue.consume(
      Inbound.INBOUND_QUEUE,
      () =>
        Effect.sync(() => {
          done += 1
        }),
      { concurrency }
    )
    const started = Date.now()
    yield* Effect.forEach(
      Array.from({ length: n }, (_, i) => i),
      (i) => queue.enqueue(Inbound.INBOUND_QUEUE, `raw-${i}`, { i }),
      {
        concurrency: 64,
        discard: true
      }
    )
    yield* Effect.promise(() => until(() => done >= n))
    return (n * 1000) / (Date.now() - started)
  }).pipe(Effect.scoped, Effect.provide(Queue.layer({ url, prefix: `${prefix}-raw` })))

/** Jobs/s of the worker, each job a customer's first message answered at the mock; then latency at a given rate. */
const workerArm = (url: string, prefix: string, n: number, paceMs: number | null) =>
  Effect.gen(function* () {
    const wa = yield* ChannelMocks.mockPlatform(ChannelMocks.whatsapp)
    return yield* Effect.gen(function* () {
      const tenantId = TenantId.make(`bench-${prefix}`)
      yield* seed(tenantId, { burstDebounceMs: 0 }, 1_000_000)
      const sentAt = new Map<string, number>()
      const started = Date.now()
      const one = (i: number) =>
        Effect.gen(function* () {
          const customer = `7700${String(i).padStart(7, "0")}`
          sentAt.set(customer, Date.now())
          yield* deliver(yield* textEvent(tenantId, customer, "Hi"))
          if (paceMs !== null) yield* Effect.promise(() => wait(paceMs))
        })
      // Peak: enqueue as the raw arm does (64 at once); paced: one at a time at the given interval.
      yield* Effect.forEach(
        Array.from({ length: n }, (_, i) => i),
        one,
        {
          concurrency: paceMs === null ? 64 : 1,
          discard: true
        }
      )
      const answered = () => new Set(wa.requests.map((r) => (r.json as { to?: string } | undefined)?.to)).size
      yield* Effect.promise(() => until(() => answered() >= n))
      const elapsed = Date.now() - started
      const latencies = [...sentAt].map(([customer, at]) => {
        const first = wa.requests.find((r) => (r.json as { to?: string } | undefined)?.to === customer)
        return (first?.receivedAt ?? at) - at
      })
      latencies.sort((a, b) => a - b)
      return { perSecond: (n * 1000) / elapsed, p99Ms: latencies[Math.floor(latencies.length * 0.99)] ?? 0 }
    }).pipe(
      Effect.provide(
        world(memoryStorage, {
          urls: { whatsapp: wa.url },
          queue: Queue.layer({ url, prefix: `${prefix}-w` }),
          worker: { schedulers: false, concurrency }
        })
      )
    )
  }).pipe(Effect.scoped)

export const runB3 = async (n = 1_000, rounds = 5) => {
  const url = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL
  if (url === undefined) throw new Error("B3 needs REDIS_URL")
  const ratios: Array<number> = []
  const raws: Array<number> = []
  const workers: Array<number> = []
  for (let r = 0; r < rounds; r++) {
    const prefix = `chatshop-b3-${Date.now()}-${r}`
    const raw = await Effect.runPromise(rawArm(url, prefix, n))
    const worker = await Effect.runPromise(workerArm(url, prefix, n, null))
    raws.push(raw)
    workers.push(worker.perSecond)
    ratios.push(worker.perSecond / raw)
  }
  const median = (xs: Array<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const peak = median(workers)
  // Half the peak rate: one message every 2/peak seconds.
  const paced = await Effect.runPromise(workerArm(url, `chatshop-b3-${Date.now()}-p`, Math.min(n, 500), 2_000 / peak))
  return {
    ratio: Number(median(ratios).toFixed(3)),
    target: 0.3,
    workerJobsPerSecond: Math.round(peak),
    rawJobsPerSecond: Math.round(median(raws)),
    p99Ms: paced.p99Ms,
    p99TargetMs: 50,
    concurrency,
    note: "worker on memory stores + BullMQ (Redis) + offline NLU, one 'Hi' per customer, reply at a mock WhatsApp"
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await runB3(Number(process.argv[2] ?? 1_000), Number(process.argv[3] ?? 3)))
}
