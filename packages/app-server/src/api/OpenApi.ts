import { Schema } from "effect"
import { channelDocs } from "./Channels.ts"
import { conversationDocs } from "./Conversations.ts"
import type { RouteDoc } from "./Docs.ts"
import { offerDocs } from "./Offers.ts"
import { orderDocs } from "./Orders.ts"
import { productDocs } from "./Products.ts"
import { tenantDocs } from "./Tenants.ts"

/** Every admin route, as declared by its router. */
export const apiRoutes: ReadonlyArray<RouteDoc> = [
  ...tenantDocs,
  ...channelDocs,
  ...productDocs,
  ...orderDocs,
  ...offerDocs,
  ...conversationDocs
]

const WebchatMessage = Schema.Struct({
  customerId: Schema.String,
  text: Schema.String,
  id: Schema.optionalKey(Schema.String),
  name: Schema.optionalKey(Schema.String)
}).annotate({ identifier: "WebchatMessage" })

/** The server's other routes: health and the SPEC §5 webhooks (their bodies are the platforms'). */
export const otherRoutes: ReadonlyArray<RouteDoc> = [
  { method: "get", path: "/health", summary: "Liveness: always 200 {status: ok}", auth: "none", success: 200 },
  {
    method: "get",
    path: "/ready",
    summary: "200 when the database (and Redis) answer, else 503 naming what is down",
    auth: "none",
    success: 200
  },
  { method: "get", path: "/api/v1/openapi.json", summary: "This document", auth: "none", success: 200 },
  {
    method: "get",
    path: "/webhooks/whatsapp",
    summary: "Meta verification: hub.challenge when hub.verify_token matches",
    auth: "none",
    success: 200,
    query: ["hub.mode", "hub.verify_token", "hub.challenge"]
  },
  {
    method: "post",
    path: "/webhooks/whatsapp",
    summary: "WhatsApp Cloud webhook (X-Hub-Signature-256)",
    auth: "none",
    success: 200
  },
  {
    method: "get",
    path: "/webhooks/messenger",
    summary: "Meta verification for Messenger/Instagram",
    auth: "none",
    success: 200,
    query: ["hub.mode", "hub.verify_token", "hub.challenge"]
  },
  {
    method: "post",
    path: "/webhooks/messenger",
    summary: "Messenger/Instagram webhook (X-Hub-Signature-256)",
    auth: "none",
    success: 200
  },
  {
    method: "post",
    path: "/webhooks/telegram/{accountId}",
    summary: "Telegram webhook (X-Telegram-Bot-Api-Secret-Token)",
    auth: "none",
    success: 200
  },
  {
    method: "post",
    path: "/webhooks/tiktok",
    summary: "TikTok webhook (Tiktok-Signature: t=…,s=…)",
    auth: "none",
    success: 200
  },
  {
    method: "post",
    path: "/webhooks/greenapi/{accountId}",
    summary: "GREEN-API webhook (Authorization: Bearer <webhook token>)",
    auth: "none",
    success: 200
  },
  {
    method: "get",
    path: "/",
    summary: "The web chat page (?shop=<tenant id>)",
    auth: "none",
    success: 200,
    query: ["shop"]
  },
  {
    method: "get",
    path: "/dashboard",
    summary: "The merchant dashboard page (HTML; it calls this API with the pasted API key)",
    auth: "none",
    success: 200
  },
  {
    method: "post",
    path: "/chat/{tenant}/messages",
    summary: "A web chat customer's message {customerId, text, id?, name?} → 202",
    auth: "none",
    body: WebchatMessage,
    success: 202
  },
  {
    method: "get",
    path: "/chat/{tenant}/events",
    summary: "Server-sent events: the replies to ?customer= (resumes after Last-Event-ID)",
    auth: "none",
    success: 200,
    query: ["customer", "since"]
  }
]

const ErrorBody = Schema.Struct({
  error: Schema.Struct({ code: Schema.String, message: Schema.String })
}).annotate({ identifier: "Error" })

type Json = Record<string, unknown>

// Per API key, and per address after repeated rejected credentials (src/api/RateLimit.ts).
const rateLimited = (errorRef: unknown): Json => ({
  description: "rate limited (code rate_limited); retry after Retry-After seconds",
  headers: { "Retry-After": { description: "seconds to wait, at least 1", schema: { type: "integer", minimum: 1 } } },
  content: { "application/json": { schema: errorRef } }
})

// Effect emits draft 2020-12 with `$defs`; OpenAPI 3.1 keeps shared schemas under components.
const relocate = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'))

/** OpenAPI 3.1, generated from the same Schemas that decode the requests. */
export const openApiDocument = (): Json => {
  const schemas: Json = {}
  const schemaOf = (schema: Schema.Top, strict = false): unknown => {
    const doc = Schema.toJsonSchemaDocument(schema, { onExcessProperty: strict ? "error" : "ignore" })
    for (const [name, definition] of Object.entries(doc.definitions)) schemas[name] = relocate(definition)
    return relocate(doc.schema)
  }
  const errorRef = schemaOf(ErrorBody)
  const paths: Record<string, Json> = {}
  for (const route of [...otherRoutes, ...apiRoutes]) {
    const parameters = [
      ...[...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
        name: m[1],
        in: "path",
        required: true,
        schema: { type: "string" }
      })),
      ...(route.query ?? []).map((name) => ({ name, in: "query", required: false, schema: { type: "string" } }))
    ]
    const operation: Json = {
      summary: route.summary,
      operationId: `${route.method}${route.path.replace(/[^a-zA-Z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ?? "").toUpperCase())}`,
      ...(parameters.length === 0 ? {} : { parameters }),
      security: route.auth === "none" ? [] : [{ [route.auth === "admin" ? "adminToken" : "apiKey"]: [] }],
      ...(route.body === undefined
        ? {}
        : {
            requestBody: {
              required: true,
              content: { "application/json": { schema: schemaOf(route.body, route.strict) } }
            }
          }),
      responses: {
        [String(route.success)]: { description: "success", content: { "application/json": { schema: {} } } },
        ...(route.auth === "none" ? {} : { "429": rateLimited(errorRef) }),
        default: { description: "error", content: { "application/json": { schema: errorRef } } }
      }
    }
    paths[route.path] = { ...(paths[route.path] ?? {}), [route.method]: operation }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "chatshop admin API",
      version: "1.0.0",
      description: 'Money is {"amount": "59.90", "currency": "USD"}; errors are {"error": {"code", "message"}}.'
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "A tenant API key (owner, staff or viewer)" },
        adminToken: { type: "http", scheme: "bearer", description: "The platform ADMIN_TOKEN" }
      }
    }
  }
}
