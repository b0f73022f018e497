import { PGlite } from "@electric-sql/pglite"
import { layerPglite } from "@chatshop/adapters/postgres"
import { conversationRepositoryContract, outboxContract } from "@chatshop/domain/testing"
import { afterAll } from "vitest"

// The conversation and outbox contracts on PGlite (the rest: Contracts.pglite.test.ts).
const pglite = new PGlite()
afterAll(() => pglite.close())
const layer = layerPglite({ pglite })

conversationRepositoryContract("PGlite", layer)
outboxContract("PGlite", layer)
