import { layer } from "@chatshop/adapters/postgres"
import { conversationRepositoryContract, outboxContract, unitOfWorkContract } from "@chatshop/domain/testing"
import { afterAll } from "vitest"
import { databaseUrl, describeWith } from "../env.ts"
import { fencingSuite } from "./FencingSuite.ts"
import { inboundDedupeSuite } from "./InboundDedupeSuite.ts"
import { rowLevelSecuritySuite } from "./RowLevelSecuritySuite.ts"
import { scratchDatabase } from "./scratch.ts"
import { unitOfWorkSuite } from "./UnitOfWorkSuite.ts"

const url = databaseUrl()
// A database of its own: other packages' workers claim outbox rows of every tenant of the shared
// test database (the platform's sender), which would take these contracts' rows.
const scratch = url === undefined ? undefined : await scratchDatabase(url, "messaging")
afterAll(() => scratch?.drop())

// The rest of the contracts on real PostgreSQL (see Contracts.postgres.test.ts), plus fencing and
// row-level security; only the migrations made this database, so the RLS table check is strict.
describeWith("database")("PostgreSQL", () => {
  const db = layer({ url: scratch?.url ?? "", poolSize: 4, migrate: true })
  conversationRepositoryContract("PostgreSQL", db)
  outboxContract("PostgreSQL", db)
  unitOfWorkContract("PostgreSQL", db)
  unitOfWorkSuite("PostgreSQL", db, true)
  inboundDedupeSuite("PostgreSQL", db)
  fencingSuite("PostgreSQL", db)
  rowLevelSecuritySuite("PostgreSQL", db, true)
})
