import { layer } from "@chatshop/adapters/postgres"
import {
  businessRepositoryContract,
  catalogRepositoryContract,
  conversationRepositoryContract,
  offerRepositoryContract,
  orderRepositoryContract,
  outboxContract,
  stockLedgerContract,
  tenantRepositoryContract
} from "@chatshop/domain/testing"
import { describe } from "vitest"
import { databaseUrl } from "../env.ts"
import { inboundDedupeSuite } from "./InboundDedupeSuite.ts"

const url = databaseUrl()

// Every domain contract against real PostgreSQL (the shared test database: fresh tenants keep runs
// apart, migrations are idempotent). Each contract includes its cross-tenant test (SPEC §9.8).
describe.skipIf(url === undefined)("PostgreSQL", () => {
  const db = layer({ url: url ?? "", poolSize: 4, migrate: true })
  stockLedgerContract("PostgreSQL", db)
  tenantRepositoryContract("PostgreSQL", db)
  catalogRepositoryContract("PostgreSQL", db)
  orderRepositoryContract("PostgreSQL", db)
  offerRepositoryContract("PostgreSQL", db)
  businessRepositoryContract("PostgreSQL", db)
  conversationRepositoryContract("PostgreSQL", db)
  outboxContract("PostgreSQL", db)
  inboundDedupeSuite("PostgreSQL", db)
})
