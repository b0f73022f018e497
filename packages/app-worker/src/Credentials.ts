import { type ChannelCredentials, ChannelCredentialsStore } from "@chatshop/adapters/channels"
import { ChannelAccount, NotFound } from "@chatshop/domain"
import { Effect, Layer } from "effect"

/**
 * The channel account's secrets as the channel clients take them. The repository hands out
 * decrypted secrets (encryption at rest is its adapter's job); a missing field is NotFound, so
 * the sender reports `credentials_missing` and never sends with half a credential.
 */
export const credentialsOf = (account: ChannelAccount.ChannelAccount): ChannelCredentials | undefined => {
  const s = account.secrets
  switch (account.type) {
    case "whatsapp":
      return account.phoneNumberId !== undefined && s.accessToken !== undefined
        ? { type: "whatsapp", phoneNumberId: account.phoneNumberId, accessToken: s.accessToken }
        : undefined
    case "messenger":
    case "instagram":
      return account.pageId !== undefined && s.accessToken !== undefined
        ? { type: "messenger", pageId: account.pageId, accessToken: s.accessToken }
        : undefined
    case "telegram":
      return s.botToken === undefined ? undefined : { type: "telegram", botToken: s.botToken }
    case "tiktok":
      return account.businessId !== undefined && s.accessToken !== undefined
        ? { type: "tiktok", businessId: account.businessId, accessToken: s.accessToken }
        : undefined
    case "greenapi":
      return account.idInstance !== undefined && s.apiTokenInstance !== undefined
        ? { type: "greenapi", idInstance: account.idInstance, apiTokenInstance: s.apiTokenInstance }
        : undefined
    case "webchat":
      return { type: "webchat" }
  }
}

/** ChannelCredentialsStore over the ChannelAccountRepository. */
export const layerCredentialsFromAccounts: Layer.Layer<
  ChannelCredentialsStore,
  never,
  ChannelAccount.ChannelAccountRepository
> = Layer.effect(
  ChannelCredentialsStore,
  Effect.gen(function* () {
    const accounts = yield* ChannelAccount.ChannelAccountRepository
    return ChannelCredentialsStore.of({
      get: (tenantId, accountId) =>
        Effect.flatMap(accounts.get(tenantId, accountId), (account) => {
          const credentials = credentialsOf(account)
          return credentials === undefined
            ? Effect.fail(new NotFound({ entity: "channel credentials", id: accountId }))
            : Effect.succeed(credentials)
        })
    })
  })
)
