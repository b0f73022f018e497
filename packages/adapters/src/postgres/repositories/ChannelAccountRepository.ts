import { createHash } from "node:crypto"
import { ChannelAccount, NotFound } from "@chatshop/domain"
import { Effect, Layer } from "effect"
import { type Kysely, sql } from "kysely"
import type { Database } from "../Database.ts"
import { Db, run } from "../Db.ts"
import { SecretBox } from "../Secrets.ts"
import { makeReadCache } from "./ReadCache.ts"
import { tenantRun, tenantTransaction } from "../Tenancy.ts"
import { decoder, dieOnSql, isUniqueViolation, json, now } from "./Rows.ts"

/** The table migration 0007 adds (not in the shared `Database`, hence `withTables`). */
export interface ChannelAccountKeysTable {
  tenant_id: string
  account_id: string
  kind: "key" | "verify"
  channel: string
  lookup: string
}
type Db7 = Kysely<Database & { channel_account_keys: ChannelAccountKeysTable }>
const withKeys = (db: Kysely<Database>): Db7 => db.withTables<{ channel_account_keys: ChannelAccountKeysTable }>()

/** What `config` holds: the account's public fields (the secrets and verify token are encrypted). */
interface PublicConfig {
  readonly phoneNumberId?: string
  readonly pageId?: string
  readonly instagramAccountId?: string
  readonly botAccountId?: string
  readonly businessId?: string
  readonly idInstance?: string
  readonly managers: ReadonlyArray<string>
}
/** What the ciphertext holds. */
interface Sealed {
  readonly secrets: ChannelAccount.ChannelSecrets
  readonly verifyToken?: string
}

const publicFields = [
  "phoneNumberId",
  "pageId",
  "instagramAccountId",
  "botAccountId",
  "businessId",
  "idInstance"
] as const

/** Verify tokens are indexed by digest: the plain token never sits in a column. */
export const verifyDigest = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex")

/** Associated data: a ciphertext opens only in the row it was written for. */
const aad = (tenantId: string, id: string) => `channel_accounts\u0000${tenantId}\u0000${id}`

const columns = ["tenant_id", "id", "channel", "config", "secrets_ciphertext", "secrets_key_id", "created_at"] as const
interface Row {
  readonly tenant_id: string
  readonly id: string
  readonly channel: string
  readonly config: unknown
  readonly secrets_ciphertext: Uint8Array
  readonly secrets_key_id: string
  readonly created_at: number
}

const decode = decoder(ChannelAccount.ChannelAccount)
const notFound = (id: string) => new NotFound({ entity: "channel account", id })

