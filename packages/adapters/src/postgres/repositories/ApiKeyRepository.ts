import { ApiKey, NotFound } from "@chatshop/domain"
import { Effect, Layer } from "effect"
import { type Kysely, sql } from "kysely"
import type { Database } from "../Database.ts"
import { Db, run } from "../Db.ts"
import { tenantRun } from "../Tenancy.ts"
import { decoder, now } from "./Rows.ts"

/** The table migration 0007 adds. Only the hash of a key is stored (the app hashes: sha256 hex). */
export interface ApiKeysTable {
  tenant_id: string
  id: string
  role: string
  hash: string
  label: string | null
  created_at: number
  revoked_at: number | null
}
const withKeys = (db: Kysely<Database>) => db.withTables<{ api_keys: ApiKeysTable }>()

const columns = ["tenant_id", "id", "role", "hash", "label", "created_at", "revoked_at"] as const
type Row = Pick<ApiKeysTable, (typeof columns)[number]>

const decode = decoder(ApiKey.ApiKey)
const toKey = (row: Row): ApiKey.ApiKey =>
  decode({
    id: row.id,
    tenantId: row.tenant_id,
    role: row.role,
    hash: row.hash,
    ...(row.label === null ? {} : { label: row.label }),
    createdAt: row.created_at,
    revokedAt: row.revoked_at
  })
const notFound = (id: string) => new NotFound({ entity: "api key", id })

export const make = Effect.gen(function* () {
  const { kysely } = yield* Db

  return ApiKey.ApiKeyRepository.of({
    // ON CONFLICT DO NOTHING covers the id (in any shop) and the hash: both must be new.
    create: (key) =>
      Effect.gen(function* () {
        const at = yield* now
        const row = yield* tenantRun(kysely, key.tenantId, (db) =>
          withKeys(db)
            .insertInto("api_keys")
            .values({
              tenant_id: key.tenantId,
              id: key.id,
              role: key.role,
              hash: key.hash,
              label: key.label ?? null,
              created_at: at,
              revoked_at: null
            })
            .onConflict((oc) => oc.doNothing())
            .returning(columns)
            .executeTakeFirst()
        ).pipe(Effect.orDie)
        if (row === undefined) return yield* new ApiKey.ApiKeyExists({ id: key.id })
        return toKey(row)
      }),
    // Authentication happens before the tenant is known: the one cross-tenant read, by unique hash.
    findByHash: (hash) =>
      run(() =>
        withKeys(kysely)
          .selectFrom("api_keys")
          .select(columns)
          .where("hash", "=", hash)
          .where("revoked_at", "is", null)
          .executeTakeFirst()
      ).pipe(
        Effect.orDie,
        Effect.flatMap((row) => (row === undefined ? Effect.fail(notFound("(by hash)")) : Effect.succeed(toKey(row))))
      ),
    list: (tenantId) =>
      tenantRun(kysely, tenantId, (db) =>
        withKeys(db)
          .selectFrom("api_keys")
          .select(columns)
          .where("tenant_id", "=", tenantId)
          .orderBy("created_at")
          .orderBy(sql`id collate "C"`)
          .execute()
      ).pipe(
        Effect.orDie,
        Effect.map((rows) => rows.map(toKey))
      ),
    // coalesce keeps the first revocation time: revoking twice is a no-op.
    revoke: (tenantId, id) =>
      Effect.gen(function* () {
        const at = yield* now
        const row = yield* tenantRun(kysely, tenantId, (db) =>
          withKeys(db)
            .updateTable("api_keys")
            .set({ revoked_at: sql<number>`coalesce(revoked_at, ${at})` })
            .where("tenant_id", "=", tenantId)
            .where("id", "=", id)
            .returning(columns)
            .executeTakeFirst()
        ).pipe(Effect.orDie)
        if (row === undefined) return yield* notFound(id)
        return toKey(row)
      })
  })
})

export const layer = Layer.effect(ApiKey.ApiKeyRepository, make)
