import type { WebhookAuth } from "@chatshop/adapters/channels"
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

/** Constant time: does HMAC-SHA256(secret, data) equal `signatureHex` (64 hex digits, already checked)? */
const hmacMatches = (secret: string, data: Uint8Array, signatureHex: string): boolean => {
  const expected = Buffer.from(signatureHex, "hex")
  const actual = createHmac("sha256", keyObject(secret)).update(data).digest()
  return expected.length === 32 && timingSafeEqual(actual, expected)
}

/**
 * Constant-time string equality. Both sides are hashed first so the comparison never leaks the
 * secret's length and `timingSafeEqual` always sees equal-length buffers.
 */
export const safeEqual = (a: string, b: string): boolean =>
  timingSafeEqual(createHash("sha256").update(a).digest(), createHash("sha256").update(b).digest())

/** `sha256=<hex>` → the hex, or undefined when the header is not that shape. */
const hexSignature = (header: string | undefined): string | undefined =>
  header === undefined ? undefined : /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim())?.[1]?.toLowerCase()

/** `t=<unix seconds>,s=<hex>` in any order; undefined when malformed. */
const timestampedSignature = (header: string | undefined): { t: number; s: string } | undefined => {
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
const MAX_SKEW_SECONDS = 300

/** `Authorization: Bearer <token>` → the token. */
export const bearer = (header: string | undefined): string | undefined => {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match?.[1]
}

/** What a delivery's auth header claims, read before its account (and so the secret) is known. */
export interface Claim {
  /** Constant time: does the claim hold for the account's `secret` over these raw bytes? */
  readonly matches: (secret: string, raw: Uint8Array) => boolean
  /** Why a delivery whose claim does not hold is refused (401). */
  readonly mismatch: string
}

const missingOrMalformed = (value: string | undefined, header: string) =>
  `${value === undefined ? "missing" : "malformed"} ${header}`

/**
 * The request's claim under the platform's scheme, or why it is refused before any lookup (401:
 * the header is missing, malformed, or its timestamp more than five minutes off).
 */
export const claimOf = (
  auth: WebhookAuth,
  header: (name: string) => string | undefined,
  nowMs: number
): Claim | string => {
  if (auth.scheme === "bearer") {
    const token = bearer(header("authorization"))
    if (token === undefined) return "missing Authorization: Bearer <token>"
    return { matches: (secret) => safeEqual(secret, token), mismatch: "wrong bearer token" }
  }
  const value = header(auth.header)
  switch (auth.scheme) {
    case "token":
      if (value === undefined || value === "") return `missing ${auth.header}`
      return { matches: (secret) => safeEqual(secret, value), mismatch: `wrong ${auth.header}` }
    case "hmac": {
      const hex = hexSignature(value)
      if (hex === undefined) return missingOrMalformed(value, auth.header)
      return {
        matches: (secret, raw) => hmacMatches(secret, raw, hex),
        mismatch: `${auth.header} does not match the body`
      }
    }
    case "timestamped-hmac": {
      const signature = timestampedSignature(value)
      if (signature === undefined) return missingOrMalformed(value, auth.header)
      if (Math.abs(nowMs / 1000 - signature.t) > MAX_SKEW_SECONDS)
        return `${auth.header} timestamp is more than 5 minutes off`
      const prefix = Buffer.from(`${signature.t}.`)
      return {
        matches: (secret, raw) => hmacMatches(secret, Buffer.concat([prefix, raw]), signature.s),
        mismatch: `${auth.header} does not match the body`
      }
    }
  }
}
