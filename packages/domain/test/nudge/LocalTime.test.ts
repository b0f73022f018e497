import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import { DAY, HOUR, MINUTE, Nudge } from "@chatshop/domain"
import { NudgeArb, property } from "@chatshop/domain/testing"
import { firstInHoursBrute, offset, wall } from "./oracle.ts"

const { LocalTime } = Nudge
const zoneOf = (name: string) => LocalTime.zone(name) as Nudge.LocalTime.Zone
const allZones = [...NudgeArb.zones, ...NudgeArb.oddZones, "UTC"]
const anyZone = fc.constantFrom(...allZones)
/** Lord Howe springs forward half an hour at 02:00 local = 15:30 UTC: a change inside a UTC hour. */
const lordHoweSpring = [Date.UTC(2026, 9, 3, 15, 30), Date.UTC(2027, 9, 2, 15, 30)]
const nearLordHowe = fc
  .tuple(fc.constantFrom(...lordHoweSpring), fc.integer({ min: -2 * DAY, max: 2 * DAY }))
  .map(([c, d]) => c + d)
/** From 2025 to 2028, or close to a DST change. */
const instant = fc.oneof(
  NudgeArb.aroundDst,
  nearLordHowe,
  fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) })
)
const utc = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h, mi)
/** Wall time written as local ms. */
const local = utc

