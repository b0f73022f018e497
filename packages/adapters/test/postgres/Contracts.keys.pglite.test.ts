import { PGlite } from "@electric-sql/pglite"
import { layerDbPglite } from "@chatshop/adapters/postgres"
import {
  apiKeyRepositoryContract,
  channelAccountRepositoryContract,
  inboundDedupeContract
} from "@chatshop/domain/testing"
import { afterAll } from "vitest"
import { channelSecretsSuite, keysLayer } from "./ChannelSecretsSuite.ts"

// Channel accounts (secrets sealed with CHATSHOP_SECRET_KEY), API keys and the dedupe port on PGlite.
const pglite = new PGlite()
afterAll(() => pglite.close())
const db = layerDbPglite({ pglite })
const layer = keysLayer(db)

channelAccountRepositoryContract("PGlite", layer)
apiKeyRepositoryContract("PGlite", layer)
inboundDedupeContract("PGlite", layer)
channelSecretsSuite("PGlite", db)
