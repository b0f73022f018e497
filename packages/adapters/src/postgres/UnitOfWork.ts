import { UnitOfWork } from "@chatshop/domain"
import { Effect, Layer } from "effect"
import { Db } from "./Db.ts"
import { dieOnSql } from "./repositories/Rows.ts"
import { tenantTransaction } from "./Tenancy.ts"

/**
 * Units of work on PostgreSQL/PGlite: one transaction as the tenant (row-level security set once),
 * held on the fiber, so every repository built on `Db` runs its statements in it (Db.ts,
 * Tenancy.ts). Deadlocks rerun the whole unit; a broken connection or failed commit is a defect.
 */
export const make = Effect.map(Db, ({ kysely }) =>
  UnitOfWork.of({
    transaction: <A, E, R>(tenantId: string, body: Effect.Effect<A, E, R>) =>
      dieOnSql(tenantTransaction(kysely, tenantId, () => body)) as Effect.Effect<A, E, R>
  })
)

export const layer = Layer.effect(UnitOfWork, make)
