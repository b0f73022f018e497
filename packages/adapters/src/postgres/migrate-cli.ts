// `pnpm db:migrate`: bring the database named by DATABASE_URL to the latest schema. Running it
// again is a no-op. Every failure is one line on stderr and exit code 1, never a stack trace.
import { Cause, Effect, Exit, Layer } from "effect"
import { layerDb } from "./Connection.ts"
import { Db } from "./Db.ts"
import { migrate } from "./Migrate.ts"

const fail = (line: string): never => {
  console.error(`db:migrate: ${line}`)
  process.exit(1)
}

const raw = process.env.DATABASE_URL?.trim()
if (raw === undefined || raw === "") fail("DATABASE_URL is not set (e.g. postgres://user:password@host:5432/chatshop)")
let target: URL
try {
  target = new URL(raw!)
} catch {
  target = fail("DATABASE_URL is not a URL (expected postgres://user:password@host:5432/database)")
}
if (target.protocol !== "postgres:" && target.protocol !== "postgresql:") {
  fail(`DATABASE_URL must start with postgres:// (got ${target.protocol}//)`)
}
// Never echo the password: name the server and database only.
const where = `${target.hostname}:${target.port || "5432"}${target.pathname}`

const program = Effect.gen(function* () {
  const { kysely } = yield* Db
  return yield* migrate(kysely)
}).pipe(Effect.provide(Layer.fresh(layerDb({ url: raw!, poolSize: 1, applicationName: "chatshop-migrate" }))))

const exit = await Effect.runPromiseExit(program)
if (Exit.isSuccess(exit)) {
  const { applied } = exit.value
  console.log(
    applied.length === 0
      ? `db:migrate: ${where} is up to date`
      : `db:migrate: ${where}: applied ${applied.length} migration(s): ${applied.join(", ")}`
  )
} else {
  const error = Cause.squash(exit.cause)
  const tag = typeof error === "object" && error !== null && "_tag" in error ? error._tag : undefined
  const message = error instanceof Error ? error.message : String(error)
  if (tag === "MigrationError" && "migration" in (error as object)) {
    fail(`migration ${(error as { migration: string }).migration} failed on ${where}: ${message}`)
  }
  fail(`${tag === "SqlError" ? "cannot use the database" : "failed"} at ${where}: ${message}`)
}
