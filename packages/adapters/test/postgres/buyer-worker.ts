// A separate buyer process for the cross-process tests (SPEC §9.1):
//   node buyer-worker.ts <reserve|claim> <databaseUrl> <tenant> <sku|offerId> <buyers> <idPrefix>
// Builds the PostgreSQL layer, prints "ready", waits for a line on stdin (so every process starts
// together), fires <buyers> concurrent 1-unit reservations or offer claims, then prints
// {"won":n,"lost":m,"ids":[…],"soldOut":k}.
import { layer } from "@chatshop/adapters/postgres"
import {
  ClaimId,
  CustomerId,
  Inventory,
  Offer,
  OfferId,
  ReservationId,
  Sku,
  TenantId,
  timestamp
} from "@chatshop/domain"
import { Effect, Result } from "effect"

const [mode = "", url = "", tenantArg = "", target = "", buyers = "0", prefix = ""] = process.argv.slice(2)
const tenant = TenantId.make(tenantArg)
const go = new Promise<void>((resolve) => process.stdin.once("data", () => resolve()))

const reserve = (i: number) =>
  Effect.gen(function* () {
    const ledger = yield* Inventory.StockLedger
    const r = yield* ledger.reserve(tenant, Sku.make(target), {
      reservationId: ReservationId.make(`${prefix}-${i}`),
      qty: 1,
      holdUntil: timestamp(Date.now() + 3_600_000)
    })
    return { id: r.id as string, soldOut: 0 }
  })

const claim = (i: number) =>
  Effect.gen(function* () {
    const offers = yield* Offer.OfferRepository
    const change = yield* offers.update(
      tenant,
      OfferId.make(target),
      Offer.step({
        _tag: "Claim",
        claimId: ClaimId.make(`${prefix}-${i}`),
        customerId: CustomerId.make(`${prefix}-u${i}`),
        qty: 1,
        at: timestamp(1)
      })
    )
    return { id: `${prefix}-${i}`, soldOut: change.events.filter((e) => e._tag === "SoldOut").length }
  })

type Services = Inventory.StockLedger | Offer.OfferRepository

const program = Effect.gen(function* () {
  const attempt: (i: number) => Effect.Effect<{ id: string; soldOut: number }, unknown, Services> =
    mode === "claim" ? claim : reserve
  console.log("ready")
  yield* Effect.promise(() => go)
  const results = yield* Effect.all(
    Array.from({ length: Number(buyers) }, (_, i) => Effect.result(attempt(i))),
    { concurrency: "unbounded" }
  )
  const won = results.flatMap((r) => (Result.isSuccess(r) ? [r.success] : []))
  console.log(
    JSON.stringify({
      won: won.length,
      lost: results.length - won.length,
      ids: won.map((w) => w.id),
      soldOut: won.reduce((n, w) => n + w.soldOut, 0)
    })
  )
  // 500 callers queue for 5 connections behind one row lock: on a loaded runner the last waits > 10 s.
}).pipe(Effect.provide(layer({ url, poolSize: 5, connectionTimeoutMs: 120_000 })))

await Effect.runPromise(program)
process.stdin.destroy()
