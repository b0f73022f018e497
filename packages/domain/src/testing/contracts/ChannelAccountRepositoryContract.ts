import { assert, describe, it } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import { TestClock } from "effect/testing"
import { ChannelAccountRepository } from "../../channelaccount/ChannelAccountRepository.ts"
import type { NewChannelAccount } from "../../channelaccount/Model.ts"
import { ChannelAccountId, CustomerId, HOUR, type TenantId } from "../../shared/Ids.ts"
import { freshId, freshTenant } from "../Fresh.ts"

const whatsapp = (tenantId: TenantId): NewChannelAccount => ({
  id: ChannelAccountId.make(freshId("ch")),
  tenantId,
  type: "whatsapp",
  phoneNumberId: freshId("pn"),
  verifyToken: freshId("verify"),
  secrets: { appSecret: "app-secret", accessToken: "token" },
  managers: []
})

const telegram = (tenantId: TenantId): NewChannelAccount => ({
  id: ChannelAccountId.make(freshId("ch")),
  tenantId,
  type: "telegram",
  botAccountId: freshId("bot"),
  secrets: { botToken: "1:abc", secretToken: "s3cret" },
  managers: []
})

/**
 * The ChannelAccountRepository contract (SPEC §5): tenant-scoped reads, webhook lookups across
 * tenants, secrets returned exactly as stored, keys unique across shops.
 */
export const channelAccountRepositoryContract = (name: string, layer: Layer.Layer<ChannelAccountRepository, unknown>) =>
  describe(`ChannelAccountRepository contract: ${name}`, () => {
    const test = (title: string, body: () => Effect.Effect<void, unknown, ChannelAccountRepository>) =>
      it.effect(title, () => body().pipe(Effect.provide(layer)))

    test("create stamps createdAt; get returns the account with its secrets", () =>
      Effect.gen(function* () {
        const repo = yield* ChannelAccountRepository
        yield* TestClock.setTime(HOUR)
        const input = whatsapp(freshTenant())
        const created = yield* repo.create(input)
        assert.deepStrictEqual(created, { ...input, createdAt: HOUR })
        assert.deepStrictEqual(yield* repo.get(input.tenantId, input.id), created)
      }))

    test("another tenant's id is NotFound for get, setManagers and remove", () =>
      Effect.gen(function* () {
        const repo = yield* ChannelAccountRepository
        const input = whatsapp(freshTenant())
        yield* repo.create(input)
        const other = freshTenant()
        assert.strictEqual((yield* Effect.flip(repo.get(other, input.id)))._tag, "NotFound")
        assert.strictEqual((yield* Effect.flip(repo.setManagers(other, input.id, [])))._tag, "NotFound")
        assert.strictEqual((yield* Effect.flip(repo.remove(other, input.id)))._tag, "NotFound")
        assert.deepStrictEqual(yield* repo.list(other), [])
        assert.strictEqual((yield* repo.list(input.tenantId)).length, 1)
      }))

    test("findByKey finds WhatsApp by phone number id, Telegram by our id and bot id", () =>
      Effect.gen(function* () {
        const repo = yield* ChannelAccountRepository
        const wa = yield* repo.create(whatsapp(freshTenant()))
        const tg = yield* repo.create(telegram(freshTenant()))
        assert.strictEqual((yield* repo.findByKey("whatsapp", wa.phoneNumberId ?? "")).id, wa.id)
        assert.strictEqual((yield* repo.findByKey("telegram", tg.id)).id, tg.id)
        assert.strictEqual((yield* repo.findByKey("telegram", tg.botAccountId ?? "")).id, tg.id)
        assert.strictEqual((yield* Effect.flip(repo.findByKey("messenger", wa.phoneNumberId ?? "")))._tag, "NotFound")
        assert.strictEqual((yield* Effect.flip(repo.findByKey("whatsapp", freshId("pn"))))._tag, "NotFound")
      }))

    test("findByVerifyToken finds the account of the channel with that token", () =>
      Effect.gen(function* () {
        const repo = yield* ChannelAccountRepository
        const wa = yield* repo.create(whatsapp(freshTenant()))
        assert.strictEqual((yield* repo.findByVerifyToken("whatsapp", wa.verifyToken ?? "")).id, wa.id)
        assert.strictEqual((yield* Effect.flip(repo.findByVerifyToken("whatsapp", "wrong")))._tag, "NotFound")
      }))

    test("a key or verify token taken by another shop is ChannelKeyTaken; nothing is stored", () =>
      Effect.gen(function* () {
        const repo = yield* ChannelAccountRepository
        const first = yield* repo.create(whatsapp(freshTenant()))
        const clash = { ...whatsapp(freshTenant()), phoneNumberId: first.phoneNumberId ?? "" }
        assert.strictEqual((yield* Effect.flip(repo.create(clash)))._tag, "ChannelKeyTaken")
        assert.strictEqual((yield* Effect.flip(repo.get(clash.tenantId, clash.id)))._tag, "NotFound")
        const tokenClash = { ...whatsapp(freshTenant()), verifyToken: first.verifyToken ?? "" }
        assert.strictEqual((yield* Effect.flip(repo.create(tokenClash)))._tag, "ChannelKeyTaken")
      }))

    test("an account missing what its type needs is InvalidChannelAccount naming the fields", () =>
      Effect.gen(function* () {
        const repo = yield* ChannelAccountRepository
        const input = { ...whatsapp(freshTenant()), secrets: { accessToken: "t" } }
        const failure = yield* Effect.flip(repo.create(input))
        assert.strictEqual(failure._tag, "InvalidChannelAccount")
        if (failure._tag === "InvalidChannelAccount") assert.deepStrictEqual(failure.missing, ["appSecret"])
      }))

    test("setManagers replaces the managers (deduplicated); remove frees the keys", () =>
      Effect.gen(function* () {
        const repo = yield* ChannelAccountRepository
        const input = whatsapp(freshTenant())
        yield* repo.create(input)
        const m = CustomerId.make("15550001")
        const updated = yield* repo.setManagers(input.tenantId, input.id, [m, m])
        assert.deepStrictEqual(updated.managers, [m])
        yield* repo.remove(input.tenantId, input.id)
        assert.strictEqual((yield* Effect.flip(repo.findByKey("whatsapp", input.phoneNumberId ?? "")))._tag, "NotFound")
        const again = { ...whatsapp(input.tenantId), phoneNumberId: input.phoneNumberId ?? "" }
        assert.strictEqual((yield* repo.create(again)).id, again.id)
      }))
  })
