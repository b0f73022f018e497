import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  authHeaders,
  deliver,
  keys,
  makeHarness,
  messageBody,
  NOW,
  pathOf,
  type Platform,
  platforms
} from "./harness.ts"

let h: Awaited<ReturnType<typeof makeHarness>>
beforeAll(async () => {
  h = await makeHarness()
})
afterAll(() => h.dispose())

let counter = 0
const fresh = () => `err${++counter}${Date.now()}`

const expectError = async (response: Response, status: number, code?: string) => {
  expect(response.status).toBe(status)
  const body = (await response.json()) as { error: { code: string; message: string } }
  expect(typeof body.error.code).toBe("string")
  expect(typeof body.error.message).toBe("string")
  if (code !== undefined) expect(body.error.code).toBe(code)
}

const missingAuth: Record<Platform, string> = {
  whatsapp: "x-hub-signature-256",
  messenger: "x-hub-signature-256",
  telegram: "x-telegram-bot-api-secret-token",
  tiktok: "tiktok-signature",
  greenapi: "authorization"
}

describe.each(platforms)("POST %s webhook", (platform) => {
  it("a correctly signed message → 200 and one job", async () => {
    const before = h.queue.adds.length
    const response = await deliver(h.app, platform, messageBody(platform, fresh()))
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ status: "ok", accepted: 1, duplicates: 0 })
    expect(h.queue.adds.length).toBe(before + 1)
    const job = h.queue.adds.at(-1)?.payload as { event: { tenantId: string; kind: string } }
    expect(job.event.tenantId).toBe(h.tenantId)
    expect(job.event.kind).toBe("text")
  })

  it("a bad signature → 401", async () => {
    const body = messageBody(platform, fresh())
    const raw = JSON.stringify(body)
    await expectError(
      await deliver(h.app, platform, body, { headers: authHeaders(platform, raw, { secret: "wrong" }) }),
      401
    )
  })

  it("a signature over other bytes → 401 (checked on the raw body)", async () => {
    const body = messageBody(platform, fresh())
    const raw = JSON.stringify(body)
    const headers = authHeaders(platform, raw)
    const response = await deliver(h.app, platform, body, { raw: JSON.stringify(body, null, 2), headers })
    // Telegram and GREEN-API sign with a static token, not over the body.
    expect(response.status).toBe(platform === "telegram" || platform === "greenapi" ? 200 : 401)
  })

  it("a missing signature → 401", async () => {
    const body = messageBody(platform, fresh())
    const headers = authHeaders(platform, JSON.stringify(body))
    delete headers[missingAuth[platform]]
    await expectError(await deliver(h.app, platform, body, { headers }), 401)
  })

  it("malformed JSON → 400 with a JSON error", async () => {
    const raw = '{"object": "whatsapp_business_account", "entry": ['
    await expectError(await deliver(h.app, platform, undefined, { raw, headers: authHeaders(platform, raw) }), 400)
  })

  it("a body over 1 MiB → 413 (by Content-Length)", async () => {
    const raw = JSON.stringify({ pad: "x".repeat(1024 * 1024) })
    await expectError(
      await deliver(h.app, platform, undefined, { raw, headers: authHeaders(platform, raw) }),
      413,
      "payload_too_large"
    )
  })

  it("a streamed body over 1 MiB without Content-Length → 413", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(32)
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 20) return controller.close()
        sent += 1
        controller.enqueue(chunk)
      }
    })
    const response = await h.app.request(pathOf(platform), {
      method: "POST",
      headers: authHeaders(platform, "{}"),
      body: stream,
      duplex: "half"
    } as RequestInit)
    await expectError(response, 413, "payload_too_large")
    expect(sent).toBeLessThan(20)
  })

  it("an unknown account → 404", async () => {
    const body = messageBody(platform, fresh()) as Record<string, unknown>
    let path = pathOf(platform)
    let unknown: unknown = body
    if (platform === "telegram") path = "/webhooks/telegram/nope"
    if (platform === "greenapi") path = "/webhooks/greenapi/nope"
    if (platform === "whatsapp")
      unknown = JSON.parse(JSON.stringify(body).replaceAll(keys.whatsapp.phoneNumberId, "999"))
    if (platform === "messenger") unknown = JSON.parse(JSON.stringify(body).replaceAll(keys.messenger.pageId, "PAGE_X"))
    if (platform === "tiktok") unknown = { ...body, user_openid: "biz-unknown" }
    await expectError(await deliver(h.app, platform, unknown, { path }), 404, "unknown_account")
  })
})

