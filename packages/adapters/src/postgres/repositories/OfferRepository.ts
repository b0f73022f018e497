import { type BusinessId, Offer, type OfferId, type TenantId } from "@chatshop/domain"
import { Effect, Layer, type Result } from "effect"
import { type Kysely, sql } from "kysely"
import type { Database } from "../Database.ts"
import { Db, run } from "../Db.ts"
import { tenantRun, tenantTransaction } from "../Tenancy.ts"
import { decoder, dieOnSql, json, now } from "./Rows.ts"
import { type Documents, getDocument, sameIdentity, updateDocument, writeDocument } from "./Update.ts"

const decodeOffer = decoder(Offer.Offer)
const decodeBusiness = decoder(Offer.Business)
const states =
  <A>(decode: (u: unknown) => A) =>
  (rows: ReadonlyArray<{ readonly state: unknown }>) =>
    rows.map((r) => decode(r.state))

const offerColumns = (o: Offer.Offer, at: number) => ({
  business_id: o.businessId,
  status: o.status,
  quantity: o.quantity,
  claimed: o.claimed,
  starts_at: o.window.startsAt,
  ends_at: o.window.endsAt,
  state: json(o),
  version: o.version,
  updated_at: at
})

const offers: Documents<"offers", Offer.Offer> = {
  table: "offers",
  entity: "offer",
  decode: decodeOffer,
  columns: offerColumns
}

const businessColumns = (b: Offer.Business, at: number) => ({
  name: b.name,
  status: b.status,
  state: json(b),
  version: b.version,
  updated_at: at
})

const businesses: Documents<"businesses", Offer.Business> = {
  table: "businesses",
  entity: "business",
  decode: decodeBusiness,
  columns: businessColumns
}

/** Project the claims that changed into offer_claims (who claimed what), beside the document. */
const writeClaims = (trx: Kysely<Database>, next: Offer.Offer, previous: Offer.Offer | undefined) =>
  Effect.gen(function* () {
    const before = previous?.claims ?? {}
    const changed = Object.entries(next.claims).filter(([id, claim]) => json(before[id as never]) !== json(claim))
    const removed = Object.keys(before).filter((id) => !(id in next.claims))
    if (removed.length > 0) {
      yield* run(() =>
        trx
          .deleteFrom("offer_claims")
          .where("tenant_id", "=", next.tenantId)
          .where("offer_id", "=", next.id)
          .where("id", "in", removed)
          .execute()
      )
    }
    if (changed.length === 0) return
    yield* run(() =>
      trx
        .insertInto("offer_claims")
        .values(
          changed.map(([id, c]) => ({
            tenant_id: next.tenantId,
            offer_id: next.id,
            id,
            customer_id: c.customerId,
            qty: c.qty,
            status: c.status,
            at: c.at
          }))
        )
        .onConflict((oc) =>
          oc.columns(["tenant_id", "offer_id", "id"]).doUpdateSet((eb) => ({
            customer_id: eb.ref("excluded.customer_id"),
            qty: eb.ref("excluded.qty"),
            status: eb.ref("excluded.status"),
            at: eb.ref("excluded.at")
          }))
        )
        .execute()
    )
  })

