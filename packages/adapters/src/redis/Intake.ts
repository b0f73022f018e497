import { randomBytes } from "node:crypto"
import { hostname } from "node:os"
import {
  type DedupeClaim,
  dedupeTtl,
  InboundIntake,
  type IntakeEntry,
  IntakeUnavailable,
  MessageQueue,
  minimumDedupeTtlMs
} from "@chatshop/domain"
import { Cause, Effect, Layer } from "effect"
import type { Redis } from "ioredis"
import { microBatch } from "../queue/MicroBatch.ts"
import { call, RedisClient } from "./Client.ts"

export interface RedisIntakeOptions {
  /**
   * Key prefix (default "chatshop:"): dedupe records are `<prefix>dedupe:<key>` (the same records
   * as the Redis InboundDedupe) and the staged entries the stream `<prefix>intake`.
   */
  readonly prefix?: string
}

const keysOf = (options: RedisIntakeOptions) => {
  const prefix = options.prefix ?? "chatshop:"
  return { dedupe: `${prefix}dedupe:`, stream: `${prefix}intake` }
}

// One script per batch: per entry, in order, record the key (SET NX PX) and, only if it is new,
// stage its job on the stream. Atomic, so a record never exists without its staged job.
const acceptScript = `local r = {}
for i = 2, #KEYS do
  local a = (i - 2) * 3 + 2
  if redis.call('SET', KEYS[i], '1', 'PX', ARGV[1], 'NX') then
    redis.call('XADD', KEYS[1], '*', 'q', ARGV[a], 'k', ARGV[a + 1], 'p', ARGV[a + 2])
    r[i - 1] = 1
  else
    r[i - 1] = 0
  end
end
return r`

/**
 * InboundIntake on Redis (SPEC §8 B1, §9.2, §9.4): one round trip per event-loop turn for every
 * webhook in flight. A Lua script records each new key for seven days and appends its job to the
 * stream `<prefix>intake` in the same atomic step; a relay (`relayIntake`, run by the workers)
 * moves staged jobs onto the MessageQueue. The staged stream is the durable enqueue: a webhook
 * answers 2xx only once its record and job are in Redis, and 5xx (IntakeUnavailable) if Redis fails.
 */
export const makeRedisIntake = (client: Redis, options: RedisIntakeOptions = {}) => {
  const keys = keysOf(options)
  const ttl = dedupeTtl(minimumDedupeTtlMs)
  const batch = microBatch((entries: ReadonlyArray<IntakeEntry>) => {
    const args: Array<string | number> = [entries.length + 1, keys.stream]
    for (const e of entries) args.push(keys.dedupe + e.key)
    args.push(ttl)
    for (const e of entries) args.push(e.queue, e.key, JSON.stringify(e.payload))
    return client.eval(acceptScript, ...(args as [number, ...Array<string | number>])) as Promise<ReadonlyArray<number>>
  })
  return InboundIntake.of({
    accept: (entries) =>
      call(() => Promise.all(entries.map(batch))).pipe(
        Effect.map((flags) => flags.map((flag): DedupeClaim => (flag === 1 ? "new" : "seen"))),
        Effect.mapError((e) => new IntakeUnavailable({ message: e.message }))
      )
  })
}

/** InboundIntake over the process's `RedisClient`. */
export const layerIntake = (options: RedisIntakeOptions = {}): Layer.Layer<InboundIntake, never, RedisClient> =>
  Layer.effect(
    InboundIntake,
    Effect.map(RedisClient, (client: RedisClient["Service"]) => makeRedisIntake(client, options))
  )

export interface IntakeRelayOptions extends RedisIntakeOptions {
  /** Entries moved per round (default 256). */
  readonly batchSize?: number
  /** A staged entry another relay took but did not finish for this long is taken over (default 30 s). */
  readonly claimIdleMs?: number
  /** How long one read waits for new entries (default 1 s); also the pause after a failure. */
  readonly blockMs?: number
}

const GROUP = "relay"