describe("local time in a shop's zone (SPEC §3.5)", () => {
  property(
    "nudge-tz-offset: the cached offset equals what Intl says, in every zone, at any instant",
    [anyZone, instant],
    (name, at) => {
      assert.strictEqual(LocalTime.offsetAt(zoneOf(name), at), offset(name, at))
    },
    1000
  )

  property(
    "nudge-tz-instant: a wall time maps to its earliest instant, or to the first instant after a gap",
    [anyZone, instant],
    (name, near) => {
      const z = zoneOf(name)
      const wanted = Math.floor(near / MINUTE) * MINUTE
      const at = LocalTime.instantOf(z, wanted)
      const shown = at + offset(name, at)
      const candidates = [offset(name, wanted - DAY), offset(name, wanted + DAY)].map((o) => wanted - o)
      const exists = candidates.filter((u) => u + offset(name, u) === wanted)
      if (exists.length > 0) {
        assert.strictEqual(shown, wanted)
        assert.strictEqual(at, Math.min(...exists))
      } else {
        // Sprang over: the instant is the change itself — after it the clock shows later, before it earlier.
        assert.isTrue(shown > wanted)
        assert.isTrue(at - 1000 + offset(name, at - 1000) < wanted)
      }
    },
    1000
  )

  property(
    "nudge-tz-first-in-hours: the first instant inside work hours, found minute by minute, across DST",
    [anyZone, NudgeArb.workHours, instant],
    (name, hours, from) => {
      assert.strictEqual(LocalTime.firstInHours(zoneOf(name), hours, from), firstInHoursBrute(name, hours, from))
    },
    150
  )

  it("nudge-tz-known-offsets: Berlin CET/CEST, New York EST/EDT, Almaty +05 at the 2026 changes", () => {
    const berlin = zoneOf("Europe/Berlin")
    const ny = zoneOf("America/New_York")
    assert.strictEqual(LocalTime.offsetAt(berlin, utc(2026, 3, 29, 1) - 1), HOUR)
    assert.strictEqual(LocalTime.offsetAt(berlin, utc(2026, 3, 29, 1)), 2 * HOUR)
    assert.strictEqual(LocalTime.offsetAt(berlin, utc(2026, 10, 25, 1) - 1), 2 * HOUR)
    assert.strictEqual(LocalTime.offsetAt(berlin, utc(2026, 10, 25, 1)), HOUR)
    assert.strictEqual(LocalTime.offsetAt(ny, utc(2026, 3, 8, 7) - 1), -5 * HOUR)
    assert.strictEqual(LocalTime.offsetAt(ny, utc(2026, 3, 8, 7)), -4 * HOUR)
    assert.strictEqual(LocalTime.offsetAt(zoneOf("Asia/Almaty"), utc(2026, 7, 1)), 5 * HOUR)
    // The last second of the hour that starts with a change is on the new offset too.
    assert.strictEqual(LocalTime.offsetAt(berlin, utc(2026, 3, 29, 2) - 1), 2 * HOUR)
    assert.strictEqual(LocalTime.offsetAt(ny, utc(2026, 11, 1, 7) - 1), -5 * HOUR)
    const lordHowe = zoneOf("Australia/Lord_Howe")
    const fallBack = utc(2026, 4, 4, 15) // 02:00 LHDT (+11) → 01:30 LHST (+10:30)
    assert.strictEqual(LocalTime.offsetAt(lordHowe, fallBack - 1), 11 * HOUR)
    assert.strictEqual(LocalTime.offsetAt(lordHowe, fallBack), 10.5 * HOUR)
  })

  it("nudge-tz-change-inside-an-hour: Lord Howe's 15:30 UTC spring change is found to the second", () => {
    const lordHowe = zoneOf("Australia/Lord_Howe")
    const change = utc(2026, 10, 3, 15, 30) // Sunday 4 October 02:00 LHST (+10:30) → 02:30 LHDT (+11)
    assert.strictEqual(LocalTime.offsetAt(lordHowe, change - 1), 10.5 * HOUR)
    assert.strictEqual(LocalTime.offsetAt(lordHowe, change), 11 * HOUR)
    assert.strictEqual(LocalTime.offsetAt(lordHowe, change - HOUR / 2), 10.5 * HOUR)
    assert.strictEqual(LocalTime.offsetAt(lordHowe, change + HOUR / 2 - 1), 11 * HOUR)
    // The hour is cached as holding a change, the hours around it by their offset.
    const hour = Math.floor(change / HOUR)
    assert.isTrue(Number.isNaN(lordHowe.hours.get(hour)))
    assert.deepStrictEqual(lordHowe.changes.get(hour), { before: 10.5 * HOUR, at: change, after: 11 * HOUR })
    assert.strictEqual(LocalTime.offsetAt(lordHowe, (hour + 1) * HOUR), 11 * HOUR)
    assert.strictEqual(lordHowe.hours.get(hour + 1), 11 * HOUR)
    // 02:10 does not exist that night: it maps to the change; hours from 02:15 open at the change.
    assert.strictEqual(LocalTime.instantOf(lordHowe, local(2026, 10, 4, 2, 10)), change)
    assert.strictEqual(LocalTime.instantOf(lordHowe, local(2026, 10, 4, 2, 30)), change)
    assert.strictEqual(LocalTime.instantOf(lordHowe, local(2026, 10, 4, 1, 59)), change - MINUTE)
    const hours = { startMinute: 135, endMinute: 18 * 60 }
    assert.strictEqual(LocalTime.firstInHours(lordHowe, hours, change - 2 * HOUR), change)
    assert.strictEqual(LocalTime.changeAfter(lordHowe, change - 2 * HOUR, change + HOUR), change)
    assert.strictEqual(LocalTime.changeAfter(lordHowe, change, change + HOUR), change + HOUR)
  })

  it("nudge-tz-cache: one zone object per name, reused across calls, with its offsets cached per hour", () => {
    const berlin = zoneOf("Europe/Berlin")
    zoneOf("Asia/Almaty")
    assert.strictEqual(zoneOf("Europe/Berlin"), berlin)
    const at = utc(2031, 7, 14, 9, 41)
    assert.strictEqual(LocalTime.offsetAt(berlin, at), 2 * HOUR)
    assert.strictEqual(berlin.hours.get(Math.floor(at / HOUR)), 2 * HOUR)
    assert.strictEqual(LocalTime.localMs(berlin, at), at + 2 * HOUR)
    assert.strictEqual(LocalTime.localDayStart(berlin, at), utc(2031, 7, 14))
    assert.strictEqual(LocalTime.localDayStart(berlin, utc(2031, 7, 13, 22)), utc(2031, 7, 14))
  })

  it("nudge-tz-gap-overlap: Berlin 02:30 on spring day is 03:00 CEST; New York 01:30 on fall day is the EDT one", () => {
    assert.strictEqual(LocalTime.instantOf(zoneOf("Europe/Berlin"), local(2026, 3, 29, 2, 30)), utc(2026, 3, 29, 1))
    assert.strictEqual(
      LocalTime.instantOf(zoneOf("America/New_York"), local(2026, 11, 1, 1, 30)),
      utc(2026, 11, 1, 5, 30)
    )
    assert.strictEqual(LocalTime.instantOf(zoneOf("America/New_York"), local(2026, 3, 8, 2, 15)), utc(2026, 3, 8, 7))
    assert.strictEqual(
      LocalTime.instantOf(zoneOf("Europe/Berlin"), local(2026, 10, 25, 2, 30)),
      utc(2026, 10, 25, 0, 30)
    )
    assert.strictEqual(LocalTime.instantOf(zoneOf("Europe/Berlin"), local(2026, 6, 1, 9)), utc(2026, 6, 1, 7))
  })

  it("nudge-tz-hours-edges: [start, end) — the end minute is closed; start > end spans midnight; start = end never", () => {
    const berlin = zoneOf("Europe/Berlin")
    const hours = { startMinute: 9 * 60, endMinute: 19 * 60 }
    assert.isTrue(LocalTime.inWorkHours(berlin, hours, utc(2026, 6, 1, 7)))
    assert.isFalse(LocalTime.inWorkHours(berlin, hours, utc(2026, 6, 1, 7) - 1))
    assert.isTrue(LocalTime.inWorkHours(berlin, hours, utc(2026, 6, 1, 17) - 1))
    assert.isFalse(LocalTime.inWorkHours(berlin, hours, utc(2026, 6, 1, 17)))
    const night = { startMinute: 22 * 60, endMinute: 2 * 60 }
    assert.isTrue(LocalTime.inWorkHours(berlin, night, utc(2026, 6, 1, 20)))
    assert.isTrue(LocalTime.inWorkHours(berlin, night, utc(2026, 6, 1, 23, 59)))
    assert.isFalse(LocalTime.inWorkHours(berlin, night, utc(2026, 6, 2, 0)))
    assert.isFalse(LocalTime.inWorkHours(berlin, night, utc(2026, 6, 1, 19, 59)))
    assert.isFalse(LocalTime.inWorkHours(berlin, { startMinute: 600, endMinute: 600 }, utc(2026, 6, 1, 8)))
    assert.isUndefined(LocalTime.firstInHours(berlin, { startMinute: 600, endMinute: 600 }, utc(2026, 6, 1)))
    assert.isTrue(LocalTime.inWorkHours(berlin, { startMinute: 0, endMinute: 1440 }, utc(2026, 6, 1, 22)))
  })

  it("nudge-tz-hours-24: a 24:00 start opens at midnight; 24:00–00:00 and start = end never open", () => {
    const almaty = zoneOf("Asia/Almaty")
    const from = utc(2026, 6, 1, 10) // 15:00 +05
    assert.strictEqual(LocalTime.firstInHours(almaty, { startMinute: 1440, endMinute: 600 }, from), utc(2026, 6, 1, 19))
    assert.isTrue(LocalTime.inWorkHours(almaty, { startMinute: 1440, endMinute: 600 }, utc(2026, 6, 1, 19)))
    for (const hours of [
      { startMinute: 1440, endMinute: 0 },
      { startMinute: 1440, endMinute: 1440 },
      { startMinute: 0, endMinute: 0 },
      { startMinute: 700, endMinute: 700 }
    ]) {
      assert.isTrue(LocalTime.neverOpen(hours))
      assert.isUndefined(LocalTime.firstInHours(almaty, hours, from))
    }
    assert.isFalse(LocalTime.neverOpen({ startMinute: 0, endMinute: 1440 }))
    assert.isFalse(LocalTime.neverOpen({ startMinute: 1440, endMinute: 1 }))
    assert.strictEqual(LocalTime.firstInHours(almaty, { startMinute: 0, endMinute: 1440 }, from), from)
  })

  it("nudge-tz-opening-in-gap: hours from 02:30 open at 03:00 CEST on the spring day; 02:10–02:50 skip the day", () => {
    const berlin = zoneOf("Europe/Berlin")
    const from = utc(2026, 3, 29, 0, 50)
    assert.strictEqual(
      LocalTime.firstInHours(berlin, { startMinute: 150, endMinute: 19 * 60 }, from),
      utc(2026, 3, 29, 1)
    )
    assert.strictEqual(
      LocalTime.firstInHours(berlin, { startMinute: 130, endMinute: 170 }, from),
      utc(2026, 3, 30, 0, 10)
    )
  })

  it("nudge-tz-opening-in-overlap: New York hours from 01:30 on the fall day open at the first 01:30 after `from`", () => {
    const ny = zoneOf("America/New_York")
    const hours = { startMinute: 90, endMinute: 19 * 60 }
    assert.strictEqual(LocalTime.firstInHours(ny, hours, utc(2026, 11, 1, 5, 10)), utc(2026, 11, 1, 5, 30))
    // 01:10 EST, after the fall back: the EDT 01:30 is past, the EST one is next.
    assert.strictEqual(LocalTime.firstInHours(ny, hours, utc(2026, 11, 1, 6, 10)), utc(2026, 11, 1, 6, 30))
  })

  it("nudge-tz-unknown: an unknown zone is no zone", () => {
    assert.isUndefined(LocalTime.zone("Mars/Olympus_Mons"))
    assert.isFalse(LocalTime.isValidTimeZone("Mars/Olympus_Mons"))
    assert.isTrue(LocalTime.isValidTimeZone("Asia/Almaty"))
    assert.strictEqual(wall("Asia/Almaty", utc(2026, 1, 1)).minute, 5 * 60)
  })
})
