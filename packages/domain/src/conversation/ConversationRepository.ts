import { Clock, Context, Effect, Layer, Result } from "effect"
import type { Channel } from "../shared/Channel.ts"
import type { Change } from "../shared/Decider.ts"
import type { CustomerId, Timestamp } from "../shared/Ids.ts"
import { ConversationId, type TenantId, timestamp } from "../shared/Ids.ts"
import { NotFound } from "../shared/TenantScope.ts"
import { joinUnits, restoreMap } from "../ports/UnitOfWork.ts"
import type { ConversationEvent } from "./Events.ts"
import { messageOf } from "./Messages.ts"
import { type Conversation, type ConversationKey, empty, isNudgeCandidate, type Message, type Owner } from "./Model.ts"

/** The new state and the events one atomic update produced. */
export type Transition = Change<Conversation, ConversationEvent>

export interface ConversationFilter {
  readonly channel?: Channel
  readonly customerId?: CustomerId
  readonly owner?: Owner
}

/** Keyset position in the nudge scan: (lastBotMessageAt, tenantId, id), compared in that order. */
export interface NudgeCursor {
  readonly lastBotMessageAt: Timestamp
  readonly tenantId: TenantId
  readonly id: ConversationId
}

export interface NudgeScan {
  /** Only candidates strictly after this position; page with the last one returned. */
  readonly after?: NudgeCursor
  /** Skip conversations that already had this many nudges since the customer's last reply. */
  readonly maxSent?: number
  /** Only these tenants (sharding the scheduler, tests on a shared database). */
  readonly tenantIds?: ReadonlyArray<TenantId>
}

/**
 * The conversation store (SPEC §3.7, §4). `update` reads, applies the pure function and writes the
 * state plus the messages its events record as one atomic step (PostgreSQL: SELECT … FOR UPDATE in
 * one transaction), so one conversation's commands serialise across processes.
 */
export class ConversationRepository extends Context.Service<
  ConversationRepository,
  {
    /** The conversation of (tenant, channel account, customer), created on first contact (idempotent). */
    readonly getOrCreate: (tenantId: TenantId, key: ConversationKey) => Effect.Effect<Conversation>
    readonly get: (tenantId: TenantId, id: ConversationId) => Effect.Effect<Conversation, NotFound>
    /** Oldest first. */
    readonly list: (tenantId: TenantId, filter?: ConversationFilter) => Effect.Effect<ReadonlyArray<Conversation>>
    /** The recorded messages, in the order they were recorded. */
    readonly messages: (tenantId: TenantId, id: ConversationId) => Effect.Effect<ReadonlyArray<Message>, NotFound>
    readonly update: <E>(
      tenantId: TenantId,
      id: ConversationId,
      f: (current: Conversation) => Result.Result<Transition, E>
    ) => Effect.Effect<Transition, E | NotFound>
    /**
     * Across tenants, conversations `nextNudge` should look at (`isNudgeCandidate`), ordered by
     * (lastBotMessageAt, tenantId, id) in code-point order, at most `limit`.
     */
    readonly listNudgeCandidates: (limit: number, scan?: NudgeScan) => Effect.Effect<ReadonlyArray<Conversation>>
  }
>()("@chatshop/domain/conversation/ConversationRepository") {
  static readonly layerMemory = Layer.effect(ConversationRepository, Effect.sync(makeMemory))
}

const key = (tenantId: TenantId, id: string) => `${tenantId}\u0000${id}`
const identity = (tenantId: TenantId, k: ConversationKey) =>
  `${tenantId}\u0000${k.channelAccountId}\u0000${k.customerId}`

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Position of a candidate in the nudge scan order. */
export const nudgeCursorOf = (c: Conversation): NudgeCursor => ({
  lastBotMessageAt: c.nudge.lastBotMessageAt ?? timestamp(0),
  tenantId: c.tenantId,
  id: c.id
})

export const compareNudgeCursor = (a: NudgeCursor, b: NudgeCursor): number =>
  a.lastBotMessageAt - b.lastBotMessageAt || compare(a.tenantId, b.tenantId) || compare(a.id, b.id)

