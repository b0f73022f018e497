import {
  ApiKeyRepositorySql,
  Db,
  InboundDedupe as InboundDedupeSql,
  InboundDedupePortSql,
  layerChannelAccounts,
  makeSecretBox,
  repositories
} from "@chatshop/adapters/postgres"
import {
  ChannelAccount,
  ChannelAccountId,
  DAY,
  InboundDedupe,
  minimumDedupeTtlMs,
  type TenantId
} from "@chatshop/domain"
import { freshId, freshTenant } from "@chatshop/domain/testing"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer } from "effect"
import { TestClock } from "effect/testing"
import { sql } from "kysely"

export const KEY = "test-secret-key-0123456789abcdef"
const OTHER_KEY = "another-secret-key-fedcba9876543210"

/** The three ports this suite and the contracts exercise, over `db`, sealing secrets with `key`. */
export const keysLayer = (db: Layer.Layer<Db, unknown>, key = KEY) =>
  Layer.mergeAll(layerChannelAccounts(key), ApiKeyRepositorySql.layer, InboundDedupePortSql.layer).pipe(
    Layer.provideMerge(db)
  )

const secrets = () => ({
  appSecret: freshId("APPSECRET-plain"),
  accessToken: freshId("ACCESSTOKEN-plain")
})
const whatsapp = (verifyToken = freshId("VERIFY-plain")): ChannelAccount.NewChannelAccount => ({
  id: ChannelAccountId.make(freshId("ch")),
  tenantId: freshTenant(),
  type: "whatsapp",
  phoneNumberId: freshId("pn"),
  verifyToken,
  secrets: secrets(),
  managers: []
})

const plaintexts = (a: ChannelAccount.NewChannelAccount) => [
  ...Object.values(a.secrets),
  ...(a.verifyToken === undefined ? [] : [a.verifyToken])
]

/** Every column of the account's rows (account + lookup keys) as text, ciphertext both as hex and as bytes. */
const storedText = (tenantId: string, id: string) =>
  Effect.gen(function* () {
    const { kysely } = yield* Db
    const rows = yield* Effect.promise(() =>
      sql<{ row: string; raw: Uint8Array }>`select row_to_json(a)::text as row, a.secrets_ciphertext as raw
        from channel_accounts a where tenant_id = ${tenantId} and id = ${id}`.execute(kysely)
    )
    const keys = yield* Effect.promise(() =>
      sql<{ row: string }>`select row_to_json(k)::text as row from channel_account_keys k
        where tenant_id = ${tenantId} and account_id = ${id}`.execute(kysely)
    )
    const raw = rows.rows[0]?.raw ?? new Uint8Array()
    return [
      ...rows.rows.map((r) => r.row),
      ...keys.rows.map((r) => r.row),
      Buffer.from(raw).toString("latin1"),
      Buffer.from(raw).toString("utf8")
    ].join("\n")
  })

const defectOf = <A, E>(exit: Exit.Exit<A, E>): unknown => {
  if (Exit.isSuccess(exit)) return undefined
  return Cause.squash(exit.cause)
}

