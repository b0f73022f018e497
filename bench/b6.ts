// SPEC §8 B6: outbound under a fake channel. The WhatsApp mock platform (bench/b6-platform.ts, its own
// process, pinned to another core where there is one) enforces 80 msg/s per account and 1 msg / 6 s
// per customer, answering 429 beyond them; the real WhatsApp client with its rate limiters (76/s and
// 1 per 6.1 s: WhatsApp.defaultLimits, a margin for requests' time on the wire) sends a burst to many
// customers for CHATSHOP_BENCH_B6_SECONDS (default 60), after warming the client up. Reported:
// deliveries per second inside the window / the platform's 80, and the 429s the platform answered
// (the warm-up's four messages included: none of them may be refused either).
import { execFileSync, fork } from "node:child_process"
import { existsSync } from "node:fs"
import { availableParallelism } from "node:os"
import { Effect, Fiber } from "effect"
import { type ChannelMocks, WhatsApp } from "../packages/adapters/src/channels/index.ts"

const PLATFORM_PER_SECOND = 80
const PER_RECIPIENT_MS = 6_000
const RECIPIENTS = 1_000

interface PlatformStats {
  readonly requests: ReadonlyArray<number>
  readonly delivered: ReadonlyArray<number>
  readonly violations: number
}

/** Fork the fake platform, and pin it and this process to different cores when possible. */
const startPlatform = async (limits: ChannelMocks.MockLimits) => {
  const child = fork(new URL("./b6-platform.ts", import.meta.url), [], {
    stdio: ["ignore", "inherit", "inherit", "ipc"]
  })
  const next = <A>(type: string) =>
    new Promise<A>((resolve, reject) => {
      const onMessage = (message: { type: string }) => {
        if (message.type !== type) return
        child.off("message", onMessage)
        child.off("exit", onExit)
        resolve(message as A)
      }
      const onExit = (code: number | null) => reject(new Error(`the B6 platform exited with ${code}`))
      child.on("message", onMessage)
      child.once("exit", onExit)
    })
  if (availableParallelism() >= 2 && existsSync("/usr/bin/taskset") && child.pid !== undefined) {
    execFileSync("taskset", ["-a", "-cp", "1", String(child.pid)], { stdio: "ignore" })
    execFileSync("taskset", ["-a", "-cp", "0", String(process.pid)], { stdio: "ignore" })
  }
  const ready = next<{ url: string }>("ready")
  child.send({ type: "start", limits })
  const { url } = await ready
  return {
    url,
    stats: () => {
      const stats = next<PlatformStats>("stats")
      child.send({ type: "stats" })
      return stats
    },
    close: () => {
      const exited = new Promise((done) => child.once("exit", done))
      child.send({ type: "stop" })
      return exited
    }
  }
}

export const runB6 = async () => {
  const seconds = Number(process.env.CHATSHOP_BENCH_B6_SECONDS ?? 60)
  const mock = await startPlatform({
    perRecipientIntervalMs: PER_RECIPIENT_MS,
    global: { limit: PLATFORM_PER_SECOND, windowMs: 1_000 },
    retryAfterSeconds: 1
  })
  try {
    const client = WhatsApp.make({
      baseUrl: mock.url,
      perRecipient: WhatsApp.defaultLimits.perRecipient,
      global: WhatsApp.defaultLimits.global
    })
    const credentials = { phoneNumberId: "106540352242922", accessToken: "bench-token" }
    const text = (recipient: string, body: string) =>
      client.send(credentials, { recipient, message: { _tag: "Text", text: body }, sender: "bot" }).pipe(Effect.ignore)
    // A worker's client is long-lived: warm it (fetch's first use loads undici and opens connections,
    // a stall of ~200 ms that a cold process would put inside the first window) with a few messages to
    // customers outside the burst, then let the platform's one-second window empty before measuring.
    await Effect.runPromise(
      Effect.forEach(["77019999991", "77019999992", "77019999993", "77019999994"], (r) => text(r, "warm-up"), {
        concurrency: "unbounded",
        discard: true
      }).pipe(Effect.andThen(Effect.sleep(1_100)))
    )
    // More than the window can take, so the limiter, not the supply, sets the pace.
    const offered = Math.ceil(PLATFORM_PER_SECOND * seconds * 1.1)
    const started = Date.now()
    const sends = Effect.forEach(
      Array.from({ length: offered }, (_, i) => i),
      (i) => text(`7701${String(i % RECIPIENTS).padStart(7, "0")}`, `burst message ${i}`),
      { concurrency: "unbounded", discard: true }
    )
    await Effect.runPromise(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(sends)
        yield* Effect.sleep(seconds * 1_000)
        yield* Fiber.interrupt(fiber)
      })
    )
    const stats = await mock.stats()
    const windowEnd = started + seconds * 1_000
    const delivered = stats.delivered.filter((at) => at >= started && at <= windowEnd).length
    const perSecond = delivered / seconds
    // How bunched the arrivals were: the busiest 1 s at the platform, and the longest silence (a stall).
    const times = stats.requests.filter((at) => at >= started)
    let busiestSecond = 0
    let longestGapMs = 0
    for (let i = 0, j = 0; i < times.length; i++) {
      while ((times[i] ?? 0) - (times[j] ?? 0) >= 1_000) j++
      busiestSecond = Math.max(busiestSecond, i - j + 1)
      if (i > 0) longestGapMs = Math.max(longestGapMs, (times[i] ?? 0) - (times[i - 1] ?? 0))
    }
    const result = {
      ratio: Math.round((perSecond / PLATFORM_PER_SECOND) * 1000) / 1000,
      target: 0.9,
      targetMax: 1,
      count429: stats.violations,
      messagesPerSecond: Math.round(perSecond * 10) / 10,
      configuredLimitPerSecond: PLATFORM_PER_SECOND,
      delivered,
      requests: times.length,
      busiestSecond,
      longestGapMs,
      setup: `WhatsApp client → mock platform enforcing ${PLATFORM_PER_SECOND}/s and 1 per ${PER_RECIPIENT_MS / 1000} s per customer; ${offered} messages offered at once to ${RECIPIENTS} customers; ${seconds} s window after a warm-up of 4 messages and 1.1 s idle; client limits 76/s (sends paced one refill apart, one extra allowed), 1 per 6.1 s`
    }
    console.log(
      `  B6: ${result.messagesPerSecond} msg/s of ${PLATFORM_PER_SECOND} (${result.ratio}), 429s: ${result.count429}`
    )
    return result
  } finally {
    await mock.close()
  }
}

if (import.meta.main) console.log(await runB6())
