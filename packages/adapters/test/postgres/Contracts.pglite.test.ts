import { PGlite } from "@electric-sql/pglite"
import { layerPglite } from "@chatshop/adapters/postgres"
import { afterAll } from "vitest"
import { repositoryContracts } from "./RepositoryContracts.ts"
import { fencingSuite } from "./FencingSuite.ts"
import { inboundDedupeSuite } from "./InboundDedupeSuite.ts"
import { rowLevelSecuritySuite } from "./RowLevelSecuritySuite.ts"

// Every domain contract against the SQL adapters on PGlite, in two files so each stays short on a
// busy 2-core runner (the other, with the outbox's long property: Contracts.messaging.pglite.test.ts).
// One PGlite per file (starting one costs seconds); every test works in fresh tenants, so they
// share it without cleanup. Only the migrations made this database: the RLS table check is strict.
const pglite = new PGlite()
afterAll(() => pglite.close())
const layer = layerPglite({ pglite })

repositoryContracts("PGlite", layer)
inboundDedupeSuite("PGlite", layer)
fencingSuite("PGlite", layer)
rowLevelSecuritySuite("PGlite", layer, true)
