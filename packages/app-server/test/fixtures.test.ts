import { readdirSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { parseWebhook } from "@chatshop/adapters/channels"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { deliver, keys, makeHarness, NOW, type Platform } from "./harness.ts"

// The real platform payloads the channel adapters are tested with (sources in SOURCES.md there).
const dir = fileURLToPath(new URL("../../adapters/test/fixtures/channels/", import.meta.url))
const inbound = readdirSync(dir).filter((f) => f.endsWith(".json") && !f.includes("-send-"))

const platformOf = (file: string): Platform => file.split("-")[0] as Platform

/** Point the fixture at the harness's accounts (phone number id, page id, business id). */
const retarget = (platform: Platform, json: unknown): unknown => {
  const text = JSON.stringify(json).replaceAll("<PAGE_ID>", keys.messenger.pageId)
  const body = JSON.parse(text) as Record<string, unknown>
  if (platform === "whatsapp") {
    for (const entry of (body.entry as Array<{
      changes?: Array<{ value?: { metadata?: Record<string, unknown> } }>
    }>) ?? []) {
      for (const change of entry.changes ?? []) {
        if (change.value?.metadata !== undefined) change.value.metadata.phone_number_id = keys.whatsapp.phoneNumberId
      }
    }
  }
  if (platform === "messenger" && body.object === undefined) {
    return { object: "page", entry: [{ id: keys.messenger.pageId, time: 1, messaging: [body] }] }
  }
  if (platform === "tiktok") body.user_openid = keys.tiktok.businessId
  return body
}

describe("real platform payloads through the webhook routes", () => {
  it.each(inbound)("%s → 200, and the queued events are exactly what the parser reads", async (file) => {
    const h = await makeHarness()
    const platform = platformOf(file)
    const body = retarget(platform, JSON.parse(readFileSync(dir + file, "utf8")))
    const response = await deliver(h.app, platform, body)
    expect(response.status).toBe(200)
    const accountKey = platform === "telegram" ? "ch-tg" : undefined
    const parsed = parseWebhook(
      platform,
      body,
      accountKey === undefined ? { receivedAt: NOW } : { receivedAt: NOW, accountKey }
    )
    if (Result.isFailure(parsed)) throw new Error(parsed.failure.reason)
    expect(parsed.success.length).toBeGreaterThan(0)
    const queued = h.queue.adds.map((a) => (a.payload as { event: unknown }).event)
    expect(queued).toEqual(parsed.success.map((e) => ({ ...e, tenantId: h.tenantId })))
    for (const add of h.queue.adds) {
      const kind = (add.payload as { event: { kind: string } }).event.kind
      expect(add.queue).toBe(kind === "status" || kind === "read" ? "inbound-receipts" : "inbound")
    }
    await h.dispose()
  })
})
