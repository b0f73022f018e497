import type { Schema } from "effect"

/** One admin route as the OpenAPI document shows it; routers declare these next to their handlers. */
export interface RouteDoc {
  readonly method: "get" | "post" | "patch" | "delete"
  /** OpenAPI form: `/api/v1/orders/{id}`. */
  readonly path: string
  readonly summary: string
  readonly auth: "apiKey" | "admin" | "none"
  readonly body?: Schema.Top
  /** The body's unknown keys are refused (422) rather than dropped: documented as closed objects. */
  readonly strict?: boolean
  readonly success: 200 | 201 | 202 | 204
  readonly query?: ReadonlyArray<string>
}