/** Channel secrets at rest (SPEC §2 CHATSHOP_SECRET_KEY) and the SQL dedupe port's expiry (SPEC §9.2). */
export const channelSecretsSuite = (name: string, db: Layer.Layer<Db, unknown>) =>
  describe(`Channel secrets at rest and dedupe expiry: ${name}`, () => {
    const layer = keysLayer(db)

    it.effect("secrets-at-rest: no column holds a secret or the verify token; the key id is stored", () =>
      Effect.gen(function* () {
        const repo = yield* ChannelAccount.ChannelAccountRepository
        const input = whatsapp()
        yield* repo.create(input)
        const stored = yield* storedText(input.tenantId, input.id)
        assert.include(stored, input.id, "the probe reads the rows")
        for (const plain of plaintexts(input)) assert.notInclude(stored, plain)
        for (const plain of plaintexts(input)) assert.notInclude(stored, Buffer.from(plain).toString("hex"))
        assert.include(stored, `"secrets_key_id":"${makeSecretBox(KEY).keyId}"`)
        // …and the repository hands them back decrypted.
        assert.deepStrictEqual((yield* repo.get(input.tenantId, input.id)).secrets, input.secrets)
      }).pipe(Effect.provide(layer))
    )

    it.effect("secrets-iv: the same secrets written twice give different ciphertexts", () =>
      Effect.gen(function* () {
        const repo = yield* ChannelAccount.ChannelAccountRepository
        const { kysely } = yield* Db
        const a = whatsapp()
        const b = { ...whatsapp(), tenantId: a.tenantId, secrets: a.secrets }
        yield* repo.create(a)
        yield* repo.create(b)
        const { rows } = yield* Effect.promise(() =>
          sql<{ c: string }>`select encode(secrets_ciphertext, 'hex') as c from channel_accounts
            where tenant_id = ${a.tenantId}`.execute(kysely)
        )
        assert.strictEqual(rows.length, 2)
        assert.notStrictEqual(rows[0]?.c, rows[1]?.c)
      }).pipe(Effect.provide(layer))
    )

    it.effect(
      "secrets-wrong-key: another CHATSHOP_SECRET_KEY reads no account, with an error naming the keys only",
      () =>
        Effect.gen(function* () {
          const input = whatsapp()
          yield* ChannelAccount.ChannelAccountRepository.use((r) => r.create(input)).pipe(Effect.provide(layer))
          const other = keysLayer(db, OTHER_KEY)
          const reads: ReadonlyArray<Effect.Effect<unknown, unknown, ChannelAccount.ChannelAccountRepository>> = [
            ChannelAccount.ChannelAccountRepository.use((r) => r.get(input.tenantId, input.id)),
            ChannelAccount.ChannelAccountRepository.use((r) => r.findByKey("whatsapp", input.phoneNumberId ?? "")),
            ChannelAccount.ChannelAccountRepository.use((r) =>
              r.findByVerifyToken("whatsapp", input.verifyToken ?? "")
            ),
            ChannelAccount.ChannelAccountRepository.use((r) => r.list(input.tenantId))
          ]
          for (const read of reads) {
            const defect = defectOf(yield* Effect.exit(read.pipe(Effect.provide(other))))
            assert.strictEqual((defect as { _tag?: string })._tag, "SecretKeyMismatch")
            const text = `${String(defect)} ${JSON.stringify(defect)}`
            assert.include(text, makeSecretBox(KEY).keyId)
            assert.include(text, makeSecretBox(OTHER_KEY).keyId)
            for (const plain of [...plaintexts(input), KEY, OTHER_KEY]) assert.notInclude(text, plain)
          }
          // A keyring holding the old key as `previous` still reads it (rotation).
          const rotated = layerChannelAccounts(OTHER_KEY, [KEY]).pipe(Layer.provideMerge(db))
          const read = yield* ChannelAccount.ChannelAccountRepository.use((r) => r.get(input.tenantId, input.id)).pipe(
            Effect.provide(rotated)
          )
          assert.deepStrictEqual(read.secrets, input.secrets)
        })
    )

    it.effect("secrets-bound: a ciphertext copied into another account's row fails authentication", () =>
      Effect.gen(function* () {
        const repo = yield* ChannelAccount.ChannelAccountRepository
        const { kysely } = yield* Db
        const a = yield* repo.create(whatsapp())
        const b = yield* repo.create({ ...whatsapp(), tenantId: a.tenantId })
        yield* Effect.promise(() =>
          sql`update channel_accounts set secrets_ciphertext =
            (select secrets_ciphertext from channel_accounts where tenant_id = ${a.tenantId} and id = ${a.id})
            where tenant_id = ${b.tenantId} and id = ${b.id}`.execute(kysely)
        )
        const defect = defectOf(yield* Effect.exit(repo.get(b.tenantId, b.id)))
        assert.strictEqual((defect as { _tag?: string })._tag, "SecretsCorrupt")
        for (const plain of plaintexts(a)) assert.notInclude(String(defect), plain)
      }).pipe(Effect.provide(layer))
    )

    it.effect("secrets-errors: a verify token taken by another shop is reported without the token", () =>
      Effect.gen(function* () {
        const repo = yield* ChannelAccount.ChannelAccountRepository
        const first = yield* repo.create(whatsapp())
        const clash = yield* Effect.flip(repo.create(whatsapp(first.verifyToken)))
        assert.strictEqual(clash._tag, "ChannelKeyTaken")
        assert.notInclude(JSON.stringify(clash), first.verifyToken ?? "")
        assert.notInclude(String(clash), first.verifyToken ?? "")
      }).pipe(Effect.provide(layer))
    )

    it.effect(
      "create-order: a reused id is ChannelAccountExists (as in memory), even where the id is a lookup key",
      () =>
        Effect.gen(function* () {
          const repo = yield* ChannelAccount.ChannelAccountRepository
          const telegram = (tenantId: TenantId, id: ChannelAccountId): ChannelAccount.NewChannelAccount => ({
            id,
            tenantId,
            type: "telegram",
            botAccountId: freshId("bot"),
            secrets: { botToken: "1:abc", secretToken: "s" },
            managers: []
          })
          const first = yield* repo.create(telegram(freshTenant(), ChannelAccountId.make(freshId("ch"))))
          for (const tenant of [first.tenantId, freshTenant()]) {
            const again = yield* Effect.flip(repo.create(telegram(tenant, first.id)))
            assert.strictEqual(again._tag, "ChannelAccountExists")
          }
          const wa = yield* repo.create(whatsapp())
          const samePhone = { ...whatsapp(), phoneNumberId: wa.phoneNumberId ?? "" }
          const taken = yield* Effect.flip(repo.create(samePhone))
          assert.deepStrictEqual(taken._tag === "ChannelKeyTaken" ? [taken.channel, taken.key] : [], [
            "whatsapp",
            wa.phoneNumberId
          ])
          assert.deepStrictEqual(yield* repo.list(samePhone.tenantId), [])
        }).pipe(Effect.provide(layer))
    )

    it.effect("dedupe-expiry: a record lives its ttl (never under 7 days), then the key is new again", () =>
      Effect.gen(function* () {
        const dedupe = yield* InboundDedupe
        const key = freshId("expiry")
        const base = 1_000 * DAY
        yield* TestClock.setTime(base)
        assert.strictEqual(yield* dedupe.claim(key, 1), "new")
        yield* TestClock.setTime(base + minimumDedupeTtlMs - 1)
        assert.isTrue(yield* dedupe.seen(key))
        assert.strictEqual(yield* dedupe.claim(key, 1), "seen")
        yield* TestClock.setTime(base + minimumDedupeTtlMs)
        assert.isFalse(yield* dedupe.seen(key))
        assert.strictEqual(yield* dedupe.claim(key, 30 * DAY), "new")
        yield* TestClock.setTime(base + minimumDedupeTtlMs + 29 * DAY)
        assert.isTrue(yield* dedupe.seen(key))
        // The table's housekeeping forgets a port record exactly when it expires, never before.
        const sweeper = yield* InboundDedupeSql
        yield* sweeper.purge(base + minimumDedupeTtlMs + 30 * DAY - 1)
        assert.isTrue(yield* dedupe.seen(key))
        yield* sweeper.purge(base + minimumDedupeTtlMs + 30 * DAY + 1)
        yield* TestClock.setTime(base)
        assert.isFalse(yield* dedupe.seen(key))
      }).pipe(Effect.provide(Layer.merge(layer, repositories.pipe(Layer.provide(db)))))
    )
  })
