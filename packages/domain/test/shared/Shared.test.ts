import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Result, Schema } from "effect"
import {
  Channel,
  channels,
  DAY,
  Decider,
  defaultShopSettings,
  HOUR,
  MINUTE,
  NotFound,
  onlyErrors,
  OrderId,
  ShopSettings,
  TenantId,
  belongsTo,
  timestamp,
  Timestamp
} from "@chatshop/domain"

// A counter decider: adds positive numbers, refuses the rest — enough to pin fold/run/replay.
const counter: Decider.Decider<number, number, number, string> = {
  initial: 10,
  decide: (c, s) => (c > 0 ? Result.succeed([c, s]) : Result.fail(`refused ${c}`)),
  evolve: (s, e) => s * 2 + e
}

class A extends Schema.TaggedError<A>()("A", {}) {}
class B extends Schema.TaggedError<B>()("B", {}) {}

describe("shared kernel", () => {
  it("shared-decider: fold applies events in order, run returns events and the folded state, replay starts at initial", () => {
    assert.strictEqual(Decider.fold(counter.evolve, 1, [2, 3]), (1 * 2 + 2) * 2 + 3)
    assert.strictEqual(Decider.fold(counter.evolve, 1, []), 1)
    const ran = Decider.run(counter, 5, 1)
    assert.isTrue(Result.isSuccess(ran))
    if (Result.isSuccess(ran)) assert.deepStrictEqual(ran.success, { state: (1 * 2 + 5) * 2 + 1, events: [5, 1] })
    const refused = Decider.run(counter, -1, 1)
    assert.isTrue(Result.isFailure(refused))
    if (Result.isFailure(refused)) assert.strictEqual(refused.failure, "refused -1")
    assert.strictEqual(Decider.replay(counter, [1]), 21)
    const { initial, ...rules } = counter
    assert.deepStrictEqual(Decider.step(rules, 5)(1), Decider.run(counter, 5, 1))
    assert.deepStrictEqual(Decider.step(rules, -1)(initial), Result.fail("refused -1"))
  })

  it.effect("shared-only-errors: listed tags stay typed failures, others become defects, success passes", () =>
    Effect.gen(function* () {
      const keepA = onlyErrors("A")
      const failA = yield* Effect.exit(keepA(Effect.fail(new A()) as Effect.Effect<never, A | B>))
      assert.isTrue(Exit.isFailure(failA) && Cause.hasFails(failA.cause))
      const failB = yield* Effect.exit(keepA(Effect.fail(new B()) as Effect.Effect<never, A | B>))
      assert.isTrue(Exit.isFailure(failB) && Cause.hasDies(failB.cause) && !Cause.hasFails(failB.cause))
      assert.strictEqual(yield* keepA(Effect.succeed(3) as Effect.Effect<number, A | B>), 3)
      const both = yield* Effect.exit(onlyErrors("A", "B")(Effect.fail(new B()) as Effect.Effect<never, A | B>))
      assert.isTrue(Exit.isFailure(both) && Cause.hasFails(both.cause))
    })
  )

  it("shared-ids: ids are non-empty strings; timestamps are integers; time constants", () => {
    assert.isTrue(Result.isFailure(Schema.decodeUnknownResult(TenantId)("")))
    assert.isTrue(Result.isSuccess(Schema.decodeUnknownResult(OrderId)("o1")))
    assert.isTrue(Result.isFailure(Schema.decodeUnknownResult(Timestamp)(1.5)))
    assert.strictEqual(timestamp(42), 42)
    assert.deepStrictEqual([MINUTE, HOUR, DAY], [60_000, 3_600_000, 86_400_000])
  })

  it("shared-tenant-scope: belongsTo compares tenants; NotFound carries entity and id", () => {
    const t1 = TenantId.make("t1")
    assert.isTrue(belongsTo(t1)({ tenantId: t1 }))
    assert.isFalse(belongsTo(t1)({ tenantId: TenantId.make("t2") }))
    const nf = new NotFound({ entity: "order", id: "o1" })
    assert.deepStrictEqual([nf._tag, nf.entity, nf.id], ["NotFound", "order", "o1"])
  })

  it("shared-settings: defaults follow the SPEC and decode; channels are the seven supported", () => {
    assert.deepStrictEqual(defaultShopSettings, {
      timezone: "UTC",
      currency: "USD",
      holdHours: 24,
      paymentAutoAcceptThreshold: 0.8,
      lowStockThreshold: 2,
      workHours: { startMinute: 540, endMinute: 1140 },
      burstDebounceMs: 2_000,
      maxNudges: 2
    })
    const decode = Schema.decodeUnknownResult(ShopSettings)
    assert.isTrue(Result.isSuccess(decode(defaultShopSettings)))
    assert.isTrue(Result.isFailure(decode({ ...defaultShopSettings, holdHours: 0 })))
    assert.isTrue(Result.isFailure(decode({ ...defaultShopSettings, paymentAutoAcceptThreshold: 1.1 })))
    assert.isTrue(Result.isFailure(decode({ ...defaultShopSettings, lowStockThreshold: -1 })))
    assert.isTrue(Result.isFailure(decode({ ...defaultShopSettings, workHours: { startMinute: 0, endMinute: 1441 } })))
    assert.deepStrictEqual(channels, [
      "whatsapp",
      "greenapi",
      "messenger",
      "instagram",
      "telegram",
      "tiktok",
      "webchat"
    ])
    assert.isTrue(Result.isFailure(Schema.decodeUnknownResult(Channel)("sms")))
  })
})