/** In-memory store: every method runs synchronously, so each update is atomic. */
function makeMemory(): ConversationRepository["Service"] {
  const conversations = new Map<string, Conversation>()
  const byIdentity = new Map<string, ConversationId>()
  const logs = new Map<string, Array<Message>>()
  let counter = 0

  const find = (tenantId: TenantId, id: ConversationId) =>
    Effect.suspend(() => {
      const found = conversations.get(key(tenantId, id))
      return found === undefined ? Effect.fail(new NotFound({ entity: "conversation", id })) : Effect.succeed(found)
    })

  const record = (state: Conversation, events: ReadonlyArray<ConversationEvent>) => {
    const log = logs.get(key(state.tenantId, state.id)) ?? []
    for (const event of events) {
      const message = messageOf(state, event)
      if (message !== undefined) log.push(message)
      if (event._tag === "MessageDelivered") {
        const index = log.findIndex((m) => m.id === event.messageId)
        const sent = log[index]
        if (sent !== undefined) log[index] = { ...sent, platformMessageId: event.platformMessageId }
      }
    }
    logs.set(key(state.tenantId, state.id), log)
  }

  // A unit of work that fails puts the conversations, their identities and logs back.
  const snapshot = () => {
    const saved = [
      new Map(conversations),
      new Map(byIdentity),
      new Map([...logs].map(([k, log]) => [k, [...log]]))
    ] as const
    return () => {
      restoreMap(conversations, saved[0])
      restoreMap(byIdentity, saved[1])
      restoreMap(logs, saved[2])
    }
  }

  const repository = ConversationRepository.of({
    getOrCreate: (tenantId, k) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.sync(() => {
          const existing = byIdentity.get(identity(tenantId, k))
          if (existing !== undefined) return conversations.get(key(tenantId, existing))!
          counter += 1
          const id = ConversationId.make(`conv-${counter}`)
          const created = empty(id, tenantId, k, timestamp(now))
          conversations.set(key(tenantId, id), created)
          byIdentity.set(identity(tenantId, k), id)
          logs.set(key(tenantId, id), [])
          return created
        })
      ),
    get: find,
    list: (tenantId, filter = {}) =>
      Effect.sync(() =>
        [...conversations.values()].filter(
          (c) =>
            c.tenantId === tenantId &&
            (filter.channel === undefined || c.channel === filter.channel) &&
            (filter.customerId === undefined || c.customerId === filter.customerId) &&
            (filter.owner === undefined || c.owner === filter.owner)
        )
      ),
    messages: (tenantId, id) => Effect.map(find(tenantId, id), () => [...(logs.get(key(tenantId, id)) ?? [])]),
    update: <E>(tenantId: TenantId, id: ConversationId, f: (current: Conversation) => Result.Result<Transition, E>) =>
      // Read, apply and write in one synchronous step: no other fiber can run in between.
      Effect.suspend((): Effect.Effect<Transition, E | NotFound> => {
        const current = conversations.get(key(tenantId, id))
        if (current === undefined) return Effect.fail(new NotFound({ entity: "conversation", id }))
        const applied = f(current)
        if (Result.isFailure(applied)) return Effect.fail(applied.failure)
        // The identity is the key: a function that changed it is a bug, not a new conversation.
        const state = { ...applied.success.state, id: current.id, tenantId: current.tenantId }
        conversations.set(key(tenantId, id), state)
        record(state, applied.success.events)
        return Effect.succeed({ state, events: applied.success.events })
      }),
    listNudgeCandidates: (limit, scan = {}) =>
      Effect.sync(() =>
        [...conversations.values()]
          .filter(
            (c) =>
              isNudgeCandidate(c) &&
              (scan.maxSent === undefined || c.nudge.sent < scan.maxSent) &&
              (scan.tenantIds === undefined || scan.tenantIds.includes(c.tenantId)) &&
              (scan.after === undefined || compareNudgeCursor(nudgeCursorOf(c), scan.after) > 0)
          )
          .sort((a, b) => compareNudgeCursor(nudgeCursorOf(a), nudgeCursorOf(b)))
          .slice(0, Math.max(0, limit))
      )
  })
  return joinUnits(repository, { writes: ["getOrCreate", "update"], snapshot })
}
