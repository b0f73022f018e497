import { layer } from "@chatshop/adapters/postgres"
import { afterAll } from "vitest"
import { repositoryContracts } from "./RepositoryContracts.ts"
import { databaseUrl, describeWith } from "../env.ts"
import { scratchDatabase } from "./scratch.ts"

const url = databaseUrl()
// A database of its own: other packages' suites run sweepers (hold expiry, order and offer expiry)
// across every tenant of the shared test database, and would act on these contracts' rows.
const scratch = url === undefined ? undefined : await scratchDatabase(url, "contracts")
afterAll(() => scratch?.drop())

// Every domain contract against real PostgreSQL; each includes its cross-tenant test (SPEC §9.8).
// Split in two files so each stays short on a busy runner: see Contracts.messaging.postgres.test.ts.
describeWith("database")("PostgreSQL", () => {
  const db = layer({ url: scratch?.url ?? "", poolSize: 4, migrate: true })
  repositoryContracts("PostgreSQL", db)
})