/** SELECT … FOR UPDATE, the pure function, then the write: one offer's commands serialise across processes. */
export const makeOffers = Effect.gen(function* () {
  const { kysely } = yield* Db

  return Offer.OfferRepository.of({
    create: (offer) =>
      tenantTransaction(kysely, offer.tenantId, (trx) =>
        Effect.gen(function* () {
          const at = yield* now
          const inserted = yield* run(() =>
            trx
              .insertInto("offers")
              .values({
                tenant_id: offer.tenantId,
                id: offer.id,
                created_at: offer.createdAt,
                ...offerColumns(offer, at)
              })
              .onConflict((oc) => oc.columns(["tenant_id", "id"]).doNothing())
              .returning("id")
              .executeTakeFirst()
          )
          if (inserted === undefined) return yield* new Offer.OfferAlreadyExists({ offerId: offer.id })
          yield* writeClaims(trx, offer, undefined)
          return offer
        })
      ).pipe(dieOnSql),

    get: (tenantId, id) => getDocument(kysely, offers, tenantId, id),

    list: (tenantId, filter = {}) =>
      tenantRun(kysely, tenantId, (db) => {
        let query = db.selectFrom("offers").select("state").where("tenant_id", "=", tenantId)
        if (filter.status !== undefined) query = query.where("status", "=", filter.status)
        if (filter.businessId !== undefined) query = query.where("business_id", "=", filter.businessId)
        return query.orderBy("created_at").orderBy(sql`id collate "C"`).execute()
      }).pipe(Effect.orDie, Effect.map(states(decodeOffer))),

    update: <E>(tenantId: TenantId, id: OfferId, f: (current: Offer.Offer) => Result.Result<Offer.OfferChange, E>) =>
      updateDocument(kysely, offers, tenantId, id, f, (trx, change, current) =>
        Effect.gen(function* () {
          const next = yield* sameIdentity(offers, tenantId, id, change.state)
          yield* writeDocument(trx, offers, next, yield* now)
          yield* writeClaims(trx, next, current)
          return change
        })
      ).pipe(dieOnSql),

    // The expiry sweeper's query: across tenants by design.
    listExpiring: (at, limit) =>
      limit <= 0
        ? Effect.succeed([])
        : run(() =>
            kysely
              .selectFrom("offers")
              .select("state")
              .where("status", "<>", "expired")
              .where("ends_at", "<=", at)
              .orderBy("ends_at")
              .orderBy("created_at")
              .orderBy(sql`id collate "C"`)
              .limit(limit)
              .execute()
          ).pipe(Effect.orDie, Effect.map(states(decodeOffer)))
  })
})

export const makeBusinesses = Effect.gen(function* () {
  const { kysely } = yield* Db

  return Offer.BusinessRepository.of({
    create: (business) =>
      Effect.gen(function* () {
        const at = yield* now
        const inserted = yield* tenantRun(kysely, business.tenantId, (db) =>
          db
            .insertInto("businesses")
            .values({ tenant_id: business.tenantId, id: business.id, created_at: at, ...businessColumns(business, at) })
            .onConflict((oc) => oc.columns(["tenant_id", "id"]).doNothing())
            .returning("id")
            .executeTakeFirst()
        ).pipe(Effect.orDie)
        if (inserted === undefined) return yield* new Offer.BusinessAlreadyExists({ businessId: business.id })
        return business
      }),

    get: (tenantId, id) => getDocument(kysely, businesses, tenantId, id),

    list: (tenantId, filter = {}) =>
      tenantRun(kysely, tenantId, (db) => {
        let query = db.selectFrom("businesses").select("state").where("tenant_id", "=", tenantId)
        if (filter.status !== undefined) query = query.where("status", "=", filter.status)
        return query.orderBy(sql`id collate "C"`).execute()
      }).pipe(Effect.orDie, Effect.map(states(decodeBusiness))),

    update: <E>(
      tenantId: TenantId,
      id: BusinessId,
      f: (current: Offer.Business) => Result.Result<Offer.BusinessChange, E>
    ) =>
      updateDocument(kysely, businesses, tenantId, id, f, (trx, change) =>
        Effect.gen(function* () {
          const next = yield* sameIdentity(businesses, tenantId, id, change.state)
          yield* writeDocument(trx, businesses, next, yield* now)
          return change
        })
      ).pipe(dieOnSql),

    // The platform admin's review queue: across tenants by design.
    listPending: (limit) =>
      limit <= 0
        ? Effect.succeed([])
        : run(() =>
            kysely
              .selectFrom("businesses")
              .select("state")
              .where("status", "=", "pending")
              .orderBy(sql`tenant_id collate "C"`)
              .orderBy(sql`id collate "C"`)
              .limit(limit)
              .execute()
          ).pipe(Effect.orDie, Effect.map(states(decodeBusiness)))
  })
})

export const layerOffers = Layer.effect(Offer.OfferRepository, makeOffers)
export const layerBusinesses = Layer.effect(Offer.BusinessRepository, makeBusinesses)
