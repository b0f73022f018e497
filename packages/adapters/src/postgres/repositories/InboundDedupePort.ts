import { DedupeUnavailable, dedupeTtl, InboundDedupe, minimumDedupeTtlMs } from "@chatshop/domain"
import { Clock, Effect, Layer } from "effect"
import { type Kysely, sql } from "kysely"
import type { Database } from "../Database.ts"
import { Db, run, type SqlError } from "../Db.ts"

/** `inbound_dedupe` with the column migration 0007 adds. */
const withExpiry = (db: Kysely<Database>) => db.withTables<{ inbound_dedupe: { expires_at: number | null } }>()

/**
 * The domain's InboundDedupe port (SPEC §9.2) on the `inbound_dedupe` table. Its keys
 * (`Inbound.dedupeKey`) already name channel and account and are checked before the tenant is
 * known, so records are platform-wide: tenant '' and account '' (as `lock_fences` does), run as the
 * table owner. Each record lives until `expires_at` = claim time + ttl (never under 7 days).
 * `created_at` is written as `expires_at` − 7 days, so the table's housekeeping
 * (`InboundDedupe.purge(now)`, which forgets rows older than 7 days) removes exactly the expired ones.
 */
export const make = Effect.gen(function* () {
  const { kysely } = yield* Db
  const db = withExpiry(kysely)
  const unavailable = (e: SqlError) => new DedupeUnavailable({ message: `dedupe store: ${e.message}` })

  return InboundDedupe.of({
    // One statement: concurrent claims of a key serialise on its primary key and exactly one gets a row
    // back. An expired record is taken over (the conditional DO UPDATE), a live one is left alone.
    claim: (key, ttlMs) =>
      Effect.flatMap(Clock.currentTimeMillis, (at) =>
        run(() =>
          db
            .insertInto("inbound_dedupe")
            .values({
              tenant_id: "",
              channel_account_id: "",
              platform_message_id: key,
              created_at: at + dedupeTtl(ttlMs) - minimumDedupeTtlMs,
              expires_at: at + dedupeTtl(ttlMs)
            })
            .onConflict((oc) =>
              oc
                .columns(["tenant_id", "channel_account_id", "platform_message_id"])
                .doUpdateSet({
                  created_at: (eb) => eb.ref("excluded.created_at"),
                  expires_at: (eb) => eb.ref("excluded.expires_at")
                })
                .where(sql<boolean>`inbound_dedupe.expires_at <= ${at}`)
            )
            .returning("created_at")
            .executeTakeFirst()
        )
      ).pipe(
        Effect.map((row) => (row === undefined ? "seen" : "new")),
        Effect.mapError(unavailable)
      ),
    seen: (key) =>
      Effect.flatMap(Clock.currentTimeMillis, (at) =>
        run(() =>
          db
            .selectFrom("inbound_dedupe")
            .select("created_at")
            .where("tenant_id", "=", "")
            .where("channel_account_id", "=", "")
            .where("platform_message_id", "=", key)
            .where("expires_at", ">", at)
            .executeTakeFirst()
        )
      ).pipe(
        Effect.map((row) => row !== undefined),
        Effect.mapError(unavailable)
      )
  })
})

/** The SQL InboundDedupe port; needs `Db`. */
export const layer = Layer.effect(InboundDedupe, make)
