import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"
import { expectOneLineFailure, freePort, killAll, spawnEntry } from "../../adapters/test/config/process.ts"
import { databaseUrl, describeWith } from "../../adapters/test/env.ts"
import { scratchDatabase } from "../../adapters/test/postgres/scratch.ts"
import { startRedis } from "./redisServer.ts"

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url))
const dataDir = mkdtempSync(join(tmpdir(), "chatshop-embedded-"))
afterAll(() => {
  killAll()
  rmSync(dataDir, { recursive: true, force: true })
})

const start = (env: Record<string, string>) => spawnEntry(main, env)

const waitReady = async (port: number) => {
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    const r = await fetch(`http://127.0.0.1:${port}/ready`).catch(() => undefined)
    if (r?.status === 200) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error("the server did not become ready")
}

const json = async (port: number, method: string, path: string, key: string, body?: unknown) => {
  const r = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  // biome-ignore lint/suspicious/noExplicitAny: response JSON under test
  return { status: r.status, body: (await r.json()) as any }
}

describe("main.ts modes (SPEC §2)", () => {
  it.each([
    [{ DATABASE_URL: "postgres://127.0.0.1:1/x", REDIS_URL: "redis://127.0.0.1:1" }, "CHATSHOP_SECRET_KEY"],
    [{ DATABASE_URL: "postgres://127.0.0.1:1/x", CHATSHOP_SECRET_KEY: "k" }, "REDIS_URL"]
  ])("production %o refuses to start with one line naming %s", async (env, variable) => {
    await expectOneLineFailure(start(env), variable)
  })

  it("embedded: the generated CHATSHOP_SECRET_KEY is kept (0600) and reused; the shop and its channel survive a restart", async () => {
    const port = await freePort()
    const env = { PORT: String(port), ADMIN_TOKEN: "adm", CHATSHOP_DATA_DIR: dataDir }
    const first = start(env)
    await waitReady(port)
    const keyFile = join(dataDir, "secret.key")
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    const key = readFileSync(keyFile, "utf8")
    expect(first.out() + first.err()).not.toContain(key.trim())
    const shop = await json(port, "POST", "/tenants", "adm", { name: "Boot Corner", currency: "USD" })
    expect(shop.status).toBe(201)
    const channel = await json(port, "POST", "/channels", shop.body.apiKey, {
      type: "telegram",
      botToken: "4242:bot-secret",
      secretToken: "tg-secret"
    })
    expect(channel.status).toBe(201)
    first.child.kill("SIGTERM")
    expect(await first.exited).toBe(0)

    const second = start(env)
    await waitReady(port)
    expect(readFileSync(keyFile, "utf8")).toBe(key)
    expect((await json(port, "GET", "/shop", shop.body.apiKey)).body.name).toBe("Boot Corner")
    // The webhook route opens the sealed secret with the kept key: a right token passes signature checks.
    const webhook = await fetch(`http://127.0.0.1:${port}/webhooks/telegram/${channel.body.id}`, {
      method: "POST",
      headers: { "x-telegram-bot-api-secret-token": "tg-secret", "content-type": "application/json" },
      body: JSON.stringify({
        update_id: 1,
        message: {
          message_id: 1,
          date: 1,
          chat: { id: 5, type: "private" },
          from: { id: 5, first_name: "A" },
          text: "hi"
        }
      })
    })
    expect(webhook.status).toBe(200)
    second.child.kill("SIGTERM")
    expect(await second.exited).toBe(0)
  }, 240_000)
})

const url = databaseUrl()

describeWith("database", "redis")("main.ts in production mode (PostgreSQL + Redis)", () => {
  it("refuses an unmigrated database with one line, then serves once migrated and exits 0 on SIGTERM", async () => {
    const scratch = await scratchDatabase(url ?? "", "main")
    const redis = await startRedis()
    try {
      const port = await freePort()
      const env = {
        PORT: String(port),
        ADMIN_TOKEN: "adm",
        DATABASE_URL: scratch.url,
        REDIS_URL: redis.url,
        CHATSHOP_SECRET_KEY: "main-production-test-key-0123456789"
      }
      const refused = start(env)
      expect(await refused.exited).toBe(1)
      expect(refused.err().trim().split("\n")).toHaveLength(1)
      expect(refused.err()).toMatch(/not migrated.*pnpm db:migrate/)

      const cli = fileURLToPath(new URL("../../adapters/src/postgres/migrate-cli.ts", import.meta.url))
      const migrated = spawn(process.execPath, [cli], {
        env: { PATH: process.env.PATH ?? "", DATABASE_URL: scratch.url }
      })
      expect(await new Promise((resolve) => migrated.once("exit", resolve))).toBe(0)

      const served = start(env)
      await waitReady(port)
      expect(served.out()).toContain("production mode: PostgreSQL + Redis")
      const shop = await json(port, "POST", "/tenants", "adm", { name: "Boot Corner", currency: "USD" })
      expect(shop.status).toBe(201)
      expect((await json(port, "GET", "/shop", shop.body.apiKey)).body.name).toBe("Boot Corner")
      served.child.kill("SIGTERM")
      expect(await served.exited).toBe(0)
    } finally {
      redis.kill()
      await scratch.drop()
    }
  }, 180_000)
})
