import { createHash, createHmac, createSecretKey, type KeyObject, timingSafeEqual } from "node:crypto"

// Secrets as KeyObjects, made once per secret (a webhook per request would otherwise re-import the
// key): bounded, oldest dropped first.
const keyObjects = new Map<string, KeyObject>()
const keyObject = (secret: string): KeyObject => {
  let key = keyObjects.get(secret)
  if (key === undefined) {
    if (keyObjects.size >= 1_000) keyObjects.delete(keyObjects.keys().next().value as string)
    key = createSecretKey(Buffer.from(secret, "utf8"))
    keyObjects.set(secret, key)
  }
  return key
}

/** HMAC-SHA256 of `data` under `secret`. */
const hmac = (secret: string, data: Uint8Array | string): Buffer =>
  createHmac("sha256", keyObject(secret)).update(data).digest()

/** Constant time: does the HMAC of `data` equal `signatureHex` (64 hex digits, already checked)? */
const hmacMatches = (secret: string, data: Uint8Array | string, signatureHex: string): boolean => {
  const expected = Buffer.from(signatureHex, "hex")
  return expected.length === 32 && timingSafeEqual(hmac(secret, data), expected)
}

/**
 * Constant-time string equality. Both sides are hashed first so the comparison never leaks the
 * secret's length and `timingSafeEqual` always sees equal-length buffers.
 */
export const safeEqual = (a: string, b: string): boolean =>
  timingSafeEqual(createHash("sha256").update(a).digest(), createHash("sha256").update(b).digest())

/** `X-Hub-Signature-256: sha256=<hex>` → the hex, or undefined when the header is not that shape. */
export const metaSignature = (header: string | undefined): string | undefined => {
  const match = header === undefined ? null : /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim())
  return match?.[1]?.toLowerCase()
}

/** WhatsApp/Messenger: the header is HMAC-SHA256(app secret, raw body). */
export const verifyMeta = (appSecret: string, raw: Uint8Array, signatureHex: string): boolean =>
  hmacMatches(appSecret, raw, signatureHex)

export interface TikTokSignature {
  readonly t: number
  readonly s: string
}

/** `Tiktok-Signature: t=<unix seconds>,s=<hex>` in any order; undefined when malformed. */
export const tiktokSignature = (header: string | undefined): TikTokSignature | undefined => {
  if (header === undefined) return undefined
  const parts = new Map<string, string>()
  for (const part of header.split(",")) {
    const eq = part.indexOf("=")
    if (eq > 0) parts.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  const t = parts.get("t")
  const s = parts.get("s")
  if (t === undefined || s === undefined || !/^\d{1,12}$/.test(t) || !/^[0-9a-fA-F]{64}$/.test(s)) return undefined
  return { t: Number(t), s: s.toLowerCase() }
}

/** SPEC §9.6: a timestamped signature more than five minutes off the server clock is refused. */
export const MAX_SKEW_SECONDS = 300

export const isStale = (t: number, nowMs: number): boolean => Math.abs(nowMs / 1000 - t) > MAX_SKEW_SECONDS

/** TikTok: HMAC-SHA256(client secret, "<t>.<raw body>"). */
export const verifyTikTok = (clientSecret: string, raw: Uint8Array, sig: TikTokSignature): boolean =>
  hmacMatches(clientSecret, Buffer.concat([Buffer.from(`${sig.t}.`), raw]), sig.s)

/** `Authorization: Bearer <token>` → the token. */
export const bearer = (header: string | undefined): string | undefined => {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match?.[1]
}
