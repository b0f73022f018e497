import { makeSecretBox } from "@chatshop/adapters/postgres"
import { describe, expect, it } from "vitest"

const KEY = "unit-test-secret-key-0123456789"
const plaintext = JSON.stringify({ secrets: { appSecret: "the-app-secret" } })
const throwsTag = (f: () => unknown, tag: string) => {
  try {
    f()
  } catch (error) {
    expect((error as { _tag?: string })._tag).toBe(tag)
    expect(String(error)).not.toContain("the-app-secret")
    return
  }
  throw new Error(`expected ${tag}`)
}

describe("SecretBox (AES-256-GCM under CHATSHOP_SECRET_KEY)", () => {
  it("round-trips; the layout is iv(12) ‖ ciphertext ‖ tag(16); the key id is stable and not the key", () => {
    const box = makeSecretBox(KEY)
    const sealed = box.seal(plaintext, "row-1")
    expect(sealed.ciphertext.length).toBe(12 + Buffer.byteLength(plaintext) + 16)
    expect(box.open(sealed, "row-1")).toBe(plaintext)
    expect(sealed.keyId).toMatch(/^k1-[0-9a-f]{16}$/)
    expect(makeSecretBox(KEY).keyId).toBe(sealed.keyId)
    expect(makeSecretBox(`${KEY}x`).keyId).not.toBe(sealed.keyId)
    expect(sealed.keyId).not.toContain(KEY)
  })

  it("a flipped bit, another row's associated data or a truncated blob → SecretsCorrupt", () => {
    const box = makeSecretBox(KEY)
    const sealed = box.seal(plaintext, "row-1")
    for (const i of [0, 12, sealed.ciphertext.length - 1]) {
      const bytes = Buffer.from(sealed.ciphertext)
      bytes[i] = (bytes[i] ?? 0) ^ 1
      throwsTag(() => box.open({ ...sealed, ciphertext: bytes }, "row-1"), "SecretsCorrupt")
    }
    throwsTag(() => box.open(sealed, "row-2"), "SecretsCorrupt")
    throwsTag(() => box.open({ ...sealed, ciphertext: sealed.ciphertext.subarray(0, 27) }, "row-1"), "SecretsCorrupt")
  })

  it("another key → SecretKeyMismatch naming both key ids; a previous key still opens", () => {
    const sealed = makeSecretBox(KEY).seal(plaintext, "row-1")
    const other = makeSecretBox("a-different-key-0123456789")
    throwsTag(() => other.open(sealed, "row-1"), "SecretKeyMismatch")
    try {
      other.open(sealed, "row-1")
    } catch (error) {
      expect(String(error)).toContain(sealed.keyId)
      expect(String(error)).toContain(other.keyId)
    }
    // A forged key id pointing at the current key still fails authentication.
    throwsTag(() => other.open({ ...sealed, keyId: other.keyId }, "row-1"), "SecretsCorrupt")
    const rotated = makeSecretBox("a-different-key-0123456789", [KEY])
    expect(rotated.open(sealed, "row-1")).toBe(plaintext)
    expect(rotated.seal(plaintext, "row-1").keyId).toBe(other.keyId)
  })

  it("an empty CHATSHOP_SECRET_KEY is refused", () => {
    expect(() => makeSecretBox("")).toThrow(/empty/)
  })
})
