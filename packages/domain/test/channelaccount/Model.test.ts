import { ChannelAccount, ChannelAccountId, TenantId } from "@chatshop/domain"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"

const account = (fields: Partial<ChannelAccount.NewChannelAccount>): ChannelAccount.NewChannelAccount => ({
  id: ChannelAccountId.make("c1"),
  tenantId: TenantId.make("t1"),
  type: "webchat",
  secrets: {},
  managers: [],
  ...fields
})

describe("ChannelAccount.lookupKeys", () => {
  it("each type answers to its platform key (and path types to our id)", () => {
    const cases: Array<[Partial<ChannelAccount.NewChannelAccount>, ReadonlyArray<ChannelAccount.LookupKey>]> = [
      [{ type: "whatsapp", phoneNumberId: "pn" }, [{ channel: "whatsapp", key: "pn" }]],
      [{ type: "messenger", pageId: "p" }, [{ channel: "messenger", key: "p" }]],
      [{ type: "instagram", pageId: "ig" }, [{ channel: "instagram", key: "ig" }]],
      [
        { type: "telegram", botAccountId: "77" },
        [
          { channel: "telegram", key: "c1" },
          { channel: "telegram", key: "77" }
        ]
      ],
      [{ type: "telegram" }, [{ channel: "telegram", key: "c1" }]],
      [{ type: "tiktok", businessId: "b" }, [{ channel: "tiktok", key: "b" }]],
      [
        { type: "greenapi", idInstance: "1234" },
        [
          { channel: "greenapi", key: "c1" },
          { channel: "greenapi", key: "1234" }
        ]
      ],
      [{ type: "webchat" }, [{ channel: "webchat", key: "c1" }]]
    ]
    for (const [fields, keys] of cases)
      assert.deepStrictEqual(ChannelAccount.lookupKeys(account(fields)), keys, fields.type)
  })

  it("a key the account doesn't have is not listed", () => {
    assert.deepStrictEqual(ChannelAccount.lookupKeys(account({ type: "whatsapp" })), [])
    assert.deepStrictEqual(ChannelAccount.lookupKeys(account({ type: "tiktok" })), [])
  })
})

describe("ChannelAccount.missingFields", () => {
  it("names what each type lacks, top-level or secret", () => {
    assert.deepStrictEqual(ChannelAccount.missingFields(account({ type: "whatsapp" })), [
      "phoneNumberId",
      "accessToken",
      "appSecret",
      "verifyToken"
    ])
    assert.deepStrictEqual(ChannelAccount.missingFields(account({ type: "telegram", secrets: { botToken: "1:a" } })), [
      "secretToken"
    ])
    assert.deepStrictEqual(
      ChannelAccount.missingFields(
        account({ type: "tiktok", businessId: "b", secrets: { accessToken: "a", clientSecret: "c" } })
      ),
      []
    )
    assert.deepStrictEqual(ChannelAccount.missingFields(account({ type: "greenapi", idInstance: "1" })), [
      "apiTokenInstance",
      "webhookToken"
    ])
    assert.deepStrictEqual(ChannelAccount.missingFields(account({ type: "messenger", pageId: "p" })), [
      "accessToken",
      "appSecret",
      "verifyToken"
    ])
    assert.deepStrictEqual(ChannelAccount.missingFields(account({ type: "webchat" })), [])
  })
})

describe("ChannelAccountRepository memory: list order and verify-token namespace", () => {
  it.effect("a verify token equal to another account's lookup key does not clash", () =>
    Effect.gen(function* () {
      const repo = yield* ChannelAccount.ChannelAccountRepository
      yield* repo.create({
        ...account({ type: "whatsapp", phoneNumberId: "same" }),
        verifyToken: "v1",
        secrets: { accessToken: "a", appSecret: "s" }
      })
      const second = yield* repo.create({
        ...account({ type: "whatsapp", phoneNumberId: "other" }),
        id: ChannelAccountId.make("c2"),
        verifyToken: "same",
        secrets: { accessToken: "a", appSecret: "s" }
      })
      assert.strictEqual((yield* repo.findByVerifyToken("whatsapp", "same")).id, second.id)
      assert.strictEqual((yield* repo.findByKey("whatsapp", "same")).id, "c1")
      assert.deepStrictEqual(
        (yield* repo.list(TenantId.make("t1"))).map((a) => a.id),
        ["c1", "c2"]
      )
      const exists = yield* Effect.flip(
        repo.create({ ...account({ type: "webchat" }), id: ChannelAccountId.make("c2") })
      )
      assert.strictEqual(exists._tag, "ChannelAccountExists")
    }).pipe(Effect.provide(ChannelAccount.ChannelAccountRepository.layerMemory))
  )
})
