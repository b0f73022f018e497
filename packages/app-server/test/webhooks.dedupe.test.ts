import { describe, expect, it } from "vitest"
import { deliver, makeHarness, messageBody, platforms } from "./harness.ts"

let counter = 0
const fresh = () => `dup${++counter}${Date.now()}`

// Each test has its own harness, so every job it saw comes from its one message.
const jobsFor = (h: Awaited<ReturnType<typeof makeHarness>>, _id: string) => h.queue.adds

describe.each(platforms)("%s: the same webhook delivered 3×", (platform) => {
  it("back to back → exactly one job", async () => {
    const h = await makeHarness()
    const id = fresh()
    const body = messageBody(platform, id)
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await deliver(h.app, platform, body)).status)
    expect(statuses).toEqual([200, 200, 200])
    expect(jobsFor(h, id)).toHaveLength(1)
    await h.dispose()
  })

  it("concurrently → exactly one job", async () => {
    const h = await makeHarness()
    const id = fresh()
    const body = messageBody(platform, id)
    const responses = await Promise.all([1, 2, 3].map(() => deliver(h.app, platform, body)))
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200])
    expect(jobsFor(h, id)).toHaveLength(1)
    await h.dispose()
  })

  it("after a pause in which the queue forgot the job → still one job (the durable record)", async () => {
    const h = await makeHarness()
    const id = fresh()
    const body = messageBody(platform, id)
    expect((await deliver(h.app, platform, body)).status).toBe(200)
    h.queue.forget()
    expect((await deliver(h.app, platform, body)).status).toBe(200)
    h.queue.forget()
    const third = await deliver(h.app, platform, body)
    expect(await third.json()).toMatchObject({ accepted: 0, duplicates: 1 })
    expect(jobsFor(h, id)).toHaveLength(1)
    await h.dispose()
  })
})

describe("outages: never 2xx without a durable record", () => {
  it("dedupe store down → 503, nothing enqueued; back up → 200 and one job", async () => {
    const h = await makeHarness()
    const id = fresh()
    const body = messageBody("whatsapp", id)
    h.dedupe.state.down = true
    const down = await deliver(h.app, "whatsapp", body)
    expect(down.status).toBe(503)
    expect(((await down.json()) as { error: { code: string } }).error.code).toBe("unavailable")
    expect(jobsFor(h, id)).toHaveLength(0)
    h.dedupe.state.down = false
    expect((await deliver(h.app, "whatsapp", body)).status).toBe(200)
    expect(jobsFor(h, id)).toHaveLength(1)
    await h.dispose()
  })

  it("queue down → 503 and no dedupe record, so the platform's retry is enqueued", async () => {
    const h = await makeHarness()
    const id = fresh()
    const body = messageBody("telegram", id)
    h.queue.state.down = true
    expect((await deliver(h.app, "telegram", body)).status).toBe(503)
    h.queue.state.down = false
    const retry = await deliver(h.app, "telegram", body)
    expect(retry.status).toBe(200)
    expect(await retry.json()).toMatchObject({ accepted: 1 })
    expect(h.queue.adds).toHaveLength(1)
    await h.dispose()
  })

  it("a failure between enqueue and record (claim fails) → 503; the retry re-enqueues idempotently: one job", async () => {
    const h = await makeHarness()
    const id = fresh()
    const body = messageBody("greenapi", id)
    h.dedupe.state.claimDown = true
    expect((await deliver(h.app, "greenapi", body)).status).toBe(503)
    expect(jobsFor(h, id)).toHaveLength(1)
    h.dedupe.state.claimDown = false
    expect((await deliver(h.app, "greenapi", body)).status).toBe(200)
    expect((await deliver(h.app, "greenapi", body)).status).toBe(200)
    expect(jobsFor(h, id)).toHaveLength(1)
    await h.dispose()
  })
})