export const make = Effect.gen(function* () {
  const { kysely } = yield* Db
  const box = yield* SecretBox

  // A row that cannot be opened (wrong CHATSHOP_SECRET_KEY, tampering) is a defect naming the key, never data.
  const toAccount = (row: Row): ChannelAccount.ChannelAccount => {
    const sealed = JSON.parse(
      box.open({ ciphertext: row.secrets_ciphertext, keyId: row.secrets_key_id }, aad(row.tenant_id, row.id))
    ) as Sealed
    const config = row.config as PublicConfig
    const fields: Record<string, unknown> = {}
    for (const f of publicFields) if (config[f] !== undefined) fields[f] = config[f]
    return decode({
      id: row.id,
      tenantId: row.tenant_id,
      type: row.channel,
      ...fields,
      ...(sealed.verifyToken === undefined ? {} : { verifyToken: sealed.verifyToken }),
      secrets: sealed.secrets,
      managers: config.managers,
      createdAt: row.created_at
    })
  }
  // Every turn and send reads its account (secrets decrypted): kept a few seconds (ReadCache.ts for the bound).
  const cache = makeReadCache<ChannelAccount.ChannelAccount>(kysely)
  const cacheKey = (tenantId: string, id: string) => `${tenantId}\u0000${id}`
  const opened = (row: Row | undefined, id: string) =>
    row === undefined
      ? Effect.fail(notFound(id))
      : Effect.try({ try: () => toAccount(row), catch: (e) => e }).pipe(Effect.orDie)

  /**
   * As the memory adapter decides: a taken id first (ChannelAccountExists), then the first taken key
   * (ChannelKeyTaken). Unique indexes decide, so they hold across shops although row-level security
   * hides other shops' rows; any failure rolls the whole create back.
   */
  const insert = (account: ChannelAccount.NewChannelAccount, at: number) =>
    tenantTransaction(kysely, account.tenantId, (trx) =>
      Effect.gen(function* () {
        const entries = keyEntries(account)
        const first = entries[0]
        const config: PublicConfig = { ...pick(account), managers: [...new Set(account.managers)] }
        const sealed: Sealed = {
          secrets: account.secrets,
          ...(account.verifyToken === undefined ? {} : { verifyToken: account.verifyToken })
        }
        const { ciphertext, keyId } = box.seal(JSON.stringify(sealed), aad(account.tenantId, account.id))
        const inserted = yield* run(() =>
          trx
            .insertInto("channel_accounts")
            .values({
              tenant_id: account.tenantId,
              id: account.id,
              channel: account.type,
              external_id: first?.lookup ?? account.id,
              display_name: "",
              config: json(config),
              secrets_ciphertext: ciphertext,
              secrets_key_id: keyId,
              status: "active",
              created_at: at,
              updated_at: at
            })
            .onConflict((oc) => oc.column("id").doNothing())
            .returning(columns)
            .executeTakeFirst()
        ).pipe(
          // `external_id` is the first lookup key: its unique index answers before the keys table does.
          Effect.catchIf(
            (e) => isUniqueViolation(e) && e.message.includes("channel_accounts_external") && first !== undefined,
            () =>
              Effect.fail(new ChannelAccount.ChannelKeyTaken({ channel: first?.channel ?? "", key: first?.key ?? "" }))
          )
        )
        if (inserted === undefined) return yield* new ChannelAccount.ChannelAccountExists({ id: account.id })
        // Keys point at the account with a deferred foreign key; ON CONFLICT DO NOTHING shows which are taken.
        const claimed = yield* run(() =>
          entries.length === 0
            ? Promise.resolve([])
            : withKeys(trx)
                .insertInto("channel_account_keys")
                .values(
                  entries.map((e) => ({
                    tenant_id: account.tenantId,
                    account_id: account.id,
                    kind: e.kind,
                    channel: e.channel,
                    lookup: e.lookup
                  }))
                )
                .onConflict((oc) => oc.doNothing())
                .returning(["kind", "channel", "lookup"])
                .execute()
        )
        const got = new Set(claimed.map((c) => `${c.kind}\u0000${c.channel}\u0000${c.lookup}`))
        const taken = entries.find((e) => !got.has(`${e.kind}\u0000${e.channel}\u0000${e.lookup}`))
        if (taken !== undefined)
          return yield* new ChannelAccount.ChannelKeyTaken({ channel: taken.channel, key: taken.key })
        return inserted
      })
    )

  return ChannelAccount.ChannelAccountRepository.of({
    create: (account) =>
      Effect.gen(function* () {
        const missing = ChannelAccount.missingFields(account)
        if (missing.length > 0) return yield* new ChannelAccount.InvalidChannelAccount({ missing })
        const row = yield* dieOnSql(insert(account, yield* now))
        return toAccount(row)
      }),
    get: (tenantId, id) =>
      cache.through(
        cacheKey(tenantId, id),
        tenantRun(kysely, tenantId, (db) =>
          db
            .selectFrom("channel_accounts")
            .select(columns)
            .where("tenant_id", "=", tenantId)
            .where("id", "=", id)
            .executeTakeFirst()
        ).pipe(
          Effect.orDie,
          Effect.flatMap((row) => opened(row, id))
        )
      ),
    list: (tenantId) =>
      tenantRun(kysely, tenantId, (db) =>
        db
          .selectFrom("channel_accounts")
          .select(columns)
          .where("tenant_id", "=", tenantId)
          .orderBy("created_at")
          .orderBy(sql`id collate "C"`)
          .execute()
      ).pipe(
        Effect.orDie,
        Effect.map((rows) => rows.map(toAccount))
      ),
    // Webhooks arrive before the tenant is known: the one cross-tenant read, by a unique key.
    findByKey: (channel, key) => byKey("key", channel, key, `${channel}:${key}`),
    findByVerifyToken: (channel, token) => byKey("verify", channel, verifyDigest(token), `${channel} verify token`),
    setManagers: (tenantId, id, managers) =>
      Effect.flatMap(now, (at) =>
        tenantRun(kysely, tenantId, (db) =>
          db
            .updateTable("channel_accounts")
            .set({
              config: sql`jsonb_set(config, '{managers}', ${json([...new Set(managers)])}::jsonb)`,
              updated_at: at
            })
            .where("tenant_id", "=", tenantId)
            .where("id", "=", id)
            .returning(columns)
            .executeTakeFirst()
        )
      ).pipe(
        Effect.orDie,
        Effect.flatMap((row) => opened(row, id)),
        Effect.ensuring(cache.invalidate(cacheKey(tenantId, id)))
      ),
    // The keys go with the account (foreign key on delete cascade).
    remove: (tenantId, id) =>
      tenantRun(kysely, tenantId, (db) =>
        db
          .deleteFrom("channel_accounts")
          .where("tenant_id", "=", tenantId)
          .where("id", "=", id)
          .returning("id")
          .executeTakeFirst()
      ).pipe(
        Effect.orDie,
        Effect.flatMap((row) => (row === undefined ? Effect.fail(notFound(id)) : Effect.void)),
        Effect.ensuring(cache.invalidate(cacheKey(tenantId, id)))
      )
  })

  function byKey(kind: "key" | "verify", channel: string, lookup: string, what: string) {
    return run(() =>
      withKeys(kysely)
        .selectFrom("channel_account_keys as k")
        .innerJoin("channel_accounts as a", (j) =>
          j.onRef("a.tenant_id", "=", "k.tenant_id").onRef("a.id", "=", "k.account_id")
        )
        .select(columns.map((c) => `a.${c}` as const))
        .where("k.kind", "=", kind)
        .where("k.channel", "=", channel)
        .where("k.lookup", "=", lookup)
        .executeTakeFirst()
    ).pipe(
      Effect.orDie,
      Effect.flatMap((row) => opened(row, what))
    )
  }
})

/** The account's rows in `channel_account_keys`, in `indexEntries` order; a verify token is reported without its value. */
const keyEntries = (account: ChannelAccount.NewChannelAccount) => [
  ...ChannelAccount.lookupKeys(account).map((k) => ({ kind: "key" as const, ...k, lookup: k.key })),
  ...(account.verifyToken === undefined
    ? []
    : [
        {
          kind: "verify" as const,
          channel: account.type,
          key: "verify token",
          lookup: verifyDigest(account.verifyToken)
        }
      ])
]

const pick = (account: ChannelAccount.NewChannelAccount) => {
  const out: Record<string, string> = {}
  for (const f of publicFields) {
    const value = account[f]
    if (value !== undefined) out[f] = value
  }
  return out
}

/** The SQL ChannelAccountRepository; needs `Db` and the `SecretBox` (CHATSHOP_SECRET_KEY). */
export const layer = Layer.effect(ChannelAccount.ChannelAccountRepository, make)
