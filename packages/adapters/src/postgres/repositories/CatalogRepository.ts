import { Catalog, NotFound, type ProductId, type Sku, type TenantId } from "@chatshop/domain"
import { Effect, Layer, Result } from "effect"
import { type Kysely, sql } from "kysely"
import type { Database } from "../Database.ts"
import { Db, run } from "../Db.ts"
import { tenantRun, tenantTransaction } from "../Tenancy.ts"
import { decoder, dieOnSql, json, now, retryOnUniqueViolation } from "./Rows.ts"
import { type Documents, getDocument, sameIdentity, updateDocument, writeDocument } from "./Update.ts"

const decode = decoder(Catalog.Product)
const notFound = (id: string) => new NotFound({ entity: "product", id })

/** The product's own columns; `state` keeps the whole product, the columns serve filters and search. */
const columns = (p: Catalog.Product, at: number) => ({
  title: p.title,
  brand: p.brand ?? null,
  category: p.category,
  description: p.description,
  photos: json(p.photos),
  price_amount: p.price.amount,
  currency: p.price.currency,
  search_text: [
    p.title,
    p.brand ?? "",
    p.category,
    ...p.variants.flatMap((v) => [v.sku, v.options.size ?? "", v.options.color ?? ""])
  ]
    .join(" ")
    .toLowerCase(),
  state: json(p),
  updated_at: at
})

const products: Documents<"products", Catalog.Product> = { table: "products", entity: "product", decode, columns }

/** SkuTaken when another product of the tenant owns one of these skus (PostgreSQL also has the primary key). */
const skuOwner = (trx: Kysely<Database>, p: Catalog.Product) =>
  Effect.gen(function* () {
    const owner = yield* run(() =>
      trx
        .selectFrom("variants")
        .select(["sku", "product_id"])
        .where("tenant_id", "=", p.tenantId)
        .where(
          "sku",
          "in",
          p.variants.map((v) => v.sku)
        )
        .where("product_id", "<>", p.id)
        .limit(1)
        .executeTakeFirst()
    )
    if (owner !== undefined) {
      return yield* new Catalog.SkuTaken({ sku: owner.sku as Sku, productId: owner.product_id as ProductId })
    }
  })

const writeVariants = (trx: Kysely<Database>, p: Catalog.Product) =>
  run(() =>
    trx
      .insertInto("variants")
      .values(
        p.variants.map((v, position) => ({
          tenant_id: p.tenantId,
          sku: v.sku,
          product_id: p.id,
          position,
          options: json(v.options),
          price_amount: v.price?.amount ?? null,
          currency: v.price?.currency ?? null,
          measurements: v.measurements === undefined ? null : json(v.measurements),
          one_of_a_kind: v.oneOfAKind
        }))
      )
      .execute()
  )

// Two writers claiming one sku at once: the loser's insert hits the key and its rerun reports SkuTaken.
const retryRace = retryOnUniqueViolation

export const make = Effect.gen(function* () {
  const { kysely } = yield* Db

  return Catalog.CatalogRepository.of({
    create: (product) =>
      Effect.gen(function* () {
        const valid = Catalog.Invariants.validate(product)
        if (Result.isFailure(valid)) return yield* valid.failure
        const at = yield* now
        return yield* tenantTransaction(kysely, product.tenantId, (trx) =>
          Effect.gen(function* () {
            const inserted = yield* run(() =>
              trx
                .insertInto("products")
                .values({ tenant_id: product.tenantId, id: product.id, created_at: at, ...columns(product, at) })
                .onConflict((oc) => oc.columns(["tenant_id", "id"]).doNothing())
                .returning("id")
                .executeTakeFirst()
            )
            if (inserted === undefined) return yield* new Catalog.ProductExists({ productId: product.id })
            yield* skuOwner(trx, product)
            yield* writeVariants(trx, product)
            return product
          })
        ).pipe(retryRace, dieOnSql)
      }),

    get: (tenantId, id) => getDocument(kysely, products, tenantId, id),

    list: (tenantId, filter = {}) =>
      tenantRun(kysely, tenantId, (db) => {
        let query = db.selectFrom("products").select("state").where("tenant_id", "=", tenantId)
        if (filter.category !== undefined) query = query.where("category", "=", filter.category)
        return query.orderBy(sql`id collate "C"`).execute()
      }).pipe(
        Effect.orDie,
        Effect.map((rows) => rows.map((r) => decode(r.state)))
      ),

    update: <E>(
      tenantId: TenantId,
      id: ProductId,
      f: (current: Catalog.Product) => Result.Result<Catalog.Product, E>
    ) =>
      updateDocument(kysely, products, tenantId, id, f, (trx, product) =>
        Effect.gen(function* () {
          const next = yield* sameIdentity(products, tenantId, id, product)
          const valid = Catalog.Invariants.validate(next)
          if (Result.isFailure(valid)) return yield* valid.failure
          yield* skuOwner(trx, next)
          yield* writeDocument(trx, products, next, yield* now)
          yield* run(() =>
            trx.deleteFrom("variants").where("tenant_id", "=", tenantId).where("product_id", "=", id).execute()
          )
          yield* writeVariants(trx, next)
          return next
        })
      ).pipe(retryRace, dieOnSql),

    findBySku: (tenantId, sku) =>
      tenantRun(kysely, tenantId, (db) =>
        db
          .selectFrom("variants as v")
          .innerJoin("products as p", (j) =>
            j.onRef("p.tenant_id", "=", "v.tenant_id").onRef("p.id", "=", "v.product_id")
          )
          .select("p.state")
          .where("v.tenant_id", "=", tenantId)
          .where("v.sku", "=", sku)
          .executeTakeFirst()
      ).pipe(
        Effect.orDie,
        Effect.flatMap((row) => {
          const product = row === undefined ? undefined : decode(row.state)
          const variant = product?.variants.find((v) => v.sku === sku)
          return product === undefined || variant === undefined
            ? Effect.fail(new NotFound({ entity: "sku", id: sku }))
            : Effect.succeed({ product, variant })
        })
      ),

    delete: (tenantId, id) =>
      tenantRun(kysely, tenantId, (db) =>
        db
          .deleteFrom("products")
          .where("tenant_id", "=", tenantId)
          .where("id", "=", id)
          .returning("id")
          .executeTakeFirst()
      ).pipe(
        Effect.orDie,
        Effect.flatMap((row) => (row === undefined ? Effect.fail(notFound(id)) : Effect.void))
      )
  })
})

export const layer = Layer.effect(Catalog.CatalogRepository, make)
