// B4 (SPEC §8): `nextNudge` over n conversations, as one sweep of the nudge scheduler would do.
// Imports the nudge module alone: loading the whole domain index is not what this measures.
import * as Nudge from "../src/nudge/index.ts"
import { channels } from "../src/shared/Channel.ts"
import { DAY, HOUR, MINUTE, type Timestamp, timestamp } from "../src/shared/Ids.ts"

const zones = ["Europe/Berlin", "America/New_York", "Asia/Almaty", "UTC", "Asia/Tokyo"]
const stops = [null, null, null, null, null, null, null, "handoff", "opt_out", "order_finished"] as const

/** A cheap deterministic generator (the domain has no Math.random, and runs must be comparable). */
const lcg = (seed: number) => {
  let s = seed >>> 0
  return (below: number): number => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0
    return s % below
  }
}

/** n varied conversations, silent for up to three days before `now`, with every channel and zone. */
const build = (n: number, now: number) => {
  const next = lcg(42)
  const states: Array<Nudge.NudgeState> = []
  const policies: Array<Nudge.NudgePolicy> = []
  for (const timezone of zones)
    for (const channel of channels)
      policies.push(
        Nudge.nudgePolicy({ timezone, maxNudges: 2, workHours: { startMinute: 9 * 60, endMinute: 19 * 60 } }, channel)
      )
  for (let i = 0; i < n; i++) {
    const lastBot = now - next(3 * DAY)
    const sent = next(3)
    const lastCustomer = next(5) === 0 ? null : lastBot - next(30 * HOUR)
    states.push({
      lastBotMessageAt: timestamp(lastBot),
      lastCustomerMessageAt: lastCustomer === null ? null : timestamp(lastCustomer),
      sent,
      lastNudgeAt: sent === 0 ? null : timestamp(lastBot),
      stoppedBy: stops[next(stops.length)] ?? null
    })
  }
  return { states, policies }
}

/** Times n `nextNudge` calls (states built beforehand); `scheduled` keeps the work observable. */
export const benchNextNudge = (n: number): { ms: number; scheduled: number } => {
  const now = Date.UTC(2026, 9, 24, 12, 0) + 7 * MINUTE
  const { states, policies } = build(n, now)
  const at = timestamp(now) as Timestamp
  // Warm the JIT and the offset cache on a slice, as a long-running worker would be.
  for (let i = 0; i < Math.min(n, 10_000); i++) Nudge.nextNudge(states[i]!, policies[i % policies.length]!, at)
  let scheduled = 0
  const start = performance.now()
  for (let i = 0; i < n; i++) {
    const next = Nudge.nextNudge(states[i]!, policies[i % policies.length]!, at)
    if (next._tag === "NudgeAt") scheduled++
  }
  return { ms: performance.now() - start, scheduled }
}
