import { PGlite } from "@electric-sql/pglite"
import { layerPglite } from "@chatshop/adapters/postgres"
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
import { afterAll } from "vitest"
import { inboundDedupeSuite } from "./InboundDedupeSuite.ts"

// Every domain contract against the SQL adapters on PGlite. One PGlite for the file (starting one
// costs seconds); every test works in fresh tenants, so they share it without cleanup.
const pglite = new PGlite()
afterAll(() => pglite.close())
const layer = layerPglite({ pglite })

stockLedgerContract("PGlite", layer)
tenantRepositoryContract("PGlite", layer)
catalogRepositoryContract("PGlite", layer)
orderRepositoryContract("PGlite", layer)
offerRepositoryContract("PGlite", layer)
businessRepositoryContract("PGlite", layer)
conversationRepositoryContract("PGlite", layer)
outboxContract("PGlite", layer)
inboundDedupeSuite("PGlite", layer)
