import { DAY, type TenantId } from "@chatshop/domain"
import { Context, Effect, Layer } from "effect"
import { Db, run } from "../Db.ts"
import { tenantRun } from "../Tenancy.ts"

/** SPEC §9.2: dedupe records live at least this long, whatever the queue keeps. */
export const minimumRetentionMs = 7 * DAY

/**
 * Durable webhook dedupe (SPEC §9.2): the first delivery of a platform message id for a channel
 * account is remembered in PostgreSQL, so a retry days later is still recognised, independent of
 * the queue's job retention. Not a domain port yet; the webhook server can use it directly.
 */
export class InboundDedupe extends Context.Service<
  InboundDedupe,
  {
    /** True the first time this (tenant, account, platform message id) is seen, false on every repeat. */
    readonly remember: (
      tenantId: TenantId,
      channelAccountId: string,
      platformMessageId: string,
      at: number
    ) => Effect.Effect<boolean>
    /** Forget records older than `retentionMs` (never less than 7 days) before `now`; how many went. */
    readonly purge: (now: number, retentionMs?: number) => Effect.Effect<number>
  }
>()("@chatshop/adapters/postgres/InboundDedupe") {}

export const make = Effect.gen(function* () {
  const { kysely } = yield* Db
  return InboundDedupe.of({
    // One INSERT … ON CONFLICT DO NOTHING: concurrent deliveries of one message get exactly one `true`.
    remember: (tenantId, channelAccountId, platformMessageId, at) =>
      tenantRun(kysely, tenantId, (db) =>
        db
          .insertInto("inbound_dedupe")
          .values({
            tenant_id: tenantId,
            channel_account_id: channelAccountId,
            platform_message_id: platformMessageId,
            created_at: at
          })
          .onConflict((oc) => oc.columns(["tenant_id", "channel_account_id", "platform_message_id"]).doNothing())
          .returning("created_at")
          .executeTakeFirst()
      ).pipe(
        Effect.map((row) => row !== undefined),
        Effect.orDie
      ),
    // Housekeeping across tenants by design; the age index keeps it cheap.
    purge: (now, retentionMs = minimumRetentionMs) =>
      run(() =>
        kysely
          .deleteFrom("inbound_dedupe")
          .where("created_at", "<", now - Math.max(retentionMs, minimumRetentionMs))
          .executeTakeFirst()
      ).pipe(
        Effect.map((result) => Number(result.numDeletedRows)),
        Effect.orDie
      )
  })
})

export const layer = Layer.effect(InboundDedupe, make)
