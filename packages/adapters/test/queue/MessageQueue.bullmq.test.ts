import { bullJobId, bullQueueName, layer, layerConfig } from "@chatshop/adapters/queue"
import { type Job, MessageQueue } from "@chatshop/domain"
import { eventually, freshId, messageQueueContract } from "@chatshop/domain/testing"
import { assert, describe, it } from "@effect/vitest"
import { Worker } from "bullmq"
import { ConfigProvider, Effect, Layer } from "effect"
import { afterAll } from "vitest"
import { describeWith } from "../env.ts"
import { deleteKeys, runPrefix } from "../redis/cleanup.ts"

describe("BullMQ names and config", () => {
  it("job ids and queue names are escaped injectively past BullMQ's rules", () => {
    assert.strictEqual(bullJobId("123"), "j_123", "BullMQ refuses integer-looking custom ids")
    assert.strictEqual(bullJobId("whatsapp:wamid.1"), "j_whatsapp%3Awamid.1", "and ':' in them")
    assert.notStrictEqual(bullJobId("a%3Ab"), bullJobId("a:b"))
    assert.strictEqual(bullQueueName("inbound:whatsapp"), "inbound%3Awhatsapp")
    assert.strictEqual(bullQueueName("outbox"), "outbox")
  })

  it.effect("layerConfig without REDIS_URL fails naming the variable", () =>
    Effect.gen(function* () {
      const env = ConfigProvider.layer(ConfigProvider.fromEnvRecord({}))
      const exit = yield* Effect.exit(
        Effect.gen(function* () {
          yield* MessageQueue
        }).pipe(Effect.provide(layerConfig.pipe(Layer.provide(env))))
      )
      assert.isTrue(exit._tag === "Failure" && String(exit.cause).includes("REDIS_URL"), String(exit))
    })
  )
})

// Real Redis at TEST_REDIS_URL/REDIS_URL (mandatory in CI), under a BullMQ prefix of its own per run.
describeWith("redis")("on Redis", ({ redis: url }) => {
  const prefix = runPrefix("queue")
  afterAll(() => deleteKeys(url, prefix))

  messageQueueContract("BullMQ", layer({ url, prefix, stalledIntervalMs: 5_000, lockDurationMs: 10_000 }), {
    clock: "live",
    backoffMs: 50,
    slackMs: 5
  })

  describe("BullMQ stalled jobs", () => {
    it.live("a job whose worker died mid-job is taken over by a live worker (SPEC §9.3)", () =>
      Effect.gen(function* () {
        const mq = yield* MessageQueue
        const q = freshId("q")
        // Another process that takes the job and dies without finishing it.
        let taken = false
        const doomed = new Worker(
          bullQueueName(q),
          () => {
            taken = true
            return new Promise<never>(() => {})
          },
          { connection: { url }, prefix, lockDuration: 300, stalledInterval: 200 }
        )
        yield* mq.enqueue(q, "order-42", { text: "size 38" })
        yield* eventually(
          "live",
          "the doomed worker to take the job",
          Effect.sync(() => taken)
        )
        yield* Effect.promise(() => doomed.close(true))
        const seen: Array<Job> = []
        yield* mq.consume(q, (job) => Effect.sync(() => void seen.push(job)))
        yield* eventually(
          "live",
          "a live worker to recover the job",
          Effect.sync(() => seen.length === 1)
        )
        assert.deepStrictEqual([seen[0]!.id, seen[0]!.payload], ["order-42", { text: "size 38" }])
      }).pipe(Effect.scoped, Effect.provide(layer({ url, prefix, stalledIntervalMs: 200, lockDurationMs: 300 })))
    )
  })
})
