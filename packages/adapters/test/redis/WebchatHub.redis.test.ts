// The web chat hub across processes (production mode): a worker's hub publishes, a server's hub on
// another connection hears it and keeps the recent replies for reconnecting pages.
import type { Webchat } from "@chatshop/adapters/channels"
import { layerClient, layerWebchatHub } from "@chatshop/adapters/redis"
import { WebchatHub } from "@chatshop/adapters/channels/webchat"
import { assert, it } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import { afterAll } from "vitest"
import { describeWith, redisUrl } from "../env.ts"
import { deleteKeys, runPrefix } from "./cleanup.ts"

const url = redisUrl()
const prefix = `${runPrefix("webchat")}:`
afterAll(() => (url === undefined ? undefined : deleteKeys(url, prefix)))

/** One hub on its own connection, as one process would have it. */
const hubOf = (redis: string) =>
  Effect.map(Layer.build(layerWebchatHub({ prefix }).pipe(Layer.provide(layerClient({ url: redis })))), (context) =>
    Context.get(context, WebchatHub)
  )

const text = (t: string) => ({ _tag: "Text", text: t }) as const

describeWith("redis")("WebchatHub on Redis pub/sub (server and worker in separate processes)", () => {
  it.live("a reply published in one process reaches the listener in another, only for that customer", () =>
    Effect.gen(function* () {
      const server = yield* hubOf(url!)
      const worker = yield* hubOf(url!)
      const heard: Array<Webchat.WebchatDelivery> = []
      const other: Array<Webchat.WebchatDelivery> = []
      const stop = yield* server.subscribe("shop-1", "visitor-1", (d) => heard.push(d))
      yield* server.subscribe("shop-1", "visitor-2", (d) => other.push(d))
      yield* server.subscribe("shop-2", "visitor-1", (d) => other.push(d))
      const sent = yield* worker.publish("shop-1", "visitor-1", text("Hi! What are you looking for?"))
      for (let i = 0; i < 100 && heard.length === 0; i++) yield* Effect.sleep(20)
      assert.deepStrictEqual(heard, [sent])
      assert.deepStrictEqual(other, [])
      // A page reconnecting to the server catches up from the kept replies.
      assert.deepStrictEqual(yield* server.recent("shop-1", "visitor-1"), [sent])
      assert.deepStrictEqual(yield* server.recent("shop-1", "visitor-1", sent.at), [])
      assert.deepStrictEqual(yield* server.recent("shop-2", "visitor-1"), [])
      // After unsubscribing nothing more arrives.
      yield* stop
      yield* worker.publish("shop-1", "visitor-1", text("still there?"))
      yield* Effect.sleep(200)
      assert.strictEqual(heard.length, 1)
      assert.strictEqual((yield* server.recent("shop-1", "visitor-1")).length, 2)
    }).pipe(Effect.scoped)
  )
})
