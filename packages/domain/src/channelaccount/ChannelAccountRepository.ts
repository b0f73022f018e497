import { Clock, Context, Effect, Layer } from "effect"
import type { ChannelAccountId, CustomerId, TenantId } from "../shared/Ids.ts"
import { timestamp } from "../shared/Ids.ts"
import { NotFound } from "../shared/TenantScope.ts"
import { ChannelAccountExists, ChannelKeyTaken, InvalidChannelAccount } from "./Errors.ts"
import {
  type ChannelAccount,
  type ChannelAccountType,
  lookupKeys,
  missingFields,
  type NewChannelAccount
} from "./Model.ts"

/**
 * The shop's connected channel accounts (SPEC §5). Tenant-scoped like every port, plus the two
 * lookups a webhook needs before it knows the tenant: by the platform's account key and by the
 * Meta verify token. Keys are unique across tenants so a webhook always finds one account.
 */
export class ChannelAccountRepository extends Context.Service<
  ChannelAccountRepository,
  {
    /** Store a new account; `createdAt` from the Clock. Fails when a lookup key or verify token is taken. */
    readonly create: (
      account: NewChannelAccount
    ) => Effect.Effect<ChannelAccount, ChannelAccountExists | ChannelKeyTaken | InvalidChannelAccount>
    readonly get: (tenantId: TenantId, id: ChannelAccountId) => Effect.Effect<ChannelAccount, NotFound>
    /** The tenant's accounts, oldest first. */
    readonly list: (tenantId: TenantId) => Effect.Effect<ReadonlyArray<ChannelAccount>>
    /** Across tenants: the account a webhook for `channel` with this key belongs to (see `lookupKeys`). */
    readonly findByKey: (channel: ChannelAccountType, key: string) => Effect.Effect<ChannelAccount, NotFound>
    /** Across tenants: the WhatsApp/Messenger account with this `hub.verify_token`. */
    readonly findByVerifyToken: (channel: ChannelAccountType, token: string) => Effect.Effect<ChannelAccount, NotFound>
    readonly setManagers: (
      tenantId: TenantId,
      id: ChannelAccountId,
      managers: ReadonlyArray<CustomerId>
    ) => Effect.Effect<ChannelAccount, NotFound>
    /** Disconnect: the account and its keys are gone (webhooks for it answer 404). */
    readonly remove: (tenantId: TenantId, id: ChannelAccountId) => Effect.Effect<void, NotFound>
  }
>()("@chatshop/domain/channelaccount/ChannelAccountRepository") {
  static readonly layerMemory = Layer.effect(ChannelAccountRepository, Effect.sync(makeMemory))
}

/** The index key of a lookup key; verify tokens live in their own namespace. */
export const indexKey = (channel: string, key: string): string => `${channel}\u0000${key}`
export const verifyIndexKey = (channel: string, token: string): string => `verify\u0000${channel}\u0000${token}`

/** Every index entry of an account: its lookup keys and its verify token. */
export const indexEntries = (
  account: NewChannelAccount
): ReadonlyArray<{ channel: string; key: string; index: string }> => {
  const entries = lookupKeys(account).map((k) => ({ ...k, index: indexKey(k.channel, k.key) }))
  return account.verifyToken === undefined
    ? entries
    : [
        ...entries,
        {
          channel: account.type,
          key: account.verifyToken,
          index: verifyIndexKey(account.type, account.verifyToken)
        }
      ]
}

function makeMemory(): ChannelAccountRepository["Service"] {
  const accounts = new Map<ChannelAccountId, ChannelAccount>()
  const index = new Map<string, ChannelAccountId>()

  const owned = (tenantId: TenantId, id: ChannelAccountId) => {
    const account = accounts.get(id)
    return account !== undefined && account.tenantId === tenantId ? account : undefined
  }
  const notFound = (id: string) => new NotFound({ entity: "channel account", id })
  const lookup = (at: string, what: string) =>
    Effect.suspend(() => {
      const id = index.get(at)
      const account = id === undefined ? undefined : accounts.get(id)
      return account === undefined ? Effect.fail(notFound(what)) : Effect.succeed(account)
    })

  return ChannelAccountRepository.of({
    create: (account) =>
      Effect.flatMap(
        Clock.currentTimeMillis,
        (now): Effect.Effect<ChannelAccount, ChannelAccountExists | ChannelKeyTaken | InvalidChannelAccount> => {
          const missing = missingFields(account)
          if (missing.length > 0) return Effect.fail(new InvalidChannelAccount({ missing }))
          if (accounts.has(account.id)) return Effect.fail(new ChannelAccountExists({ id: account.id }))
          const entries = indexEntries(account)
          const taken = entries.find((e) => index.has(e.index))
          if (taken !== undefined) return Effect.fail(new ChannelKeyTaken({ channel: taken.channel, key: taken.key }))
          const created: ChannelAccount = { ...account, createdAt: timestamp(now) }
          accounts.set(created.id, created)
          for (const e of entries) index.set(e.index, created.id)
          return Effect.succeed(created)
        }
      ),
    get: (tenantId, id) =>
      Effect.suspend(() => {
        const account = owned(tenantId, id)
        return account === undefined ? Effect.fail(notFound(id)) : Effect.succeed(account)
      }),
    list: (tenantId) =>
      Effect.sync(() =>
        [...accounts.values()]
          .filter((a) => a.tenantId === tenantId)
          .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      ),
    findByKey: (channel, key) => lookup(indexKey(channel, key), `${channel}:${key}`),
    findByVerifyToken: (channel, token) => lookup(verifyIndexKey(channel, token), `${channel} verify token`),
    setManagers: (tenantId, id, managers) =>
      Effect.suspend(() => {
        const account = owned(tenantId, id)
        if (account === undefined) return Effect.fail(notFound(id))
        const updated: ChannelAccount = { ...account, managers: [...new Set(managers)] }
        accounts.set(id, updated)
        return Effect.succeed(updated)
      }),
    remove: (tenantId, id) =>
      Effect.suspend(() => {
        const account = owned(tenantId, id)
        if (account === undefined) return Effect.fail(notFound(id))
        accounts.delete(id)
        for (const e of indexEntries(account)) index.delete(e.index)
        return Effect.void
      })
  })
}
