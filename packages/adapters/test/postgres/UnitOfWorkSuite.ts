import { appRole, Db, query, run, tenantRun, transaction } from "@chatshop/adapters/postgres"
import { Conversation, Inventory, NotFound, ReservationId, Sku, timestamp, UnitOfWork } from "@chatshop/domain"
import { botReply, freshId, freshTenant, newConversation } from "@chatshop/domain/testing"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Deferred, Effect, Exit, Fiber, type Layer } from "effect"
import { sql } from "kysely"

type Services = Db | UnitOfWork | Inventory.StockLedger | Conversation.ConversationRepository

const whoAmI = sql<{ role: string; tenant: string | null; xact: string }>`select current_user as role,
  current_setting('chatshop.tenant_id', true) as tenant, pg_current_xact_id()::text as xact`

const refused = Effect.fail("refused" as const)

/**
 * Units of work on SQL beyond the port's contract: one transaction and one tenant setting for
 * everything inside (the Db helpers join it), stock holds included; with several connections
 * (`pooled`: PostgreSQL) a unit that loses a deadlock runs again, and a hold inside a unit never
 * rides another caller's group-commit batch.
 */
export const unitOfWorkSuite = (name: string, layer: Layer.Layer<Services, unknown>, pooled: boolean) =>
  describe(`UnitOfWork on SQL: ${name}`, () => {
    const test = (title: string, body: () => Effect.Effect<void, unknown, Services>) =>
      it.effect(title, () => body().pipe(Effect.provide(layer)), 60_000)

    test("uow-one-transaction: every helper inside a unit runs in its transaction, as its tenant", () =>
      Effect.gen(function* () {
        const { kysely } = yield* Db
        const uow = yield* UnitOfWork
        const t = freshTenant()
        const seen = yield* uow.transaction(
          t,
          Effect.all([
            tenantRun(kysely, t, (db) => whoAmI.execute(db)),
            transaction(kysely, (trx) => run(() => whoAmI.execute(trx))),
            query(kysely, (db) => whoAmI.execute(db))
          ])
        )
        const rows = seen.map(({ rows }) => rows[0]!)
        assert.deepStrictEqual(
          rows.map((r) => [r.role, r.tenant]),
          [
            [appRole, t],
            [appRole, t],
            [appRole, t]
          ]
        )
        assert.strictEqual(new Set(rows.map((r) => r.xact)).size, 1)
        const after = (yield* query(kysely, (db) => whoAmI.execute(db))).rows[0]!
        assert.notStrictEqual(after.role, appRole)
        assert.notStrictEqual(after.xact, rows[0]!.xact)
      }))

    test("uow-plain-transaction: a tenant's call joining a plain transaction makes it that tenant's; a second tenant is a defect", () =>
      Effect.gen(function* () {
        const { kysely } = yield* Db
        const [a, b] = [freshTenant(), freshTenant()]
        const joined = yield* transaction(kysely, () =>
          Effect.andThen(
            tenantRun(kysely, a, (db) => whoAmI.execute(db)),
            query(kysely, (db) => whoAmI.execute(db))
          )
        )
        assert.deepStrictEqual([joined.rows[0]!.role, joined.rows[0]!.tenant], [appRole, a])
        const crossed = yield* Effect.exit(
          transaction(kysely, () =>
            Effect.andThen(
              tenantRun(kysely, a, async () => 1),
              tenantRun(kysely, b, async () => 2)
            )
          )
        )
        assert.isTrue(Exit.isFailure(crossed) && Cause.hasDies(crossed.cause))
      }))

    test("uow-stock: a hold taken inside a unit commits and rolls back with it", () =>
      Effect.gen(function* () {
        const uow = yield* UnitOfWork
        const ledger = yield* Inventory.StockLedger
        const t = freshTenant()
        const sku = Sku.make(freshId("sku"))
        yield* ledger.open(t, sku, { onHand: 5 })
        const hold = (id: string) => ({ reservationId: ReservationId.make(id), qty: 2, holdUntil: timestamp(1e12) })
        const lost = freshId("r")
        yield* Effect.flip(uow.transaction(t, Effect.andThen(ledger.reserve(t, sku, hold(lost)), refused)))
        assert.strictEqual((yield* ledger.level(t, sku)).reserved, 0)
        assert.instanceOf(yield* Effect.flip(ledger.reservation(t, ReservationId.make(lost))), NotFound)
        const kept = freshId("r")
        yield* uow.transaction(t, ledger.reserve(t, sku, hold(kept)))
        assert.strictEqual((yield* ledger.level(t, sku)).reserved, 2)
        assert.strictEqual((yield* ledger.reservation(t, ReservationId.make(kept))).status, "held")
      }))

    if (pooled) {
      test("uow-stock-batch: a unit's hold joins the unit even while another caller's batch of that sku is in flight", () =>
        Effect.gen(function* () {
          const { kysely } = yield* Db
          const uow = yield* UnitOfWork
          const ledger = yield* Inventory.StockLedger
          const t = freshTenant()
          const sku = Sku.make(freshId("sku"))
          yield* ledger.open(t, sku, { onHand: 5 })
          const [locked, gate, started] = [
            yield* Deferred.make<void>(),
            yield* Deferred.make<void>(),
            yield* Deferred.make<void>()
          ]
          // The stock row locked elsewhere: the outside caller's batch stays in flight until `gate` opens.
          const blocker = yield* Effect.forkChild(
            transaction(kysely, (trx) =>
              run(() =>
                sql`select 1 from stock_levels where tenant_id = ${t} and sku = ${sku} for update`.execute(trx)
              ).pipe(Effect.andThen(Deferred.succeed(locked, undefined)), Effect.andThen(Deferred.await(gate)))
            )
          )
          yield* Deferred.await(locked)
          const [outside, inside] = [freshId("r"), freshId("r")]
          const hold = (id: string) => ({ reservationId: ReservationId.make(id), qty: 2, holdUntil: timestamp(1e12) })
          const caller = yield* Effect.forkChild(ledger.reserve(t, sku, hold(outside)))
          yield* Effect.yieldNow
          const unit = yield* Effect.forkChild(
            Effect.exit(
              uow.transaction(
                t,
                Effect.andThen(Deferred.succeed(started, undefined), ledger.reserve(t, sku, hold(inside))).pipe(
                  Effect.andThen(refused)
                )
              )
            )
          )
          yield* Deferred.await(started)
          yield* Effect.yieldNow
          yield* Deferred.succeed(gate, undefined)
          yield* Fiber.join(blocker)
          yield* Fiber.join(caller)
          assert.isTrue(Exit.isFailure(yield* Fiber.join(unit)))
          assert.instanceOf(yield* Effect.flip(ledger.reservation(t, ReservationId.make(inside))), NotFound)
          assert.strictEqual((yield* ledger.level(t, sku)).reserved, 2)
        }))

      test("uow-deadlock: two units locking two conversations in opposite orders both commit (the victim runs again)", () =>
        Effect.gen(function* () {
          const uow = yield* UnitOfWork
          const repo = yield* Conversation.ConversationRepository
          const t = freshTenant()
          const [x, y] = [yield* newConversation(t), yield* newConversation(t)]
          const [xLocked, yLocked] = [yield* Deferred.make<void>(), yield* Deferred.make<void>()]
          let runs = 0
          const unit = (
            first: typeof x,
            mine: Deferred.Deferred<void>,
            theirs: Deferred.Deferred<void>,
            second: typeof x
          ) =>
            uow.transaction(
              t,
              Effect.gen(function* () {
                runs += 1
                yield* repo.update(t, first.id, Conversation.execute(botReply(`first ${first.id}`)))
                yield* Deferred.succeed(mine, undefined)
                yield* Deferred.await(theirs)
                yield* repo.update(t, second.id, Conversation.execute(botReply(`second ${second.id}`)))
              })
            )
          yield* Effect.all([unit(x, xLocked, yLocked, y), unit(y, yLocked, xLocked, x)], { concurrency: "unbounded" })
          assert.strictEqual(runs, 3)
          for (const c of [x, y]) assert.strictEqual((yield* repo.messages(t, c.id)).length, 2)
        }))
    }
  })
