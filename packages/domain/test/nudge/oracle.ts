// An independent reading of wall clocks for the tests: plain Intl, no cache, no offset arithmetic.
import { MINUTE } from "@chatshop/domain"

const formats = new Map<string, Intl.DateTimeFormat>()
const format = (zone: string): Intl.DateTimeFormat => {
  let f = formats.get(zone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit"
    })
    formats.set(zone, f)
  }
  return f
}

export interface Wall {
  /** "YYYY-MM-DD" */
  readonly date: string
  /** minutes after local midnight */
  readonly minute: number
  readonly second: number
}

export const wall = (zone: string, at: number): Wall => {
  const parts: Record<string, string> = {}
  for (const p of format(zone).formatToParts(at)) parts[p.type] = p.value
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minute: (Number(parts.hour) % 24) * 60 + Number(parts.minute),
    second: Number(parts.second)
  }
}

/** "local − UTC" in ms, to the second. */
export const offset = (zone: string, at: number): number => {
  const second = Math.floor(at / 1000) * 1000
  const w = wall(zone, second)
  const [y, m, d] = w.date.split("-").map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d, 0, w.minute, w.second) - second
}

export const inHours = (hours: { startMinute: number; endMinute: number }, minute: number): boolean =>
  hours.startMinute < hours.endMinute
    ? minute >= hours.startMinute && minute < hours.endMinute
    : hours.startMinute > hours.endMinute
      ? minute >= hours.startMinute || minute < hours.endMinute
      : false

/** The calendar day after "YYYY-MM-DD". */
export const nextDate = (date: string): string => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)
}

/**
 * The first instant ≥ from inside the hours, by brute force: `from` itself, else the first whole
 * minute after it whose wall clock is inside (openings fall on whole minutes in every zone tested).
 */
export const firstInHoursBrute = (
  zone: string,
  hours: { startMinute: number; endMinute: number },
  from: number,
  limitDays = 3
): number | undefined => {
  if (inHours(hours, wall(zone, from).minute)) return from
  const first = Math.ceil((from + 1) / MINUTE) * MINUTE
  for (let t = first; t < from + limitDays * 1440 * MINUTE; t += MINUTE) {
    if (inHours(hours, wall(zone, t).minute)) return t
  }
  return undefined
}
