import type { Context } from "hono"
import type { ContentfulStatusCode } from "hono/utils/http-status"

/** SPEC §5 error shape: `{"error": {"code", "message", ...details}}`. */
export const errorBody = (code: string, message: string, details: Record<string, unknown> = {}) => ({
  error: { code, message, ...details }
})

export const failWith = (
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  details: Record<string, unknown> = {}
) => c.json(errorBody(code, message, details), status)

/** A failure a handler maps to HTTP: status, code and message, plus optional details. */
export interface HttpFailure {
  readonly status: ContentfulStatusCode
  readonly code: string
  readonly message: string
  readonly details?: Record<string, unknown>
}

export const httpFailure = (
  status: ContentfulStatusCode,
  code: string,
  message: string,
  details?: Record<string, unknown>
): HttpFailure => (details === undefined ? { status, code, message } : { status, code, message, details })

export const respondFailure = (c: Context, f: HttpFailure) => failWith(c, f.status, f.code, f.message, f.details)
