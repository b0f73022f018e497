import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { Outbox, OutboxId, type OutboxRow, Ports, TenantId, timestamp } from "@chatshop/domain"
import { outboxContract, outboxPayloadOf as payloadOf } from "@chatshop/domain/testing"

outboxContract("memory", Outbox.layerMemory)

const row = (over: Partial<OutboxRow>): OutboxRow => ({
  id: OutboxId.make("o1"),
  tenantId: TenantId.make("t1"),
  seq: 1,
  channel: "telegram",
  recipient: "alice",
  payload: payloadOf("hi"),
  status: "pending",
  attempts: 0,
  settledAttempts: 0,
  deliveredParts: 0,
  createdAt: timestamp(0),
  nextAttemptAt: timestamp(100),
  ...over
})

describe("Outbox rules", () => {
  it("outbox-due: pending from nextAttemptAt on; sending once the claim lapses; finished never", () => {
    assert.isFalse(Ports.isDue(row({}), 99))
    assert.isTrue(Ports.isDue(row({}), 100))
    assert.isFalse(Ports.isDue(row({ status: "sending", claimedUntil: timestamp(200) }), 199))
    assert.isTrue(Ports.isDue(row({ status: "sending", claimedUntil: timestamp(200) }), 200))
    assert.isFalse(Ports.isDue(row({ status: "sending" }), 10_000))
    assert.isFalse(Ports.isDue(row({ status: "sent" }), 10_000))
    assert.isFalse(Ports.isDue(row({ status: "failed" }), 10_000))
    assert.deepStrictEqual(
      (["pending", "sending", "sent", "failed"] as const).map((status) => Ports.isFinished({ status })),
      [false, false, true, true]
    )
  })

  it("outbox-order: only each thread's oldest unfinished row is claimable", () => {
    const a1 = row({ id: OutboxId.make("a1"), status: "sent" })
    const a2 = row({ id: OutboxId.make("a2"), nextAttemptAt: timestamp(500) })
    const a3 = row({ id: OutboxId.make("a3") })
    const b1 = row({ id: OutboxId.make("b1"), recipient: "bob" })
    const otherChannel = row({ id: OutboxId.make("c1"), channel: "whatsapp" })
    const otherTenant = row({ id: OutboxId.make("d1"), tenantId: TenantId.make("t2") })
    const ids = (rows: ReadonlyArray<OutboxRow>) => rows.map((r) => r.id)
    assert.deepStrictEqual(ids(Ports.claimable([a1, a2, a3, b1, otherChannel, otherTenant], 100)), ["b1", "c1", "d1"])
    assert.deepStrictEqual(ids(Ports.claimable([a1, a2, a3, b1], 500)), ["a2", "b1"])
    assert.notStrictEqual(Ports.recipientKey(row({})), Ports.recipientKey(row({ recipient: "bob" })))
  })

  it.effect("outbox-defaults: claims last 60 s by default and span tenants without a filter", () =>
    Effect.gen(function* () {
      const outbox = yield* Outbox
      const t1 = TenantId.make("t1")
      const t2 = TenantId.make("t2")
      const payload = payloadOf("hi")
      yield* outbox.add({ id: OutboxId.make("x"), tenantId: t1, channel: "webchat", recipient: "r", payload })
      yield* outbox.add({ id: OutboxId.make("x"), tenantId: t2, channel: "webchat", recipient: "r", payload })
      const claimed = yield* outbox.claim(10, timestamp(1_000))
      assert.deepStrictEqual(
        claimed.map((r) => [r.tenantId, r.claimedUntil]),
        [
          [t1, timestamp(61_000)],
          [t2, timestamp(61_000)]
        ]
      )
      assert.strictEqual(Ports.DEFAULT_CLAIM_LEASE_MS, 60_000)
      assert.deepStrictEqual(yield* outbox.claim(10, timestamp(60_999)), [])
      assert.strictEqual((yield* outbox.claim(10, timestamp(61_000))).length, 2)
      assert.deepStrictEqual(yield* outbox.claim(-1, timestamp(999_999)), [])
    }).pipe(Effect.provide(Outbox.layerMemory))
  )

  it.effect("outbox-stamps: markSent and markFailed(retry) default to the Clock", () =>
    Effect.gen(function* () {
      const outbox = yield* Outbox
      const t = TenantId.make("t1")
      const a = yield* outbox.add({
        id: OutboxId.make("a"),
        tenantId: t,
        channel: "webchat",
        recipient: "r",
        payload: payloadOf("a")
      })
      const b = yield* outbox.add({
        id: OutboxId.make("b"),
        tenantId: t,
        channel: "webchat",
        recipient: "s",
        payload: payloadOf("b")
      })
      yield* outbox.claim(10, timestamp(0))
      yield* TestClock.setTime(7_000)
      yield* outbox.markSent(t, a.id)
      yield* outbox.markFailed(t, b.id, { kind: "retry", error: "503" })
      assert.strictEqual((yield* outbox.get(t, a.id)).sentAt, 7_000)
      const retried = yield* outbox.get(t, b.id)
      assert.deepStrictEqual(
        [retried.status, retried.nextAttemptAt, retried.claimedUntil],
        ["pending", 7_000, undefined]
      )
    }).pipe(Effect.provide(Outbox.layerMemory))
  )
})
