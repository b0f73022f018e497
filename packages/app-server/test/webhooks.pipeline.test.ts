// The one webhook pipeline: what every platform description gets from it, beyond the per-platform
// answers of webhooks.errors.test.ts.
import { createHmac } from "node:crypto"
import { GreenApi, type WebhookDescription } from "@chatshop/adapters/channels"
import { ChannelAccount, ChannelAccountId, TenantId } from "@chatshop/domain"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { webhookRoutes } from "../src/webhooks/Routes.ts"
import { authHeaders, deliver, keys, makeHarness, messageBody, NOW } from "./harness.ts"

let h: Awaited<ReturnType<typeof makeHarness>>
beforeAll(async () => {
  h = await makeHarness()
})
afterAll(() => h.dispose())

let counter = 0
const fresh = () => `pipe${++counter}${Date.now()}`
const hmacHex = (secret: string, data: string) => createHmac("sha256", secret).update(data).digest("hex")

type Job = { channelAccountId: string; event: { tenantId: string; accountKey: string; channel: string } }
const jobsSince = (before: number) => h.queue.adds.slice(before).map((a) => a.payload as Job)

describe("a platform is one description", () => {
  // A made-up platform: GREEN-API's bodies, named by `instanceData.idInstance`, signed like Meta.
  const acme: WebhookDescription = {
    source: "acme",
    accountIn: "body",
    accountKeys: (body) => {
      const key = (body as { instanceData?: { idInstance?: unknown } }).instanceData?.idInstance
      return key === undefined ? [] : [{ channel: "greenapi", key: String(key) }]
    },
    accountField: "instanceData.idInstance",
    auth: { scheme: "hmac", header: "X-Acme-Signature", secret: "webhookToken" },
    parse: GreenApi.parseWebhook
  }
  const post = (raw: string, signature: string) =>
    webhookRoutes(h.runtime, { now: () => NOW, platforms: [acme] }).request("/acme", {
      method: "POST",
      headers: { "x-acme-signature": `sha256=${signature}` },
      body: raw
    })

  it("is served at /<source>: signed → 200 and a job for the account; wrong secret → 401", async () => {
    const raw = JSON.stringify(messageBody("greenapi", fresh()))
    const before = h.queue.adds.length
    const ok = await post(raw, hmacHex(keys.greenapi.webhookToken, raw))
    expect(ok.status).toBe(200)
    expect(jobsSince(before).map((j) => j.channelAccountId)).toEqual([h.accounts.greenapi.id])
    expect((await post(raw, hmacHex("wrong", raw))).status).toBe(401)
    const unnamed = JSON.stringify({ typeWebhook: "incomingMessageReceived" })
    const noAccount = await post(unnamed, hmacHex(keys.greenapi.webhookToken, unnamed))
    expect(noAccount.status).toBe(400)
    expect(await noAccount.json()).toMatchObject({ error: { message: expect.stringContaining("instanceData") } })
  })
})

describe("accounts named by the path", () => {
  it("the platform's own id in the path (Telegram bot id) → events keyed by our account id", async () => {
    const before = h.queue.adds.length
    const response = await deliver(h.app, "telegram", messageBody("telegram", fresh()), {
      path: "/webhooks/telegram/777"
    })
    expect(response.status).toBe(200)
    const [job] = jobsSince(before)
    expect(job?.channelAccountId).toBe(h.accounts.telegram.id)
    expect(job?.event.accountKey).toBe(h.accounts.telegram.id)
  })
})

describe("a body for several accounts (one Meta app, two numbers)", () => {
  const second = { id: "ch-wa-2", tenant: "shop-2", phoneNumberId: "106540352242999" }
  beforeAll(async () => {
    await h.runtime.runPromise(
      ChannelAccount.ChannelAccountRepository.use((repo) =>
        Effect.all([
          repo.create({
            id: ChannelAccountId.make(second.id),
            tenantId: TenantId.make(second.tenant),
            type: "whatsapp",
            phoneNumberId: second.phoneNumberId,
            verifyToken: "wa-verify-2",
            secrets: { appSecret: keys.whatsapp.appSecret, accessToken: "a" },
            managers: []
          }),
          repo.create({
            id: ChannelAccountId.make("ch-wa-other-app"),
            tenantId: TenantId.make("shop-3"),
            type: "whatsapp",
            phoneNumberId: "106540352243000",
            verifyToken: "wa-verify-3",
            secrets: { appSecret: "another-app-secret", accessToken: "a" },
            managers: []
          })
        ])
      )
    )
  })

  /** One WhatsApp body with a change for each number. */
  const batch = (...numbers: ReadonlyArray<string>) => {
    const bodies = numbers.map((n) => {
      const body = messageBody("whatsapp", fresh()) as {
        entry: Array<{ changes: Array<{ value: { metadata: { phone_number_id: string } } }> }>
      }
      body.entry[0]!.changes[0]!.value.metadata.phone_number_id = n
      return body
    })
    return { ...bodies[0], entry: bodies.flatMap((b) => b.entry) }
  }

  it("each event goes to its own account and tenant", async () => {
    const before = h.queue.adds.length
    const response = await deliver(h.app, "whatsapp", batch(keys.whatsapp.phoneNumberId, second.phoneNumberId))
    expect(await response.json()).toMatchObject({ status: "ok", accepted: 2 })
    expect(jobsSince(before).map((j) => [j.channelAccountId, j.event.tenantId])).toEqual([
      [h.accounts.whatsapp.id, h.tenantId],
      [second.id, second.tenant]
    ])
  })

  it("one of them under another app secret → 401, nothing taken in", async () => {
    const before = h.queue.adds.length
    const response = await deliver(h.app, "whatsapp", batch(keys.whatsapp.phoneNumberId, "106540352243000"))
    expect(response.status).toBe(401)
    expect(h.queue.adds.length).toBe(before)
  })

  it("one of them unknown → 404, nothing taken in", async () => {
    const before = h.queue.adds.length
    const response = await deliver(h.app, "whatsapp", batch(keys.whatsapp.phoneNumberId, "1"))
    expect(response.status).toBe(404)
    expect(h.queue.adds.length).toBe(before)
  })
})

describe("the body is read and parsed once", () => {
  it.each(["whatsapp", "telegram"] as const)("%s: one JSON.parse per delivery", async (platform) => {
    const body = messageBody(platform, fresh())
    const raw = JSON.stringify(body)
    const parse = vi.spyOn(JSON, "parse")
    try {
      const response = await deliver(h.app, platform, body, { headers: authHeaders(platform, raw) })
      expect(response.status).toBe(200)
      expect(parse).toHaveBeenCalledTimes(1)
    } finally {
      parse.mockRestore()
    }
  })
})
