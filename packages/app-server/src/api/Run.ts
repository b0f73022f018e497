import { Cause, Effect, Exit, Option, Result, Schema } from "effect"
import type { Context } from "hono"
import type { ContentfulStatusCode } from "hono/utils/http-status"
import { readRawBody } from "../webhooks/Body.ts"
import { failWith, type HttpFailure, httpFailure, respondFailure } from "../http.ts"
import type { AppRuntime, AppServices } from "../runtime.ts"

/** "SkuTaken" → "sku_taken": the error code clients see. */
export const codeOf = (tag: string): string => tag.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase()

const statusByTag: Readonly<Record<string, ContentfulStatusCode>> = {
  NotFound: 404,
  MissingFields: 422,
  InvalidProduct: 422,
  InvalidTenant: 422,
  InvalidChannelAccount: 422,
  InvalidFieldValue: 422,
  InvalidAmount: 422,
  CurrencyMismatch: 422,
  EmptyOrder: 422,
  InvalidOffer: 422,
  InvalidOfferInput: 422,
  InvalidEvidence: 422,
  UnknownSku: 422,
  InvalidBusiness: 422,
  InvalidQuantity: 422,
  QuantityRequired: 422,
  InsufficientStockForOrder: 409,
  InvalidTransition: 409,
  ProductExists: 409,
  SkuTaken: 409,
  ChannelKeyTaken: 409,
  ChannelAccountExists: 409,
  TenantExists: 409,
  AdjustBelowReserved: 409,
  ReferenceReused: 409,
  VersionConflict: 409
}

const fields = (error: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(error).filter(([k]) => k !== "_tag" && k !== "stack" && k !== "name"))

/** A domain error → HTTP: status by tag (409 for other rule violations), code from the tag, its fields as details. */
export const failureOf = (error: unknown): HttpFailure => {
  if (typeof error !== "object" || error === null || !("_tag" in error) || typeof error._tag !== "string") {
    return httpFailure(500, "internal", "unexpected failure")
  }
  const tag = error._tag
  const details = fields(error)
  if (tag === "NotFound") return httpFailure(404, "not_found", `${String(details.entity ?? "resource")} not found`)
  if (tag === "InsufficientStockForOrder") {
    const lines = (details.lines as ReadonlyArray<{ sku: string; requested: number; available: number }>) ?? []
    return httpFailure(409, "insufficient_stock", "not enough stock for every line", {
      lines: lines.map((l) => ({ sku: l.sku, requested: l.requested, available: l.available }))
    })
  }
  if (tag === "MissingFields") {
    const missing = (details.fields as ReadonlyArray<string>) ?? []
    return httpFailure(422, "missing_fields", `missing: ${missing.join(", ")}`, { fields: missing })
  }
  const raw = (error as { message?: unknown }).message
  const reason = typeof details.reason === "string" ? details.reason : undefined
  const field = typeof details.field === "string" ? `${details.field}: ` : ""
  const message =
    typeof raw === "string" && raw !== "" && raw !== tag ? raw : reason === undefined ? tag : `${field}${reason}`
  return httpFailure(statusByTag[tag] ?? 409, codeOf(tag), message, details)
}

/** Run a handler's effect; success → `ok`, a typed failure → its HTTP error, a defect → 500. */
export const run = async <A, E>(
  c: Context,
  runtime: AppRuntime,
  effect: Effect.Effect<A, E, AppServices>,
  ok: (a: A) => Response
): Promise<Response> => {
  const exit = await runtime.runPromiseExit(effect)
  if (Exit.isSuccess(exit)) return ok(exit.value)
  const error = Cause.findErrorOption(exit.cause)
  if (Option.isSome(error)) return respondFailure(c, failureOf(error.value))
  await runtime.runPromise(Effect.logError("request failed", Cause.pretty(exit.cause))).catch(() => {})
  return failWith(c, 500, "internal", "the server failed to handle the request")
}

/**
 * The request body decoded with `schema`: 413 over 1 MiB, 400 not JSON, 422 not the schema (naming the
 * path). `options` may make unknown keys a 422 too (`{ onExcessProperty: "error" }`).
 */
export const decodeBody = async <S extends Schema.Top>(
  c: Context,
  schema: S,
  options: { readonly onExcessProperty?: "ignore" | "error" } = {}
): Promise<{ readonly ok: true; readonly value: S["Type"] } | { readonly ok: false; readonly response: Response }> => {
  const body = await readRawBody(c.req.raw)
  if (!body.ok) return { ok: false, response: failWith(c, 413, "payload_too_large", "the body is over 1 MiB") }
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder().decode(body.bytes))
  } catch {
    return { ok: false, response: failWith(c, 400, "malformed_json", "the body is not valid JSON") }
  }
  const decoded = Schema.decodeUnknownResult(schema as unknown as Schema.Codec<S["Type"], unknown>)(json, {
    errors: "all",
    ...options
  })
  if (Result.isFailure(decoded)) {
    return {
      ok: false,
      response: failWith(c, 422, "invalid_request", decoded.failure.message.split("\n").slice(0, 8).join("; "))
    }
  }
  return { ok: true, value: decoded.success }
}