describe("TikTok timestamps", () => {
  it("a signature more than 5 minutes old or ahead → 401; 4 minutes → 200", async () => {
    for (const [offset, status] of [
      [-301, 401],
      [301, 401],
      [-240, 200]
    ] as const) {
      const body = messageBody("tiktok", fresh())
      const raw = JSON.stringify(body)
      const headers = authHeaders("tiktok", raw, { t: Math.floor(NOW / 1000) + offset })
      expect((await deliver(h.app, "tiktok", body, { headers })).status).toBe(status)
    }
  })

  it("a malformed Tiktok-Signature → 401", async () => {
    const body = messageBody("tiktok", fresh())
    await expectError(await deliver(h.app, "tiktok", body, { headers: { "tiktok-signature": "t=abc,s=zz" } }), 401)
  })
})

describe("Meta verification (GET)", () => {
  for (const [platform, token] of [
    ["whatsapp", keys.whatsapp.verifyToken],
    ["messenger", keys.messenger.verifyToken]
  ] as const) {
    it(`${platform}: the right verify token → 200 with hub.challenge as text; a wrong one → 403`, async () => {
      const ok = await h.app.request(
        `/webhooks/${platform}?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`
      )
      expect(ok.status).toBe(200)
      expect(await ok.text()).toBe("1158201444")
      const wrong = await h.app.request(
        `/webhooks/${platform}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`
      )
      await expectError(wrong, 403)
      const mode = await h.app.request(
        `/webhooks/${platform}?hub.mode=unsubscribe&hub.verify_token=${token}&hub.challenge=1`
      )
      await expectError(mode, 403)
    })
  }
  it("a WhatsApp verify token does not verify the Messenger route", async () => {
    const r = await h.app.request(
      `/webhooks/messenger?hub.mode=subscribe&hub.verify_token=${keys.whatsapp.verifyToken}&hub.challenge=1`
    )
    expect(r.status).toBe(403)
  })
})

describe("status and read events", () => {
  it("a WhatsApp delivery status → 200, recorded on the receipts queue, not the dialog's", async () => {
    const body = {
      object: "whatsapp_business_account",
      entry: [
        {
          id: "1",
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: { display_phone_number: "1", phone_number_id: keys.whatsapp.phoneNumberId },
                statuses: [
                  {
                    id: `wamid.out-${fresh()}`,
                    status: "delivered",
                    timestamp: "1749416383",
                    recipient_id: "16505551234"
                  }
                ]
              }
            }
          ]
        }
      ]
    }
    const before = h.queue.adds.length
    expect((await deliver(h.app, "whatsapp", body)).status).toBe(200)
    expect(h.queue.adds.slice(before).map((a) => a.queue)).toEqual(["inbound-receipts"])
  })

  it("a WhatsApp batch of two messages → two jobs", async () => {
    const a = messageBody("whatsapp", fresh()) as {
      entry: Array<{ changes: Array<{ value: { messages: Array<unknown> } }> }>
    }
    const b = messageBody("whatsapp", fresh()) as typeof a
    a.entry[0]!.changes[0]!.value.messages.push(b.entry[0]!.changes[0]!.value.messages[0])
    const before = h.queue.adds.length
    const response = await deliver(h.app, "whatsapp", a)
    expect(await response.json()).toMatchObject({ accepted: 2 })
    expect(h.queue.adds.length).toBe(before + 2)
  })
})

describe("Instagram through the Messenger route", () => {
  it("object: instagram finds the page's linked Instagram account → 200, an instagram event", async () => {
    const body = {
      object: "instagram",
      entry: [
        {
          id: keys.messenger.instagramAccountId,
          time: 1,
          messaging: [
            {
              sender: { id: "IGSID_1" },
              recipient: { id: keys.messenger.instagramAccountId },
              timestamp: 1700000000000,
              message: { mid: `ig.${fresh()}`, text: "hi" }
            }
          ]
        }
      ]
    }
    const before = h.queue.adds.length
    expect((await deliver(h.app, "messenger", body)).status).toBe(200)
    const job = h.queue.adds.at(-1)?.payload as { channelAccountId: string; event: { channel: string } }
    expect(h.queue.adds.length).toBe(before + 1)
    expect(job.event.channel).toBe("instagram")
    expect(job.channelAccountId).toBe(h.accounts.messenger.id)
  })
})

describe("admin API body limit", () => {
  it("a JSON body over 1 MiB → 413", async () => {
    const response = await h.app.request("/api/v1/tenants", {
      method: "POST",
      headers: { authorization: "Bearer admin-token-for-tests" },
      body: JSON.stringify({ name: "x".repeat(1024 * 1024) })
    })
    await expectError(response, 413, "payload_too_large")
  })
})
