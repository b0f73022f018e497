import { Db, tenantRun, tenantTransaction } from "@chatshop/adapters/postgres"
import { type ConversationId, Inbound, joinUnits, restoreMap, type TenantId } from "@chatshop/domain"
import { Context, Effect, Layer, Schema, SchemaTransformation } from "effect"

/** Records written before images were stored as they came: a link, or `media:<platform media id>`. */
const ImageAsString = Schema.String.pipe(
  Schema.decodeTo(
    Inbound.InboundImage,
    SchemaTransformation.transform<Inbound.InboundImage, string>({
      decode: (s) => (s.startsWith("media:") ? { mediaId: s.slice("media:".length) } : { url: s }),
      encode: (image) => image.url ?? `media:${image.mediaId ?? ""}`
    })
  )
)

/**
 * The worker's memory per conversation between turns (SPEC §3.7, §3.8): customer messages recorded
 * but not yet answered (the burst being gathered), the platform ids already answered, and the
 * dialog's state. Kept apart from the conversation so the domain's aggregate stays as it is.
 */
export const PendingMessage = Schema.Struct({
  platformMessageId: Schema.String,
  /** Our id for the recorded inbound message; also seeds the ids of the turn's replies. */
  messageId: Schema.String,
  text: Schema.String,
  /** The photos that came with it, as the platform gave them (payment screenshots). */
  images: Schema.Array(Schema.Union([Inbound.InboundImage, ImageAsString])),
  /** Telegram button taps are acknowledged with answerCallbackQuery. */
  callbackId: Schema.optionalKey(Schema.String),
  customerName: Schema.optionalKey(Schema.String),
  at: Schema.Number
})
export type PendingMessage = typeof PendingMessage.Type

export const TurnRecord = Schema.Struct({
  pending: Schema.Array(PendingMessage),
  /** Platform ids already answered (the last HANDLED_WINDOW): a redelivery is not answered again. */
  handled: Schema.Array(Schema.String),
  /** The dialog's state (decoded by the dialog runner), null before the first turn. */
  dialog: Schema.NullOr(Schema.Unknown)
})
export type TurnRecord = typeof TurnRecord.Type

export const HANDLED_WINDOW = 200

export const emptyRecord: TurnRecord = { pending: [], handled: [], dialog: null }

/** Pure updates, shared by both stores. */
export const withPending = (record: TurnRecord, message: PendingMessage): TurnRecord =>
  record.handled.includes(message.platformMessageId) ||
  record.pending.some((p) => p.platformMessageId === message.platformMessageId)
    ? record
    : { ...record, pending: [...record.pending, message] }

export const withTurnDone = (record: TurnRecord, handledIds: ReadonlyArray<string>, dialog: unknown): TurnRecord => ({
  pending: record.pending.filter((p) => !handledIds.includes(p.platformMessageId)),
  handled: [...record.handled, ...handledIds].slice(-HANDLED_WINDOW),
  dialog
})

export class TurnStore extends Context.Service<
  TurnStore,
  {
    readonly get: (tenantId: TenantId, conversationId: ConversationId) => Effect.Effect<TurnRecord>
    /** Atomic read-modify-write of one conversation's record. */
    readonly modify: (
      tenantId: TenantId,
      conversationId: ConversationId,
      f: (record: TurnRecord) => TurnRecord
    ) => Effect.Effect<TurnRecord>
  }
>()("@chatshop/app-worker/TurnStore") {
  /** In memory; its writes join units of work (`UnitOfWork.layerMemory`) and roll back with them. */
  static readonly layerMemory: Layer.Layer<TurnStore> = Layer.sync(TurnStore, () => {
    const records = new Map<string, TurnRecord>()
    const key = (t: string, c: string) => `${t}\u0000${c}`
    const snapshot = () => {
      const saved = [...records]
      return () => restoreMap(records, saved)
    }
    const store = TurnStore.of({
      get: (t, c) => Effect.sync(() => records.get(key(t, c)) ?? emptyRecord),
      modify: (t, c, f) =>
        Effect.sync(() => {
          const next = f(records.get(key(t, c)) ?? emptyRecord)
          records.set(key(t, c), next)
          return next
        })
    })
    return joinUnits(store, { writes: ["modify"], snapshot })
  })

  /**
   * PostgreSQL / PGlite: one row per conversation in `worker_turns` (migration 0008), read and
   * written as the tenant; inside a unit of work (`UnitOfWorkSql`) both join its transaction.
   */
  static readonly layerSql: Layer.Layer<TurnStore, never, Db> = Layer.effect(TurnStore, Effect.gen(makeSql))
}

type WorkerTables = {
  worker_turns: { tenant_id: string; conversation_id: string; record: string }
}

const decodeRecord = Schema.decodeUnknownSync(Schema.fromJsonString(TurnRecord))

function* makeSql() {
  const { kysely } = yield* Db
  const db = kysely.withTables<WorkerTables>()

  const select = (trx: typeof db, t: string, c: string, lock: boolean) => {
    const q = trx
      .selectFrom("worker_turns")
      .select("record")
      .where("tenant_id", "=", t)
      .where("conversation_id", "=", c)
    return (lock ? q.forUpdate() : q).executeTakeFirst()
  }
  const recordOf = (row: { readonly record: string } | undefined) =>
    row === undefined ? emptyRecord : decodeRecord(row.record)
  const read = (trx: typeof db, t: string, c: string, lock: boolean) =>
    Effect.tryPromise(() => select(trx, t, c, lock)).pipe(Effect.map(recordOf))

  return TurnStore.of({
    get: (t, c) =>
      tenantRun(kysely, t, (trx) => select(trx.withTables<WorkerTables>(), t, c, false)).pipe(
        Effect.map(recordOf),
        Effect.orDie
      ),
    modify: (t, c, f) =>
      tenantTransaction(kysely, t, (trx) =>
        Effect.gen(function* () {
          const tx = trx.withTables<WorkerTables>()
          yield* Effect.tryPromise(() =>
            tx
              .insertInto("worker_turns")
              .values({ tenant_id: t, conversation_id: c, record: JSON.stringify(emptyRecord) })
              .onConflict((oc) => oc.columns(["tenant_id", "conversation_id"]).doNothing())
              .execute()
          )
          const next = f(yield* read(tx, t, c, true))
          yield* Effect.tryPromise(() =>
            tx
              .updateTable("worker_turns")
              .set({ record: JSON.stringify(next) })
              .where("tenant_id", "=", t)
              .where("conversation_id", "=", c)
              .execute()
          )
          return next
        })
      ).pipe(Effect.orDie)
  })
}
