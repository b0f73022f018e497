import { layer as bullMq } from "@chatshop/adapters/queue"
import { layerClient, layerIntake, layerIntakeRelay, RedisClient } from "@chatshop/adapters/redis"
import { InboundIntake, type Job, MessageQueue } from "@chatshop/domain"
import { eventually, freshId, inboundIntakeContract } from "@chatshop/domain/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { afterAll } from "vitest"
import { describeWith } from "../env.ts"
import { deleteKeys, runPrefix } from "./cleanup.ts"

// Real Redis at TEST_REDIS_URL/REDIS_URL (mandatory in CI), under key prefixes of this run.
describeWith("redis")("on Redis", ({ redis: url }) => {
  const prefix = runPrefix("intake")
  afterAll(() => deleteKeys(url, prefix))
  const keys = { prefix: `${prefix}:` }
  const client = layerClient({ url })
  const queue = bullMq({ url, prefix })
  /** The intake, BullMQ, and `relays` relays moving staged jobs onto it (as workers run them). */
  const wired = (relays: number, relayOptions: Parameters<typeof layerIntakeRelay>[0] = {}) =>
    Layer.mergeAll(
      layerIntake(keys),
      ...Array.from({ length: relays }, () => layerIntakeRelay({ ...keys, blockMs: 200, ...relayOptions }))
    ).pipe(Layer.provideMerge(Layer.merge(client, queue)))

  inboundIntakeContract("Redis staging + one relay → BullMQ", wired(1), { clock: "live" })
  inboundIntakeContract("Redis staging + three competing relays → BullMQ", wired(3), { clock: "live" })

  describe("Redis intake relay", () => {
    it.live("jobs staged while no relay runs reach the queue once a relay starts", () =>
      Effect.gen(function* () {
        const q = freshId("q")
        const stagedKeys = Array.from({ length: 300 }, (_, i) => `${q}:m${i}`)
        const staged = yield* InboundIntake.use((intake) =>
          intake.accept(stagedKeys.map((key, i) => ({ key, queue: q, payload: { i } })))
        ).pipe(Effect.provide(layerIntake(keys).pipe(Layer.provide(client))))
        assert.isTrue(staged.every((s) => s === "new"))
        const seen: Array<Job> = []
        yield* Effect.scoped(
          Effect.gen(function* () {
            yield* MessageQueue.use((mq) =>
              mq.consume(q, (job) => Effect.sync(() => void seen.push(job)), { concurrency: 8 })
            )
            yield* eventually(
              "live",
              "300 jobs",
              Effect.sync(() => seen.length >= 300),
              { deadlineMs: 20_000 }
            )
            yield* Effect.sleep(300)
          }).pipe(Effect.provide(wired(1, { batchSize: 64 })))
        )
        assert.sameMembers(
          seen.map((j) => j.id),
          stagedKeys
        )
      })
    )

    it.live("an entry a dead relay took and never acknowledged is taken over and enqueued", () =>
      Effect.gen(function* () {
        const q = freshId("q")
        const key = `${q}:orphan`
        yield* InboundIntake.use((intake) => intake.accept([{ key, queue: q, payload: { orphan: true } }])).pipe(
          Effect.provide(layerIntake(keys).pipe(Layer.provide(client)))
        )
        // A relay that reads the entry (so it is pending on it) and dies before enqueueing it.
        yield* RedisClient.use((redis) =>
          Effect.promise(async () => {
            await redis.xgroup("CREATE", `${prefix}:intake`, "relay", "0", "MKSTREAM").catch(() => undefined)
            await redis.xreadgroup("GROUP", "relay", "dead-relay", "COUNT", 1000, "STREAMS", `${prefix}:intake`, ">")
          })
        ).pipe(Effect.provide(client))
        const seen: Array<Job> = []
        yield* Effect.scoped(
          Effect.gen(function* () {
            yield* MessageQueue.use((mq) => mq.consume(q, (job) => Effect.sync(() => void seen.push(job))))
            yield* eventually(
              "live",
              "the orphan's job",
              Effect.sync(() => seen.length >= 1),
              { deadlineMs: 10_000 }
            )
          }).pipe(Effect.provide(wired(1, { claimIdleMs: 300 })))
        )
        assert.deepStrictEqual(
          seen.map((j) => [j.id, j.payload]),
          [[key, { orphan: true }]]
        )
      })
    )
  })
})
