import { NotFound } from "@chatshop/domain"
import { Effect, Result } from "effect"
import type { Kysely, UpdateObject } from "kysely"
import type { Database } from "../Database.ts"
import { run, type SqlError } from "../Db.ts"
import { tenantRun, tenantTransaction } from "../Tenancy.ts"

/**
 * The atomic `update` the repositories share: in one transaction as the tenant, read the row
 * FOR UPDATE (so concurrent updates of it serialise across processes), apply the pure `f` (a
 * decider run) and let `write` store its result. NotFound, without calling `f`, when there is no
 * row; `f`'s rejection or a failed write rolls the whole transaction back.
 */
export const lockedUpdate = <Row, Current, Out, E, W>(
  kysely: Kysely<Database>,
  tenantId: string,
  lock: {
    /** SELECT … FOR UPDATE of the one row. */
    readonly select: (trx: Kysely<Database>) => Promise<Row | undefined>
    readonly decode: (row: Row) => Current
    readonly notFound: () => NotFound
  },
  f: (current: Current) => Result.Result<Out, E>,
  write: (trx: Kysely<Database>, out: Out, current: Current) => Effect.Effect<Out, W>
): Effect.Effect<Out, E | W | NotFound | SqlError> =>
  tenantTransaction(kysely, tenantId, (trx) =>
    Effect.gen(function* () {
      const row = yield* run(() => lock.select(trx))
      if (row === undefined) return yield* lock.notFound()
      const current = lock.decode(row)
      const result = f(current)
      if (Result.isFailure(result)) return yield* Effect.fail(result.failure)
      return yield* write(trx, result.success, current)
    })
  )

/** The tables that keep an aggregate whole in `state` beside the columns queries filter on, keyed (tenant_id, id). */
export type DocumentTable = "orders" | "offers" | "businesses" | "conversations" | "products"

/** How one aggregate is stored in its document table. */
export interface Documents<T extends DocumentTable, Doc> {
  readonly table: T
  /** What NotFound and defects call it ("order", "offer", …). */
  readonly entity: string
  readonly decode: (state: unknown) => Doc
  /** The row's columns for this document, written at `at`. */
  readonly columns: (doc: Doc, at: number) => UpdateObject<Database, T>
}

interface Keyed {
  readonly id: string
  readonly tenantId: string
}

/** The query for one document's `state`. */
const selectDocument = (db: Kysely<Database>, table: DocumentTable, tenantId: string, id: string) =>
  db.selectFrom(table).select("state").where("tenant_id", "=", tenantId).where("id", "=", id)

/** The tenant's document `id`, or NotFound. */
export const getDocument = <T extends DocumentTable, Doc>(
  kysely: Kysely<Database>,
  docs: Documents<T, Doc>,
  tenantId: string,
  id: string
): Effect.Effect<Doc, NotFound> =>
  tenantRun(kysely, tenantId, (db) => selectDocument(db, docs.table, tenantId, id).executeTakeFirst()).pipe(
    Effect.orDie,
    Effect.flatMap((row) =>
      row === undefined
        ? Effect.fail(new NotFound({ entity: docs.entity, id }))
        : Effect.succeed(docs.decode(row.state))
    )
  )

/** `lockedUpdate` of the document `id` of a tenant. */
export const updateDocument = <T extends DocumentTable, Doc, Out, E, W>(
  kysely: Kysely<Database>,
  docs: Documents<T, Doc>,
  tenantId: string,
  id: string,
  f: (current: Doc) => Result.Result<Out, E>,
  write: (trx: Kysely<Database>, out: Out, current: Doc) => Effect.Effect<Out, W>
): Effect.Effect<Out, E | W | NotFound | SqlError> =>
  lockedUpdate(
    kysely,
    tenantId,
    {
      select: (trx) => selectDocument(trx, docs.table, tenantId, id).forUpdate().executeTakeFirst(),
      decode: (row) => docs.decode(row.state),
      notFound: () => new NotFound({ entity: docs.entity, id })
    },
    f,
    write
  )

/** The document the pure function returned, or a defect when it moved it to another id or tenant. */
export const sameIdentity = <Doc extends Keyed>(
  docs: { readonly entity: string },
  tenantId: string,
  id: string,
  next: Doc
): Effect.Effect<Doc> =>
  next.id === id && next.tenantId === tenantId
    ? Effect.succeed(next)
    : Effect.die(new Error(`${docs.entity} update changed the identity of ${id}`))

/** Write the document's row (the one `updateDocument` locked). */
export const writeDocument = <T extends DocumentTable, Doc extends Keyed>(
  trx: Kysely<Database>,
  docs: Documents<T, Doc>,
  doc: Doc,
  at: number
): Effect.Effect<void, SqlError> =>
  Effect.asVoid(
    run(() =>
      // As the union of the tables: kysely cannot follow a generic table name.
      trx
        .updateTable(docs.table as DocumentTable)
        .set(docs.columns(doc, at) as UpdateObject<Database, DocumentTable>)
        .where("tenant_id", "=", doc.tenantId)
        .where("id", "=", doc.id)
        .execute()
    )
  )