type StreamEntry = [id: string, fields: Array<string>]

const fieldsOf = (fields: ReadonlyArray<string>): Map<string, string> => {
  const map = new Map<string, string>()
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i] as string, fields[i + 1] as string)
  return map
}

/**
 * Moves staged intake entries onto the MessageQueue until interrupted (workers run it; any number
 * may run at once). A consumer group hands each entry to one relay; the entry is acknowledged and
 * deleted only after its job is enqueued (jobId = key), and entries a dead relay left
 * unacknowledged are taken over after `claimIdleMs`. So every staged job is enqueued at least
 * once; a repeat (a relay dying between enqueue and acknowledgement) is the same jobId, and the
 * worker's turns are idempotent by platform message id. Redis failures are logged and retried.
 */
export const relayIntake = (options: IntakeRelayOptions = {}) =>
  Effect.gen(function* () {
    const client = yield* RedisClient
    const queue = yield* MessageQueue
    const { stream } = keysOf(options)
    const batchSize = options.batchSize ?? 256
    const claimIdleMs = options.claimIdleMs ?? 30_000
    const blockMs = options.blockMs ?? 1_000
    const consumer = `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`
    // Blocking reads need their own connection.
    const reader = yield* Effect.acquireRelease(
      Effect.sync(() => {
        const conn = client.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: 2 })
        conn.on("error", () => {})
        return conn
      }),
      (conn) => Effect.sync(() => conn.disconnect())
    )

    const ensureGroup = call(() => reader.xgroup("CREATE", stream, GROUP, "0", "MKSTREAM")).pipe(
      Effect.catchIf(
        (e) => e.message.includes("BUSYGROUP"),
        () => Effect.void
      )
    )

    const forward = (entries: ReadonlyArray<StreamEntry>) =>
      Effect.gen(function* () {
        if (entries.length === 0) return
        yield* Effect.forEach(
          entries,
          ([id, raw]) => {
            const fields = fieldsOf(raw)
            const [name, key, payload] = [fields.get("q"), fields.get("k"), fields.get("p")]
            if (name === undefined || key === undefined || payload === undefined) {
              return Effect.logWarning("intake relay: dropping a malformed staged entry", { id })
            }
            return queue.enqueue(name, key, JSON.parse(payload) as unknown)
          },
          { concurrency: "unbounded", discard: true }
        )
        const ids = entries.map(([id]) => id)
        yield* call(() =>
          reader
            .multi()
            .xack(stream, GROUP, ...ids)
            .xdel(stream, ...ids)
            .exec()
        )
      })

    const round = Effect.gen(function* () {
      // First what a dead relay (or a failed round of ours) left pending, then new entries.
      const [, stale] = (yield* call(() =>
        reader.xautoclaim(stream, GROUP, consumer, claimIdleMs, "0-0", "COUNT", batchSize)
      )) as [string, Array<StreamEntry>]
      if (stale.length > 0) return yield* forward(stale)
      const read = (yield* call(() =>
        reader.xreadgroup("GROUP", GROUP, consumer, "COUNT", batchSize, "BLOCK", blockMs, "STREAMS", stream, ">")
      )) as Array<[string, Array<StreamEntry>]> | null
      yield* forward(read?.[0]?.[1] ?? [])
    })

    const session = Effect.andThen(ensureGroup, Effect.forever(round))
    return yield* session.pipe(
      Effect.catchCause((cause) =>
        Effect.logWarning("intake relay: Redis or the queue failed; retrying", Cause.pretty(cause).split("\n")[0]).pipe(
          Effect.andThen(Effect.sleep(blockMs))
        )
      ),
      Effect.forever
    )
  })

/** Runs `relayIntake` for the layer's lifetime (the worker's production wiring, tests). */
export const layerIntakeRelay = (
  options: IntakeRelayOptions = {}
): Layer.Layer<never, never, RedisClient | MessageQueue> =>
  Layer.effectDiscard(Effect.forkScoped(Effect.scoped(relayIntake(options))))
