import { createHash } from "node:crypto"
import { Webchat } from "@chatshop/adapters/channels"
import { ChannelAccount, ChannelAccountId, TenantId } from "@chatshop/domain"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeHarness } from "./harness.ts"

let h: Awaited<ReturnType<typeof makeHarness>>
beforeAll(async () => {
  h = await makeHarness()
  await h.runtime.runPromise(
    ChannelAccount.ChannelAccountRepository.use((r) =>
      r.create({
        id: ChannelAccountId.make("ch-web"),
        tenantId: h.tenantId,
        type: "webchat",
        secrets: {},
        managers: []
      })
    )
  )
})
afterAll(() => h.dispose())

const post = (tenant: string, body: unknown) =>
  h.app.request(`/chat/${tenant}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body)
  })

describe("web chat (SPEC §5)", () => {
  it("GET / serves the chat page", async () => {
    const page = await h.app.request("/?shop=shop-1")
    expect(page.status).toBe(200)
    expect(await page.text()).toContain("EventSource")
  })

  it("the page's CSP runs only its own script and style (by hash) and lets product photos load", async () => {
    const page = await h.app.request("/?shop=shop-1")
    const html = await page.text()
    const csp = page.headers.get("content-security-policy") ?? ""
    const hash = (tag: string) =>
      `'sha256-${createHash("sha256")
        .update(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(html)?.[1] ?? "")
        .digest("base64")}'`
    expect(csp).toContain(`script-src ${hash("script")}`)
    expect(csp).toContain(`style-src ${hash("style")}`)
    expect(csp).toContain("img-src https: http:")
    // An inline style attribute would be refused by that CSP.
    expect(html).not.toMatch(/ style="/)
  })

  it("a message is ingested once (202), even when the browser retries with the same id", async () => {
    const before = h.queue.adds.length
    const body = { customerId: "sess-1", text: "do you have boots in 38?", id: "c-1" }
    expect((await post(h.tenantId, body)).status).toBe(202)
    expect((await post(h.tenantId, body)).status).toBe(202)
    const added = h.queue.adds.slice(before)
    expect(added).toHaveLength(1)
    const job = added[0]?.payload as { event: { channel: string; customerId: string } } | undefined
    expect(job?.event).toMatchObject({
      channel: "webchat",
      customerId: "sess-1"
    })
  })

  it("unknown shop → 404; malformed → 400; no customer → 400", async () => {
    expect((await post("nope", { customerId: "s", text: "hi" })).status).toBe(404)
    expect((await post(h.tenantId, "{")).status).toBe(400)
    expect((await post(h.tenantId, { text: "hi" })).status).toBe(400)
    expect((await h.app.request(`/chat/${h.tenantId}/events`)).status).toBe(400)
  })

  it("replies published to the hub arrive as server-sent events, past ones first", async () => {
    const publish = (text: string) =>
      h.runtime.runPromise(
        Webchat.WebchatHub.use((hub) => hub.publish(TenantId.make("shop-1"), "sess-2", { _tag: "Text", text }))
      )
    await publish("earlier reply")
    const response = await h.app.request(`/chat/${h.tenantId}/events?customer=sess-2`)
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toContain("text/event-stream")
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    let text = ""
    const readUntil = async (needle: string) => {
      const deadline = Date.now() + 5_000
      while (!text.includes(needle)) {
        if (Date.now() > deadline) throw new Error(`no ${needle} in ${text}`)
        const { value, done } = await reader.read()
        if (done) break
        text += decoder.decode(value)
      }
    }
    await readUntil("earlier reply")
    await publish("live reply")
    await readUntil("live reply")
    expect(text).toContain("event: reply")
    await reader.cancel()
  })
})
