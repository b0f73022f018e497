import { assert, describe, it } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import * as fc from "fast-check"
import { TestClock } from "effect/testing"
import { Outbox, OutboxId } from "../../ports/Outbox.ts"
import { HOUR, timestamp } from "../../shared/Ids.ts"
import { freshTenant } from "../Fresh.ts"
import { LEASE, message, outboxRowTests, payloadOf, T0 } from "./OutboxRowContract.ts"

/**
 * The Outbox contract (SPEC §6, §9.3, §9.7): exclusive claims with a lapsing lease, sent at most
 * once, retry and permanent failure, per-recipient order, tenant isolation; the typed payload and
 * retry state (OutboxRowContract.ts). Every test claims within its own tenant so a shared
 * database's other rows never interfere.
 */
export const outboxContract = (name: string, layer: Layer.Layer<Outbox, unknown>) =>
  describe(`Outbox contract: ${name}`, () => {
    const test = (title: string, body: () => Effect.Effect<void, unknown, Outbox>) =>
      it.effect(title, () => body().pipe(Effect.provide(layer)))

    outboxRowTests(test)

    test("add stores a pending row stamped by the Clock; adding the same id again keeps the row", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        yield* TestClock.setTime(T0)
        const t = freshTenant()
        const m = message(t, "alice", "hello", "whatsapp")
        const row = yield* outbox.add(m)
        assert.deepStrictEqual(
          [
            row.id,
            row.tenantId,
            row.channel,
            row.recipient,
            row.payload,
            row.status,
            row.attempts,
            row.settledAttempts,
            row.deliveredParts,
            row.createdAt,
            row.nextAttemptAt
          ],
          [m.id, t, "whatsapp", "alice", payloadOf("hello"), "pending", 0, 0, 0, T0, T0]
        )
        assert.isUndefined(row.sentAt)
        assert.isUndefined(row.error)
        const again = yield* outbox.add({ ...m, payload: payloadOf("changed") })
        assert.deepStrictEqual([again.seq, again.payload], [row.seq, row.payload])
        assert.strictEqual((yield* outbox.list(t)).length, 1)
        assert.deepStrictEqual(yield* outbox.get(t, m.id), row)
      }))

    test("claim takes due rows oldest first up to the limit; a claim excludes others until its lease lapses", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const t = freshTenant()
        const rows = [
          yield* outbox.add(message(t, "a")),
          yield* outbox.add(message(t, "b")),
          yield* outbox.add(message(t, "c"))
        ]
        assert.isTrue(rows[0]!.seq < rows[1]!.seq && rows[1]!.seq < rows[2]!.seq)
        assert.deepStrictEqual(yield* outbox.claim(0, T0, { tenantId: t }), [])
        const first = yield* outbox.claim(2, T0, { tenantId: t, leaseMs: LEASE })
        assert.deepStrictEqual(
          first.map((r) => [r.id, r.status, r.attempts, r.claimedUntil]),
          [
            [rows[0]!.id, "sending", 1, T0 + LEASE],
            [rows[1]!.id, "sending", 1, T0 + LEASE]
          ]
        )
        const second = yield* outbox.claim(5, T0, { tenantId: t, leaseMs: LEASE })
        assert.deepStrictEqual(
          second.map((r) => r.id),
          [rows[2]!.id]
        )
        assert.deepStrictEqual(yield* outbox.claim(5, timestamp(T0 + LEASE - 1), { tenantId: t }), [])
        // The sender of the first claim died: its rows are claimed again once the lease lapses.
        const again = yield* outbox.claim(2, timestamp(T0 + LEASE), { tenantId: t, leaseMs: LEASE })
        assert.deepStrictEqual(
          again.map((r) => [r.id, r.attempts]),
          [
            [rows[0]!.id, 2],
            [rows[1]!.id, 2]
          ]
        )
        assert.strictEqual((yield* outbox.get(t, rows[0]!.id)).status, "sending")
      }))

    test("markSent records the send once; a sent row is never claimed again", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const t = freshTenant()
        const row = yield* outbox.add(message(t, "alice"))
        yield* outbox.claim(1, T0, { tenantId: t, leaseMs: LEASE })
        assert.isTrue(yield* outbox.markSent(t, row.id, timestamp(T0 + 5)))
        assert.isFalse(yield* outbox.markSent(t, row.id, timestamp(T0 + 9)))
        const sent = yield* outbox.get(t, row.id)
        assert.deepStrictEqual([sent.status, sent.sentAt, sent.attempts], ["sent", T0 + 5, 1])
        assert.isFalse(yield* outbox.markFailed(t, row.id, { kind: "permanent", error: "late" }))
        assert.deepStrictEqual(yield* outbox.claim(5, timestamp(T0 + 10 * LEASE), { tenantId: t }), [])
        assert.strictEqual((yield* outbox.get(t, row.id)).status, "sent")
      }))

    test("markFailed(retry) puts the row back after retryAt; markFailed(permanent) ends it", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const t = freshTenant()
        const row = yield* outbox.add(message(t, "alice"))
        yield* outbox.claim(1, T0, { tenantId: t, leaseMs: LEASE })
        const retryAt = timestamp(T0 + 1_000)
        assert.isTrue(yield* outbox.markFailed(t, row.id, { kind: "retry", error: "429 slow down", retryAt }))
        const waiting = yield* outbox.get(t, row.id)
        assert.deepStrictEqual(
          [waiting.status, waiting.error, waiting.nextAttemptAt],
          ["pending", "429 slow down", retryAt]
        )
        assert.deepStrictEqual(yield* outbox.claim(1, timestamp(retryAt - 1), { tenantId: t }), [])
        const retried = yield* outbox.claim(1, retryAt, { tenantId: t, leaseMs: LEASE })
        assert.deepStrictEqual(
          retried.map((r) => [r.id, r.attempts]),
          [[row.id, 2]]
        )
        assert.isTrue(yield* outbox.markFailed(t, row.id, { kind: "permanent", error: "user blocked the bot" }))
        const failed = yield* outbox.get(t, row.id)
        assert.deepStrictEqual([failed.status, failed.error], ["failed", "user blocked the bot"])
        assert.isUndefined(failed.sentAt)
        assert.isFalse(yield* outbox.markSent(t, row.id))
        assert.isFalse(yield* outbox.markFailed(t, row.id, { kind: "retry", error: "again" }))
        assert.deepStrictEqual(yield* outbox.claim(5, timestamp(T0 + 10 * LEASE), { tenantId: t }), [])
      }))

    test("one recipient's messages go out in order: only the oldest unfinished one is claimable", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const t = freshTenant()
        const [m1, m2, m3] = [
          yield* outbox.add(message(t, "alice", "1")),
          yield* outbox.add(message(t, "alice", "2")),
          yield* outbox.add(message(t, "alice", "3"))
        ]
        const bob = yield* outbox.add(message(t, "bob", "4"))
        const aliceOnWhatsapp = yield* outbox.add(message(t, "alice", "5", "whatsapp"))
        const ids = (rows: ReadonlyArray<{ id: OutboxId }>) => rows.map((r) => r.id)
        const claim = (at = T0) => outbox.claim(10, at, { tenantId: t, leaseMs: LEASE })
        assert.deepStrictEqual(ids(yield* claim()), [m1!.id, bob.id, aliceOnWhatsapp.id])
        assert.deepStrictEqual(ids(yield* claim()), [], "m2 waits while m1 is being sent")
        yield* outbox.markSent(t, m1!.id)
        assert.deepStrictEqual(ids(yield* claim()), [m2!.id])
        const later = timestamp(T0 + 5_000)
        yield* outbox.markFailed(t, m2!.id, { kind: "retry", error: "timeout", retryAt: later })
        assert.deepStrictEqual(ids(yield* claim()), [], "m3 waits behind m2's retry")
        assert.deepStrictEqual(ids(yield* claim(later)), [m2!.id])
        yield* outbox.markFailed(t, m2!.id, { kind: "permanent", error: "rejected" })
        assert.deepStrictEqual(ids(yield* claim(later)), [m3!.id], "a permanent failure unblocks the next")
      }))

    test("list filters by status and recipient, in insertion order", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const t = freshTenant()
        const a = yield* outbox.add(message(t, "alice"))
        const b = yield* outbox.add(message(t, "bob"))
        const c = yield* outbox.add(message(t, "alice"))
        yield* outbox.claim(1, T0, { tenantId: t })
        yield* outbox.markSent(t, a.id)
        const ids = (rows: ReadonlyArray<{ id: OutboxId }>) => rows.map((r) => r.id)
        assert.deepStrictEqual(ids(yield* outbox.list(t)), [a.id, b.id, c.id])
        assert.deepStrictEqual(ids(yield* outbox.list(t, { status: "pending" })), [b.id, c.id])
        assert.deepStrictEqual(ids(yield* outbox.list(t, { recipient: "alice" })), [a.id, c.id])
        assert.deepStrictEqual(ids(yield* outbox.list(t, { status: "sent", recipient: "alice" })), [a.id])
      }))

    test("another tenant sees nothing and cannot touch the rows", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const t = freshTenant()
        const other = freshTenant()
        const row = yield* outbox.add(message(t, "alice"))
        assert.strictEqual((yield* Effect.flip(outbox.get(other, row.id)))._tag, "NotFound")
        assert.strictEqual((yield* Effect.flip(outbox.markSent(other, row.id)))._tag, "NotFound")
        const fail = outbox.markFailed(other, row.id, { kind: "permanent", error: "x" })
        assert.strictEqual((yield* Effect.flip(fail))._tag, "NotFound")
        assert.deepStrictEqual(yield* outbox.list(other), [])
        assert.deepStrictEqual(yield* outbox.claim(10, T0, { tenantId: other }), [])
        assert.strictEqual((yield* outbox.get(t, row.id)).status, "pending")
      }))

    test("concurrent claimers never claim the same row, and each row is marked sent once", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const run = Effect.runPromiseWith(yield* Effect.context<never>())
        const property = fc.asyncProperty(
          fc.scheduler(),
          fc.array(fc.constantFrom("r1", "r2", "r3", "r4"), { minLength: 1, maxLength: 12 }),
          fc.integer({ min: 2, max: 4 }),
          async (s, recipients, claimers) => {
            const t = freshTenant()
            const added = []
            for (const r of recipients) added.push(await run(outbox.add(message(t, r, r))))
            const claimedBy = new Map<string, number>()
            const sentOrder: Array<string> = []
            let sentTrue = 0
            const claimer = async (i: number) => {
              // Keep claiming until everything is sent; the bound only stops a broken store from spinning.
              for (let round = 0; sentTrue < added.length && round < 50 * added.length; round++) {
                await s.schedule(Promise.resolve(), `claim ${i}`)
                const rows = await run(outbox.claim(2, T0, { tenantId: t, leaseMs: HOUR }))
                for (const row of rows) {
                  assert.isUndefined(
                    claimedBy.get(row.id),
                    `row ${row.id} claimed by ${claimedBy.get(row.id)} and ${i}`
                  )
                  claimedBy.set(row.id, i)
                }
                for (const row of rows) {
                  await s.schedule(Promise.resolve(), `send ${row.id} by ${i}`)
                  sentOrder.push(row.id)
                  if (await run(outbox.markSent(t, row.id))) sentTrue += 1
                  // A duplicate markSent (e.g. a retried job) changes nothing.
                  assert.isFalse(await run(outbox.markSent(t, row.id)))
                }
              }
            }
            await s.waitFor(Promise.all(Array.from({ length: claimers }, (_, i) => claimer(i))))
            while ((await run(outbox.claim(100, T0, { tenantId: t }))).length > 0) {
              assert.fail("rows left after every claimer finished")
            }
            assert.strictEqual(sentTrue, added.length)
            for (const r of new Set(recipients)) {
              const expected = added.filter((row) => row.recipient === r).map((row) => row.id)
              assert.deepStrictEqual(
                sentOrder.filter((id) => expected.includes(OutboxId.make(id))),
                expected
              )
            }
          }
        )
        yield* Effect.promise(() => fc.assert(property, { numRuns: 100 }))
      }))

    test("a burst of concurrent claims over many rows hands each row to exactly one claimer", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const t = freshTenant()
        for (let i = 0; i < 200; i++) yield* outbox.add(message(t, `r${i}`))
        const claims = yield* Effect.all(
          Array.from({ length: 20 }, () => outbox.claim(15, T0, { tenantId: t, leaseMs: HOUR })),
          { concurrency: "unbounded" }
        )
        const ids = claims.flat().map((r) => r.id)
        assert.strictEqual(ids.length, 200)
        assert.strictEqual(new Set(ids).size, 200)
      }))
  })
