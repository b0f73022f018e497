import { Cause, Effect, Exit, Option, Predicate, type Runtime, Schema } from "effect"
import { firstLine } from "./Read.ts"

/** Something outside the configuration stopped the start: a port taken, Redis unreachable, a data dir unusable. */
export class StartFailed extends Schema.TaggedError<StartFailed>()("StartFailed", { message: Schema.String }) {}

/** Any failure at start as a `StartFailed` with its first line. */
export const startFailed = (error: unknown): StartFailed =>
  new StartFailed({ message: firstLine(error instanceof Error ? error.message : String(error)) })

/**
 * What a process that could not start (or stopped on a failure) prints: a `ConfigInvalid`'s own
 * line, `Cannot start: …` for another expected failure (a port taken, Redis unreachable, the
 * database not migrated), the whole cause for anything else (a bug: its stack trace is the report).
 */
export const failureReport = (cause: Cause.Cause<unknown>): string => {
  const error = Cause.findErrorOption(cause)
  // A tagged error is one we expect (even when a layer turned it into a defect): its message says it all.
  const known = Option.isSome(error) ? error.value : Cause.squash(cause)
  if (!Predicate.hasProperty(known, "_tag") || !Predicate.hasProperty(known, "message")) return Cause.pretty(cause)
  const line = firstLine(String(known.message))
  return known._tag === "ConfigInvalid" ? line : `Cannot start: ${line}`
}

/**
 * How every chatshop process ends under `NodeRuntime.runMain`: SIGINT/SIGTERM interrupt the main
 * fiber, the scopes close (stop taking work, finish jobs and requests in flight, close pools), and
 * that stop is a clean exit 0 (runMain's default says 130, which process managers and `pnpm` read
 * as a crash). A failure prints `failureReport` on stderr and exits 1.
 */
export const teardown: Runtime.Teardown = (exit, onExit) => {
  if (Exit.isSuccess(exit) || Cause.hasInterruptsOnly(exit.cause)) return onExit(0)
  process.stderr.write(`${failureReport(exit.cause)}\n`)
  onExit(1)
}

/** `NodeRuntime.runMain(program, runMainOptions)`: `teardown` reports failures, so runMain's own report is off. */
export const runMainOptions = { disableErrorReporting: true, teardown } as const

/**
 * While in scope: the first SIGINT/SIGTERM says the process is stopping (finishing work in flight
 * can take seconds); a second one ends it at once with 130. runMain turns the first into interruption.
 */
export const stopSignals = (say: (line: string) => void) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      let stopping = false
      const listener = (signal: NodeJS.Signals) => {
        if (stopping) process.exit(130)
        stopping = true
        say(`${signal}: stopping (finishing work in flight; a second ${signal} stops at once) …`)
      }
      process.on("SIGINT", listener)
      process.on("SIGTERM", listener)
      return listener
    }),
    (listener) =>
      Effect.sync(() => {
        process.off("SIGINT", listener)
        process.off("SIGTERM", listener)
      })
  )
