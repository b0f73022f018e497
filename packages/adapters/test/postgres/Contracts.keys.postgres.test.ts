import { layerDb } from "@chatshop/adapters/postgres"
import {
  apiKeyRepositoryContract,
  channelAccountRepositoryContract,
  inboundDedupeContract
} from "@chatshop/domain/testing"
import { afterAll } from "vitest"
import { databaseUrl, describeWith } from "../env.ts"
import { channelSecretsSuite, keysLayer } from "./ChannelSecretsSuite.ts"
import { scratchDatabase } from "./scratch.ts"

const url = databaseUrl()
// A database of its own: the dedupe purge of other suites sweeps every tenant's old records,
// and these tests move the clock far ahead.
const scratch = url === undefined ? undefined : await scratchDatabase(url, "keys")
afterAll(() => scratch?.drop())

describeWith("database")("PostgreSQL", () => {
  const db = layerDb({ url: scratch?.url ?? "", poolSize: 4, migrate: true })
  const layer = keysLayer(db)
  channelAccountRepositoryContract("PostgreSQL", layer)
  apiKeyRepositoryContract("PostgreSQL", layer)
  inboundDedupeContract("PostgreSQL", layer)
  channelSecretsSuite("PostgreSQL", db)
})
