import { readFileSync } from "node:fs"
import type { Inbound } from "@chatshop/domain"
import { assert } from "@effect/vitest"
import { Result } from "effect"

/** Platform JSON, read loosely by assertions (the parsers under test do the careful reading). */
// biome-ignore lint/suspicious/noExplicitAny: tests poke into recorded platform JSON
export type Json = any

/** A payload from test/fixtures/channels (copied verbatim from the sources in SOURCES.md). */
export const fixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`../fixtures/channels/${name}`, import.meta.url), "utf8"))

/** The JSON body of a recorded request. */
export const jsonOf = (request: { readonly json: unknown } | undefined): Json => request?.json

/** The events of a parse that must succeed. */
export const parsed = (
  result: Result.Result<ReadonlyArray<Inbound.InboundEvent>, Inbound.MalformedPayload>
): ReadonlyArray<Inbound.InboundEvent> => {
  if (Result.isFailure(result)) assert.fail(`expected events, got MalformedPayload: ${result.failure.reason}`)
  return result.success
}

/** The only event of a parse that must yield exactly one. */
export const single = (
  result: Result.Result<ReadonlyArray<Inbound.InboundEvent>, Inbound.MalformedPayload>
): Inbound.InboundEvent => {
  const events = parsed(result)
  assert.strictEqual(events.length, 1)
  return events[0] as Inbound.InboundEvent
}

/** The reason of a parse that must fail. */
export const malformed = (
  result: Result.Result<ReadonlyArray<Inbound.InboundEvent>, Inbound.MalformedPayload>
): string => {
  if (Result.isSuccess(result)) return assert.fail(`expected MalformedPayload, got ${result.success.length} events`)
  return result.failure.reason
}

export const receivedAt = 1_767_225_600_000 // 2026-01-01T00:00:00Z, distinct from every fixture's own time
