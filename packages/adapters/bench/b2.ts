// SPEC §8 B2: hot-sku reservations on PostgreSQL. 200 concurrent buyers hammer one sku; the batched
// StockLedger (group commit) is measured against a raw single-statement conditional UPDATE loop on
// a pool of the same size, interleaved A B A B …; the figure is the median in-round ratio.
//   node packages/adapters/bench/b2.ts            (DATABASE_URL or TEST_DATABASE_URL must be set)
import { pathToFileURL } from "node:url"
import { Db, layer } from "@chatshop/adapters/postgres"
import { Inventory, ReservationId, Sku, TenantId, timestamp } from "@chatshop/domain"
import { Context, Effect, Layer } from "effect"
import pg from "pg"

export interface B2Result {
  readonly ratio: number
  readonly target: 3
  readonly oversold: number
  readonly batchedPerSec: number
  readonly rawPerSec: number
  readonly rounds: ReadonlyArray<{ readonly batchedPerSec: number; readonly rawPerSec: number; readonly ratio: number }>
  readonly buyers: number
  readonly poolSize: number
  readonly armSeconds: number
}

export interface B2Options {
  readonly url?: string
  readonly buyers?: number
  readonly poolSize?: number
  readonly rounds?: number
  readonly armSeconds?: number
}

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

const rawReserve = `update stock_levels set reserved = reserved + $3
  where tenant_id = $1 and sku = $2 and on_hand - reserved >= $3`

export const runB2 = (options: B2Options = {}): Promise<B2Result> => {
  const url = options.url ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL
  if (url === undefined || url === "") return Promise.reject(new Error("B2 needs PostgreSQL: set DATABASE_URL"))
  const buyers = options.buyers ?? 200
  const poolSize = options.poolSize ?? 10
  const roundCount = Math.max(5, options.rounds ?? 5)
  const armMs = (options.armSeconds ?? 2) * 1000
  const tenant = TenantId.make(`bench-b2-${globalThis.crypto.randomUUID().slice(0, 8)}`)
  let skuCounter = 0
  let idCounter = 0

  return Effect.gen(function* () {
    const context = yield* Layer.build(layer({ url, poolSize, migrate: true }))
    const ledger = Context.get(context, Inventory.StockLedger)
    const { kysely } = Context.get(context, Db)
    const pool = yield* Effect.acquireRelease(
      Effect.sync(() => new pg.Pool({ connectionString: url, max: poolSize })),
      (p) => Effect.promise(() => p.end())
    )
    yield* Effect.addFinalizer(() =>
      Effect.promise(async () => {
        for (const table of ["low_stock_alerts", "stock_movements", "reservations", "stock_levels"] as const) {
          await kysely.deleteFrom(table).where("tenant_id", "=", tenant).execute()
        }
      })
    )
    const freshSku = (onHand: number) =>
      Effect.gen(function* () {
        skuCounter += 1
        const sku = Sku.make(`hot-${skuCounter}`)
        yield* ledger.open(tenant, sku, { onHand })
        return sku
      })

    /** Each buyer reserves 1 unit again and again until the deadline or until stock runs out. */
    const batched = (sku: Sku, deadline: number) =>
      Effect.all(
        Array.from({ length: buyers }, () =>
          Effect.gen(function* () {
            let won = 0
            while (performance.now() < deadline) {
              idCounter += 1
              const result = yield* Effect.result(
                ledger.reserve(tenant, sku, {
                  reservationId: ReservationId.make(`r${idCounter}`),
                  qty: 1,
                  holdUntil: timestamp(Date.now() + 3_600_000)
                })
              )
              if (result._tag === "Failure") break
              won += 1
            }
            return won
          })
        ),
        { concurrency: "unbounded" }
      ).pipe(Effect.map((wins) => wins.reduce((a, b) => a + b, 0)))

    const raw = (sku: Sku, deadline: number) =>
      Effect.promise(async () => {
        const buyer = async () => {
          let won = 0
          while (performance.now() < deadline) {
            const { rowCount } = await pool.query(rawReserve, [tenant, sku, 1])
            if (rowCount !== 1) break
            won += 1
          }
          return won
        }
        const wins = await Promise.all(Array.from({ length: buyers }, buyer))
        return wins.reduce((a, b) => a + b, 0)
      })

    /** Oversold units: granted beyond the stock, or granted without being recorded. */
    const audit = (sku: Sku, onHand: number, granted: number) =>
      Effect.map(
        ledger.level(tenant, sku),
        (level) => Math.max(0, granted - onHand) + Math.abs(level.reserved - granted)
      )

    const arm = (run: (sku: Sku, deadline: number) => Effect.Effect<number>) =>
      Effect.gen(function* () {
        const onHand = 10_000_000
        const sku = yield* freshSku(onHand)
        const started = performance.now()
        const won = yield* run(sku, started + armMs)
        const perSec = won / ((performance.now() - started) / 1000)
        return { perSec, oversold: yield* audit(sku, onHand, won) }
      })

    // Run to exhaustion: more buyers than units, every unit sold exactly once.
    const exhaust = (run: (sku: Sku, deadline: number) => Effect.Effect<number>) =>
      Effect.gen(function* () {
        const sku = yield* freshSku(1_000)
        const won = yield* run(sku, Number.POSITIVE_INFINITY)
        return yield* audit(sku, 1_000, won)
      })

    yield* arm(batched)
    yield* arm(raw) // warm-up: connections, plans, caches
    const rounds: Array<{ batchedPerSec: number; rawPerSec: number; ratio: number }> = []
    let oversold = 0
    for (let i = 0; i < roundCount; i++) {
      const a = yield* arm(batched)
      const b = yield* arm(raw)
      oversold += a.oversold
      rounds.push({ batchedPerSec: Math.round(a.perSec), rawPerSec: Math.round(b.perSec), ratio: a.perSec / b.perSec })
    }
    oversold += yield* exhaust(batched)
    return {
      ratio: Number(median(rounds.map((r) => r.ratio)).toFixed(2)),
      target: 3,
      oversold,
      batchedPerSec: median(rounds.map((r) => r.batchedPerSec)),
      rawPerSec: median(rounds.map((r) => r.rawPerSec)),
      rounds,
      buyers,
      poolSize,
      armSeconds: armMs / 1000
    } as const
  }).pipe(Effect.scoped, Effect.runPromise)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runB2()
  console.log(`B2 hot-sku reservations: ${result.buyers} buyers, pool ${result.poolSize}, ${result.armSeconds}s arms`)
  console.table(result.rounds)
  console.log(
    `median: batched ${result.batchedPerSec}/s, raw ${result.rawPerSec}/s, ratio ${result.ratio}× (target ≥ ${result.target}×), oversold ${result.oversold}`
  )
}
