import { ChannelAccount } from "@chatshop/domain"
import { channelAccountRepositoryContract } from "@chatshop/domain/testing"
import { assert, describe, it } from "@effect/vitest"

channelAccountRepositoryContract("memory", ChannelAccount.ChannelAccountRepository.layerMemory)

describe("ChannelAccount model", () => {
  it("telegramBotId reads the digits before ':'", () => {
    assert.strictEqual(ChannelAccount.telegramBotId("123456:ABC-def"), "123456")
    assert.isUndefined(ChannelAccount.telegramBotId("no-colon"))
    assert.isUndefined(ChannelAccount.telegramBotId("abc:def"))
  })

  it("publicView drops the secrets and the verify token", () => {
    const view = ChannelAccount.publicView({
      id: "c1",
      tenantId: "t1",
      type: "whatsapp",
      phoneNumberId: "106540352242922",
      verifyToken: "hub-secret",
      secrets: { accessToken: "EAAG", appSecret: "s" },
      managers: [],
      createdAt: 0
    } as unknown as ChannelAccount.ChannelAccount)
    assert.isFalse("secrets" in view)
    assert.isFalse("verifyToken" in view)
    assert.strictEqual(view.phoneNumberId, "106540352242922")
  })

  it("a messenger page with a linked Instagram account answers both channels", () => {
    const keys = ChannelAccount.lookupKeys({
      id: "c1",
      tenantId: "t1",
      type: "messenger",
      pageId: "p1",
      instagramAccountId: "ig1",
      secrets: {},
      managers: []
    } as unknown as ChannelAccount.NewChannelAccount)
    assert.deepStrictEqual(keys, [
      { channel: "messenger", key: "p1" },
      { channel: "instagram", key: "ig1" }
    ])
  })
})
