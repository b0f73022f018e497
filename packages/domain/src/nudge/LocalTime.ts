import type { WorkHours } from "../shared/ShopSettings.ts"
import { DAY, HOUR, MINUTE } from "../shared/Ids.ts"

/**
 * Pure wall-clock arithmetic in an IANA time zone, without the clock and without Effect.
 * `Intl.DateTimeFormat` costs a couple of µs per call, so the UTC offset is cached per zone per
 * UTC hour: the B4 budget (1 M `nextNudge` in ≤ 1 s) leaves well under 1 µs per lookup.
 * Offsets are "local − UTC" in ms. Assumes at most one offset change per hour and never two
 * changes within two days — true of every zone in the tz database. Instants from year 1000 on.
 */
export interface Zone {
  readonly name: string
  readonly format: Intl.DateTimeFormat
  /** Offset at the start of each UTC hour (key = hour index); NaN marks an hour holding a change. */
  readonly hours: Map<number, number>
  readonly changes: Map<number, Change>
}

interface Change {
  readonly before: number
  /** First instant (ms, whole second) on the new offset. */
  readonly at: number
  readonly after: number
}

/** Cached hours per zone before the cache starts over (about 57 years of hours). */
const maxCachedHours = 500_000

const zones = new Map<string, Zone | null>()
let lastName: string | undefined
let lastZone: Zone | null = null

const makeZone = (name: string): Zone | null => {
  try {
    const format = new Intl.DateTimeFormat("en-US", {
      timeZone: name,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric"
    })
    return { name, format, hours: new Map(), changes: new Map() }
  } catch {
    return null // RangeError: not a time zone this runtime knows
  }
}

/** The zone, or undefined when the runtime does not know the name. Cached; the last one is memoised. */
export const zone = (name: string): Zone | undefined => {
  if (name !== lastName) {
    let z = zones.get(name)
    if (z === undefined) {
      z = makeZone(name)
      zones.set(name, z)
    }
    lastName = name
    lastZone = z
  }
  return lastZone ?? undefined
}

export const isValidTimeZone = (name: string): boolean => zone(name) !== undefined

/** Uncached: read the wall clock of `at` (rounded down to the second) and compare with UTC. */
const rawOffset = (z: Zone, at: number): number => {
  const second = Math.floor(at / 1000) * 1000
  let year = 0
  let month = 0
  let day = 0
  let hour = 0
  let minute = 0
  let sec = 0
  for (const part of z.format.formatToParts(second)) {
    const n = Number(part.value)
    if (part.type === "year") year = n
    else if (part.type === "month") month = n
    else if (part.type === "day") day = n
    else if (part.type === "hour") hour = n % 24
    else if (part.type === "minute") minute = n
    else if (part.type === "second") sec = n
  }
  return Date.UTC(year, month - 1, day, hour, minute, sec) - second
}

const fillHour = (z: Zone, hour: number): number => {
  if (z.hours.size >= maxCachedHours) {
    z.hours.clear()
    z.changes.clear()
  }
  const start = hour * HOUR
  const before = rawOffset(z, start)
  const after = rawOffset(z, start + HOUR - 1000)
  if (before === after) {
    z.hours.set(hour, before)
    return before
  }
  // Binary search, to the second, for the first instant on the new offset.
  let lo = start
  let hi = start + HOUR - 1000
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000
    if (rawOffset(z, mid) === before) lo = mid
    else hi = mid
  }
  z.changes.set(hour, { before, at: hi, after })
  z.hours.set(hour, Number.NaN)
  return Number.NaN
}

/** UTC offset (local − UTC, ms) in force at `at`. */
export const offsetAt = (z: Zone, at: number): number => {
  const hour = Math.floor(at / HOUR)
  let offset = z.hours.get(hour)
  if (offset === undefined) offset = fillHour(z, hour)
  if (!Number.isNaN(offset)) return offset
  const change = z.changes.get(hour) as Change
  return at < change.at ? change.before : change.after
}

/** The wall clock of `at` as "local ms": epoch ms of the same wall time read as UTC. */
export const localMs = (z: Zone, at: number): number => at + offsetAt(z, at)

/** Milliseconds since local midnight. */
export const msOfDay = (local: number): number => ((local % DAY) + DAY) % DAY

/** Local midnight of the day holding `at`, as local ms. */
export const localDayStart = (z: Zone, at: number): number => {
  const local = localMs(z, at)
  return local - msOfDay(local)
}

/** First instant in (from, to] whose offset differs from the one at `from`; `to` if none is found. */
export const changeAfter = (z: Zone, from: number, to: number): number => {
  const offset = offsetAt(z, from)
  for (let hour = Math.floor(from / HOUR); hour * HOUR <= to; hour++) {
    const start = hour * HOUR
    if (start > from && offsetAt(z, start) !== offset) return start
    const change = z.changes.get(hour)
    if (change !== undefined && change.at > from && change.at <= to) return change.at
  }
  return to
}

/**
 * The instant a wall time (local ms) names: the earliest one when the clock fell back and it
 * happened twice, the first valid instant after it (the change itself) when the clock sprang over it.
 */
export const instantOf = (z: Zone, local: number): number => {
  const before = offsetAt(z, local - DAY)
  const after = offsetAt(z, local + DAY)
  if (before === after) return local - before
  // On the old offset first: when the clock fell back (before > after) that is the earlier instant.
  const first = local - before
  if (offsetAt(z, first) === before) return first
  const second = local - after
  if (offsetAt(z, second) === after) return second
  // Sprang over (after > before, so second < first): the change lies in (second, first].
  return changeAfter(z, second, first)
}

/** Whether a time of day (ms since local midnight) is inside [start, end); start > end spans midnight. */
export const insideHours = (hours: WorkHours, ofDay: number): boolean => {
  const open = hours.startMinute * MINUTE
  const close = hours.endMinute * MINUTE
  if (open < close) return ofDay >= open && ofDay < close
  return open > close && (ofDay >= open || ofDay < close)
}

/** No minute of the day is inside: start = end, or the degenerate 24:00–00:00. */
export const neverOpen = (hours: WorkHours): boolean =>
  hours.startMinute % 1440 === hours.endMinute % 1440 && !(hours.startMinute === 0 && hours.endMinute === 1440)

export const inWorkHours = (z: Zone, hours: WorkHours, at: number): boolean =>
  insideHours(hours, msOfDay(localMs(z, at)))

/**
 * The first instant ≥ `from` whose local time is inside the work hours, or undefined when the
 * shop never opens. Walks offset segment by segment, so DST changes can't fool it.
 */
export const firstInHours = (z: Zone, hours: WorkHours, from: number): number | undefined => {
  if (neverOpen(hours)) return undefined
  // A 24:00 start opens at midnight.
  const open = (hours.startMinute % 1440) * MINUTE
  let at = from
  // Each round returns or moves to the next offset change; a few days hold at most one or two.
  for (let round = 0; round < 8; round++) {
    const offset = offsetAt(z, at)
    const local = at + offset
    const ofDay = msOfDay(local)
    if (insideHours(hours, ofDay)) return at
    const opening = local - ofDay + (ofDay < open ? open : DAY + open) - offset
    if (offsetAt(z, opening) === offset) return opening
    at = changeAfter(z, at, opening)
  }
  return undefined
}
