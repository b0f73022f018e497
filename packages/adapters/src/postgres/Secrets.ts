import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto"
import { Context, Layer, Redacted, Schema } from "effect"

/**
 * Channel secrets at rest (SPEC §2 CHATSHOP_SECRET_KEY): AES-256-GCM under a key derived from
 * CHATSHOP_SECRET_KEY with HKDF-SHA256, a random 12-byte IV per write, and additional data that
 * binds each ciphertext to its row (so one account's blob cannot be pasted into another's).
 * Stored as `iv ‖ ciphertext ‖ tag` next to a key id: a fingerprint of the key, never the key.
 */

const IV_BYTES = 12
const TAG_BYTES = 16
const SALT = "chatshop/channel-secrets"

/** The stored data was sealed under a key this process does not hold (wrong or rotated CHATSHOP_SECRET_KEY). */
export class SecretKeyMismatch extends Schema.TaggedError<SecretKeyMismatch>()("SecretKeyMismatch", {
  storedKeyId: Schema.String,
  message: Schema.String
}) {}

/** The ciphertext failed authentication under the right key: it was altered or moved to another row. */
export class SecretsCorrupt extends Schema.TaggedError<SecretsCorrupt>()("SecretsCorrupt", {
  message: Schema.String
}) {}

export interface SealedSecret {
  readonly ciphertext: Uint8Array
  readonly keyId: string
}

interface Key {
  readonly id: string
  readonly bytes: Buffer
}

const deriveKey = (secret: string): Key => {
  const ikm = Buffer.from(secret, "utf8")
  const bytes = Buffer.from(hkdfSync("sha256", ikm, SALT, "aes-256-gcm/v1", 32))
  // The id is a separate HMAC of the derived key: it names the key without revealing it.
  const id = `k1-${createHmac("sha256", bytes).update("key-id").digest("hex").slice(0, 16)}`
  return { id, bytes }
}

const reveal = (secret: string | Redacted.Redacted<string>): string =>
  Redacted.isRedacted(secret) ? Redacted.value(secret) : secret

/** Seals and opens channel secrets. `open` throws `SecretKeyMismatch` / `SecretsCorrupt`, never returns garbage. */
export interface SecretBoxService {
  /** The key new writes are sealed with. */
  readonly keyId: string
  readonly seal: (plaintext: string, aad: string) => SealedSecret
  readonly open: (sealed: SealedSecret, aad: string) => string
}

/**
 * A box over `secret` (CHATSHOP_SECRET_KEY). `previous` keys still open old rows while a rotation
 * rewrites them; writes always use `secret`.
 */
export const makeSecretBox = (
  secret: string | Redacted.Redacted<string>,
  previous: ReadonlyArray<string | Redacted.Redacted<string>> = []
): SecretBoxService => {
  const plain = reveal(secret)
  if (plain.length === 0) throw new RangeError("CHATSHOP_SECRET_KEY is empty")
  const current = deriveKey(plain)
  const keyring = new Map<string, Key>([current, ...previous.map((p) => deriveKey(reveal(p)))].map((k) => [k.id, k]))

  const seal = (plaintext: string, aad: string): SealedSecret => {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv("aes-256-gcm", current.bytes, iv, { authTagLength: TAG_BYTES })
    cipher.setAAD(Buffer.from(aad, "utf8"))
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()])
    return { ciphertext: Buffer.concat([iv, body, cipher.getAuthTag()]), keyId: current.id }
  }

  const open = (sealed: SealedSecret, aad: string): string => {
    const key = keyring.get(sealed.keyId)
    if (key === undefined) {
      throw new SecretKeyMismatch({
        storedKeyId: sealed.keyId,
        message: `channel secrets were encrypted with key ${sealed.keyId}, but CHATSHOP_SECRET_KEY is ${current.id}: wrong or rotated key`
      })
    }
    const data = Buffer.from(sealed.ciphertext)
    if (data.length < IV_BYTES + TAG_BYTES)
      throw new SecretsCorrupt({ message: "channel secrets ciphertext is truncated" })
    const decipher = createDecipheriv("aes-256-gcm", key.bytes, data.subarray(0, IV_BYTES), {
      authTagLength: TAG_BYTES
    })
    decipher.setAAD(Buffer.from(aad, "utf8"))
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES))
    try {
      const body = decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES))
      return Buffer.concat([body, decipher.final()]).toString("utf8")
    } catch {
      // Node's message says nothing about the content, but ours is the one that surfaces.
      throw new SecretsCorrupt({ message: `channel secrets failed authentication under key ${key.id}` })
    }
  }

  return { keyId: current.id, seal, open }
}

/** The box the channel account repository seals secrets with. */
export class SecretBox extends Context.Service<SecretBox, SecretBoxService>()(
  "@chatshop/adapters/postgres/SecretBox"
) {}

/** `SecretBox` from CHATSHOP_SECRET_KEY's value (and older keys still being rotated out). */
export const layerSecretBox = (
  secret: string | Redacted.Redacted<string>,
  previous: ReadonlyArray<string | Redacted.Redacted<string>> = []
): Layer.Layer<SecretBox> => Layer.sync(SecretBox, () => makeSecretBox(secret, previous))

/** A fresh random CHATSHOP_SECRET_KEY (256 bits, base64url): what embedded mode generates once. */
export const generateSecretKey = (): string => randomBytes(32).toString("base64url")
