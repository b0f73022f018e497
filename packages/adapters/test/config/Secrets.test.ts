import { spawn } from "node:child_process"
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Effect, Redacted } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { embeddedSecretKey, keptSecret, secretKeyFile } from "@chatshop/adapters/config"

const root = mkdtempSync(join(tmpdir(), "chatshop-secret-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const fresh = (name: string) => join(root, name)

describe("secrets kept in the data dir: embedded CHATSHOP_SECRET_KEY, the launcher's tokens (SPEC §2)", () => {
  it("generated once (256 bits, mode 0600, a 0700 dir), then read back unchanged", async () => {
    const dir = fresh("once")
    const first = await Effect.runPromise(embeddedSecretKey(dir))
    expect(first.created).toBe(true)
    expect(Redacted.value(first.value)).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(statSync(secretKeyFile(dir)).mode & 0o777).toBe(0o600)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    const second = await Effect.runPromise(embeddedSecretKey(dir))
    expect(second.created).toBe(false)
    expect(Redacted.value(second.value)).toBe(Redacted.value(first.value))
    // Redacted: printing the result never shows the key.
    expect(String(second.value)).not.toContain(Redacted.value(first.value))
  })

  it("processes starting at once on a fresh data dir agree on one key", async () => {
    const dir = fresh("race")
    const config = new URL("../../src/config/Secrets.ts", import.meta.url).href
    const script = `import { Effect, Redacted } from "effect"
      const { embeddedSecretKey } = await import(${JSON.stringify(config)})
      const kept = await Effect.runPromise(embeddedSecretKey(${JSON.stringify(dir)}))
      process.stdout.write(Redacted.value(kept.value))`
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
          cwd: fileURLToPath(new URL("../..", import.meta.url))
        })
        let out = ""
        child.stdout.on("data", (d) => (out += String(d)))
        child.once("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))))
      })
    const keys = await Promise.all(Array.from({ length: 4 }, run))
    expect(new Set(keys).size).toBe(1)
    expect(readFileSync(secretKeyFile(dir), "utf8").trim()).toBe(keys[0])
  }, 60_000)

  it("a key file others can read is tightened to 0600; an empty one is refused naming CHATSHOP_DATA_DIR", async () => {
    const dir = fresh("loose")
    await Effect.runPromise(embeddedSecretKey(dir))
    chmodSync(secretKeyFile(dir), 0o644)
    await Effect.runPromise(embeddedSecretKey(dir))
    expect(statSync(secretKeyFile(dir)).mode & 0o777).toBe(0o600)
    writeFileSync(secretKeyFile(dir), "")
    const failure = await Effect.runPromise(Effect.flip(embeddedSecretKey(dir)))
    expect(failure.variable).toBe("CHATSHOP_DATA_DIR")
    expect(failure.message).toContain("empty")
    expect(failure.message).not.toContain("\n")
  })

  it("keptSecret makes a value once with its maker and returns it unchanged after", async () => {
    const file = join(fresh("token"), "admin.token")
    let made = 0
    const make = () => `adm_${++made}`
    const first = await Effect.runPromise(keptSecret(file, make))
    const second = await Effect.runPromise(keptSecret(file, make))
    expect([first.created, second.created]).toEqual([true, false])
    expect(Redacted.value(second.value)).toBe("adm_1")
    expect(made).toBe(1)
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })
})
