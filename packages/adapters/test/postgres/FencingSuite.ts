import { Db, fencedWrite, highestToken, OutboxSql, transaction } from "@chatshop/adapters/postgres"
import { FencedStore, OutboxId, Ports, type TenantId } from "@chatshop/domain"
import { freshId, freshTenant, outboxPayloadOf } from "@chatshop/domain/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, type Layer, Option } from "effect"
import * as fc from "fast-check"

type Store = FencedStore["Service"]

/** A guarded write: an outbox row, written in the fenced transaction (or not at all). */
export const guardedWrite = (kysely: Db["Service"]["kysely"], tenant: TenantId, key: string, token: number) =>
  transaction(kysely, (trx) =>
    fencedWrite(trx, { tenantId: tenant, key }, token).pipe(
      Effect.andThen(
        OutboxSql.addIn(
          trx,
          {
            id: OutboxId.make(`w-${token}-${freshId("o")}`),
            tenantId: tenant,
            channel: "webchat",
            recipient: key,
            payload: outboxPayloadOf(String(token))
          },
          0
        )
      )
    )
  )

/** Tokens of the committed guarded writes, in the order they were written (outbox `seq`). */
export const committedTokens = (kysely: Db["Service"]["kysely"], tenant: TenantId, key: string) =>
  Effect.promise(() =>
    kysely
      .selectFrom("outbox")
      .select(["payload", "seq"])
      .where("tenant_id", "=", tenant)
      .where("recipient", "=", key)
      .orderBy("seq")
      .execute()
  ).pipe(Effect.map((rows) => rows.map((r) => Number((r.payload as { message: { text: string } }).message.text))))

/** Storage-side fencing on SQL (SPEC §2): the `lock_fences` table, `fencedWrite` and `FencedStore`. */
export const fencingSuite = (name: string, dbLayer: Layer.Layer<Db | FencedStore, unknown>) =>
  describe(`Fencing: ${name}`, () => {
    it.effect("pg-fence-model: the SQL FencedStore answers every write and read as the memory one", () =>
      Effect.gen(function* () {
        const sqlStore = yield* FencedStore
        const run = Effect.runPromise
        const write = fc.record({ k: fc.integer({ min: 0, max: 2 }), token: fc.integer({ min: 1, max: 6 }) })
        const property = fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 15 }), async (writes) => {
          const model: Store = Ports.makeFencedStoreMemory()
          const ns = freshId("fence")
          const keyOf = (k: number) => `${ns}:${k}`
          for (const [i, { k, token }] of writes.entries()) {
            const value = { i, token }
            const real = await run(Effect.exit(sqlStore.write(keyOf(k), token, value)))
            const expected = await run(Effect.exit(model.write(keyOf(k), token, value)))
            assert.deepStrictEqual(real, expected, `write ${i}: ${keyOf(k)} @ ${token}`)
          }
          for (const k of [0, 1, 2]) {
            assert.deepStrictEqual(await run(sqlStore.read(keyOf(k))), await run(model.read(keyOf(k))))
          }
        })
        yield* Effect.promise(() => fc.assert(property, { numRuns: 40 }))
      }).pipe(Effect.provide(dbLayer))
    )

    it.effect("fencedWrite: a stale token rolls back the guarded write; equal and higher tokens land", () =>
      Effect.gen(function* () {
        const { kysely } = yield* Db
        const tenant = freshTenant()
        const key = freshId("conv")
        assert.isTrue(Option.isNone(yield* highestToken(kysely, { tenantId: tenant, key })))
        yield* guardedWrite(kysely, tenant, key, 5)
        yield* guardedWrite(kysely, tenant, key, 5) // the same holder writing again
        const stale = yield* Effect.flip(guardedWrite(kysely, tenant, key, 4))
        if (stale._tag !== "StaleFencingToken") return assert.fail(`expected StaleFencingToken, got ${stale.message}`)
        assert.deepStrictEqual([stale._tag, stale.key, stale.token, stale.highest], ["StaleFencingToken", key, 4, 5])
        yield* guardedWrite(kysely, tenant, key, 7)
        assert.deepStrictEqual(yield* committedTokens(kysely, tenant, key), [5, 5, 7])
        assert.deepStrictEqual(yield* highestToken(kysely, { tenantId: tenant, key }), Option.some(7))
        // Fences are per tenant and per key.
        yield* guardedWrite(kysely, freshTenant(), key, 1)
        yield* guardedWrite(kysely, tenant, `${key}-other`, 1)
        assert.deepStrictEqual(yield* highestToken(kysely, { tenantId: tenant, key }), Option.some(7))
        assert.isTrue(Option.isNone(yield* highestToken(kysely, key)), "the platform-wide key is another fence")
        for (const bad of [0, -1, 1.5]) {
          assert.isTrue(Exit.hasDies(yield* Effect.exit(guardedWrite(kysely, tenant, key, bad))), `token ${bad}`)
        }
      }).pipe(Effect.provide(dbLayer))
    )

    it.effect("concurrent fenced writes commit in token order; the fence ends at the highest token", () =>
      Effect.gen(function* () {
        const { kysely } = yield* Db
        const tenant = freshTenant()
        const key = freshId("race")
        const tokens = fc.sample(
          fc.shuffledSubarray(
            [...Array(30).keys()].map((n) => n + 1),
            { minLength: 30 }
          ),
          1
        )[0]!
        const outcomes = yield* Effect.all(
          tokens.map((t) => Effect.exit(guardedWrite(kysely, tenant, key, t))),
          { concurrency: "unbounded" }
        )
        const committed = yield* committedTokens(kysely, tenant, key)
        const accepted = tokens.filter((_, i) => Exit.isSuccess(outcomes[i]!))
        assert.sameMembers(committed, accepted)
        for (let i = 1; i < committed.length; i++) assert.isAbove(committed[i]!, committed[i - 1]!, `${committed}`)
        assert.include(committed, 30, "the highest token always lands")
        assert.deepStrictEqual(yield* highestToken(kysely, { tenantId: tenant, key }), Option.some(30))
        for (const [i, exit] of outcomes.entries()) {
          if (Exit.isFailure(exit)) assert.isTrue(Exit.hasFails(exit), `token ${tokens[i]}: ${exit}`)
        }
      }).pipe(Effect.provide(dbLayer))
    )
  })
