import * as fc from "fast-check"
import * as Updates from "../../nudge/Updates.ts"
import { initialNudgeState, type NudgePolicy, type NudgeState, type NudgeStop } from "../../nudge/Model.ts"
import { type Channel, channels } from "../../shared/Channel.ts"
import { DAY, HOUR, MINUTE, type Timestamp, timestamp } from "../../shared/Ids.ts"
import type { WorkHours } from "../../shared/ShopSettings.ts"

/** The zones of SPEC §8 acceptance: no DST (Almaty), European DST (Berlin), American DST (New York). */
export const zones = ["Asia/Almaty", "Europe/Berlin", "America/New_York"] as const
/** Zones with odd offsets and half-hour DST, for the time-zone arithmetic itself. */
export const oddZones = ["Australia/Lord_Howe", "Asia/Kathmandu", "America/Santiago", "Pacific/Chatham"] as const

/** The 2026 and 2027 DST changes of New York and Berlin, as UTC instants. */
export const dstChanges: ReadonlyArray<Timestamp> = [
  Date.UTC(2026, 2, 8, 7), // New York 02:00 EST → 03:00 EDT
  Date.UTC(2026, 2, 29, 1), // Berlin 02:00 CET → 03:00 CEST
  Date.UTC(2026, 9, 25, 1), // Berlin 03:00 CEST → 02:00 CET
  Date.UTC(2026, 10, 1, 6), // New York 02:00 EDT → 01:00 EST
  Date.UTC(2027, 2, 14, 7),
  Date.UTC(2027, 2, 28, 1),
  Date.UTC(2027, 9, 31, 1),
  Date.UTC(2027, 10, 7, 6)
].map(timestamp)

export const zone = fc.constantFrom(...zones)
export const channel: fc.Arbitrary<Channel> = fc.constantFrom(...channels)

/** An instant within four days of a DST change, often on a whole minute. */
export const aroundDst: fc.Arbitrary<Timestamp> = fc
  .tuple(
    fc.constantFrom(...dstChanges),
    fc.oneof(
      fc.integer({ min: -4 * 24 * 60, max: 4 * 24 * 60 }).map((m) => m * MINUTE),
      fc.integer({ min: -4 * DAY, max: 4 * DAY })
    )
  )
  .map(([change, delta]) => timestamp(change + delta))

export const defaultWorkHours: WorkHours = { startMinute: 9 * 60, endMinute: 19 * 60 }

/** Mostly 09:00–19:00; also any hours, including overnight ones and the empty start = end. */
export const workHours: fc.Arbitrary<WorkHours> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(defaultWorkHours) },
  {
    weight: 2,
    arbitrary: fc.record({
      startMinute: fc.integer({ min: 0, max: 1440 }),
      endMinute: fc.integer({ min: 0, max: 1440 })
    })
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { startMinute: 600, endMinute: 600 },
      { startMinute: 1440, endMinute: 0 },
      { startMinute: 1440, endMinute: 600 },
      { startMinute: 0, endMinute: 1440 },
      { startMinute: 1200, endMinute: 1440 }
    )
  }
)

/** A policy in one of the acceptance zones; SPEC defaults most of the time. */
export const policy: fc.Arbitrary<NudgePolicy> = fc.record({
  timezone: zone,
  workHours,
  maxNudges: fc.oneof(
    { weight: 3, arbitrary: fc.constant(2) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 4 }) }
  ),
  firstDelayMs: fc.oneof(
    { weight: 3, arbitrary: fc.constant(3 * HOUR) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 30 * HOUR }) }
  ),
  secondLocalMinute: fc.oneof(
    { weight: 3, arbitrary: fc.constant(13 * 60) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 1439 }) }
  ),
  channel
})

/** What happens to a conversation, `dt` ms after the previous event. */
export type NudgeEvent =
  | { readonly _tag: "BotMessage"; readonly dt: number }
  | { readonly _tag: "CustomerMessage"; readonly dt: number; readonly optOut: boolean }
  | { readonly _tag: "NudgeSent"; readonly dt: number }
  | { readonly _tag: "Stop"; readonly dt: number; readonly reason: NudgeStop }
  | { readonly _tag: "Handback"; readonly dt: number }

const dt = fc.oneof(fc.integer({ min: 0, max: 6 * HOUR }), fc.integer({ min: 0, max: 40 * HOUR }))
export const stopReason: fc.Arbitrary<NudgeStop> = fc.constantFrom("handoff", "opt_out", "order_finished")

export const nudgeEvent: fc.Arbitrary<NudgeEvent> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ _tag: fc.constant("BotMessage" as const), dt }) },
  {
    weight: 3,
    arbitrary: fc.record({
      _tag: fc.constant("CustomerMessage" as const),
      dt,
      optOut: fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) })
    })
  },
  { weight: 2, arbitrary: fc.record({ _tag: fc.constant("NudgeSent" as const), dt }) },
  { weight: 1, arbitrary: fc.record({ _tag: fc.constant("Stop" as const), dt, reason: stopReason }) },
  { weight: 1, arbitrary: fc.record({ _tag: fc.constant("Handback" as const), dt }) }
)

/** Fold one event into the state through the public updates. */
export const applyEvent = (state: NudgeState, event: NudgeEvent, at: Timestamp): NudgeState => {
  switch (event._tag) {
    case "BotMessage":
      return Updates.onBotMessage(state, at)
    case "CustomerMessage":
      return Updates.onCustomerMessage(state, at, { optOut: event.optOut })
    case "NudgeSent":
      return Updates.onNudgeSent(state, at)
    case "Stop":
      return Updates.onStop(state, event.reason)
    case "Handback":
      return Updates.onHandback(state)
  }
}

/** A conversation's history starting near a DST change. */
export interface NudgeHistory {
  readonly start: Timestamp
  readonly events: ReadonlyArray<NudgeEvent>
}

export const nudgeHistory: fc.Arbitrary<NudgeHistory> = fc.record({
  start: aroundDst,
  events: fc.array(nudgeEvent, { maxLength: 12 })
})

/** Replay a history: the final state and the time of its last event. */
export const replay = (history: NudgeHistory): { readonly state: NudgeState; readonly at: Timestamp } => {
  let state = initialNudgeState
  let at = history.start
  for (const event of history.events) {
    at = timestamp(at + event.dt)
    state = applyEvent(state, event, at)
  }
  return { state, at }
}

/**
 * A reachable state, a policy, and a `now` up to two days after the last event. Half the time the
 * customer wrote and the bot answered last, so a nudge is in play.
 */
export const scenario = fc
  .tuple(nudgeHistory, policy, fc.integer({ min: 0, max: 2 * DAY }), fc.boolean(), fc.integer({ min: 0, max: HOUR }))
  .map(([history, policy, wait, exchange, gap]) => {
    const replayed = replay(history)
    let { state, at } = replayed
    if (exchange) {
      state = Updates.onBotMessage(Updates.onCustomerMessage(state, at), timestamp(at + gap))
      at = timestamp(at + gap)
    }
    return { history, state, policy, now: timestamp(at + wait) }
  })
