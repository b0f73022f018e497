import { randomUUID } from "node:crypto"
import { Redis } from "ioredis"

/** A key prefix no other run (or parallel suite) uses. */
export const runPrefix = (suite: string): string => `chatshop-test-${suite}-${randomUUID().slice(0, 8)}`

/** Delete every key under `prefix` (the run's own keys only). */
export const deleteKeys = async (url: string, prefix: string): Promise<void> => {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 })
  await redis.connect()
  let cursor = "0"
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500)
    cursor = next
    if (keys.length > 0) await redis.del(...keys)
  } while (cursor !== "0")
  await redis.quit()
}
