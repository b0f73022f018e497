import { PGlite } from "@electric-sql/pglite"
import { migrations } from "@chatshop/adapters/postgres"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Kysely, PGliteDialect, sql } from "kysely"
import { Migrator } from "kysely/migration"

const before = "2026_12_04_0008_worker_turns"

/** Rows as senders and writers before migration 0009 left them. */
const legacyRows = sql`insert into outbox
  (tenant_id, id, channel, recipient, payload, status, attempts, created_at, next_attempt_at, claimed_until, error)
  values
  ('t', 'retrying', 'whatsapp', 'a', ${JSON.stringify({ kind: "reply" })}, 'pending', 2, 0, 0, null,
    'attempt=2 skip=3: 429: slow down'),
  ('t', 'in-flight', 'whatsapp', 'b', ${JSON.stringify({ kind: "reply" })}, 'sending', 3, 0, 0, 99,
    'attempt=2 skip=1: 503: busy'),
  ('t', 'dead-sender', 'whatsapp', 'c', ${JSON.stringify({ kind: "reply" })}, 'sending', 2, 0, 0, 99, null),
  ('t', 'sent', 'whatsapp', 'd', ${JSON.stringify({ kind: "manager", accountId: "acc" })}, 'sent', 4, 0, 0, null,
    'attempt=3 skip=0: timeout'),
  ('t', 'human', 'whatsapp', 'e',
    ${JSON.stringify({ channelAccountId: "acc", sender: "human", conversationId: "c", messageId: "m" })},
    'pending', 0, 0, 0, null, null)`

describe("migration 0009: the outbox's retry state in columns", () => {
  it.effect("carries the senders' attempt markers and older payload shapes over, and back on down", () =>
    Effect.gen(function* () {
      const db = yield* Effect.acquireRelease(
        Effect.sync(() => new Kysely<unknown>({ dialect: new PGliteDialect({ pglite: new PGlite() }) })),
        (db) => Effect.promise(() => db.destroy())
      )
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
      const step = (run: () => Promise<{ error?: unknown }>) =>
        Effect.promise(run).pipe(Effect.tap((r) => Effect.sync(() => assert.isUndefined(r.error))))
      yield* step(() => migrator.migrateTo(before))
      yield* Effect.promise(() => legacyRows.execute(db))

      yield* step(() => migrator.migrateToLatest())
      const rows = yield* Effect.promise(() =>
        sql<{ id: string; settled_attempts: number; delivered_parts: number; error: string | null; payload: unknown }>`
          select id, settled_attempts, delivered_parts, error, payload from outbox order by id`.execute(db)
      )
      const byId = Object.fromEntries(rows.rows.map((r) => [r.id, r]))
      const state = (id: string) => [byId[id]!.settled_attempts, byId[id]!.delivered_parts, byId[id]!.error]
      assert.deepStrictEqual(state("retrying"), [2, 3, "429: slow down"])
      assert.deepStrictEqual(state("in-flight"), [2, 1, "503: busy"], "claimed after a recorded attempt")
      assert.deepStrictEqual(state("dead-sender"), [0, 0, null], "its sender died: attempts - 1 > settled")
      assert.deepStrictEqual(state("sent"), [4, 0, "timeout"])
      assert.deepStrictEqual(byId.sent!.payload, { kind: "notification", accountId: "acc" })
      assert.deepStrictEqual(byId.human!.payload, {
        kind: "human",
        accountId: "acc",
        sender: "human",
        conversationId: "c",
        messageId: "m"
      })

      yield* step(() => migrator.migrateTo(before))
      const back = yield* Effect.promise(() =>
        sql<{ id: string; error: string | null; payload: { kind?: string } }>`
          select id, error, payload from outbox where id in ('retrying', 'sent') order by id`.execute(db)
      )
      assert.deepStrictEqual(
        back.rows.map((r) => [r.id, r.error, r.payload.kind]),
        [
          ["retrying", "attempt=2 skip=3: 429: slow down", "reply"],
          ["sent", "timeout", "manager"]
        ]
      )
    }).pipe(Effect.scoped)
  )
})
