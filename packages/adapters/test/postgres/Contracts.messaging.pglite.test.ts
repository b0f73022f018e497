import { PGlite } from "@electric-sql/pglite"
import { layerPglite } from "@chatshop/adapters/postgres"
import { conversationRepositoryContract, outboxContract, unitOfWorkContract } from "@chatshop/domain/testing"
import { afterAll } from "vitest"
import { unitOfWorkSuite } from "./UnitOfWorkSuite.ts"

// The conversation, outbox and unit-of-work contracts on PGlite (the rest: Contracts.pglite.test.ts).
const pglite = new PGlite()
afterAll(() => pglite.close())
const layer = layerPglite({ pglite })

conversationRepositoryContract("PGlite", layer)
outboxContract("PGlite", layer)
unitOfWorkContract("PGlite", layer)
unitOfWorkSuite("PGlite", layer, false)
