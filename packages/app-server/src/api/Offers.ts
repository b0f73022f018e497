import {
  BusinessId,
  ClaimId,
  CustomerId,
  IdGenerator,
  Money,
  Offer,
  OfferId,
  type TenantId,
  TenantId as TenantIdSchema,
  timestamp
} from "@chatshop/domain"
import { Effect, type Redacted, Result, Schema } from "effect"
import { Hono } from "hono"
import { failWith } from "../http.ts"
import type { AppRuntime } from "../runtime.ts"
import { type ApiEnv, apiKeyAuth, isAdmin, requireRole } from "./Auth.ts"
import type { RouteDoc } from "./Docs.ts"
import { iso } from "./Json.ts"
import { decodeBody, run } from "./Run.ts"
import { ClaimOffer, CreateBusiness, CreateOffer, PatchOffer } from "./Schemas.ts"

/** An amount or a time in the body that cannot be used (422). */
export class InvalidOfferInput extends Schema.TaggedError<InvalidOfferInput>()("InvalidOfferInput", {
  message: Schema.String
}) {}

const path = (p: string) => `/api/v1/offers${p}`
export const offerDocs: ReadonlyArray<RouteDoc> = [
  {
    method: "post",
    path: "/api/v1/businesses",
    summary: "Submit a business (venue) for verification",
    auth: "apiKey",
    body: CreateBusiness,
    success: 201
  },
  {
    method: "post",
    path: "/api/v1/admin/tenants/{tenantId}/businesses/{id}/verify",
    summary: "Verify a business (platform ADMIN_TOKEN)",
    auth: "admin",
    success: 200
  },
  { method: "post", path: path(""), summary: "Create a draft offer", auth: "apiKey", body: CreateOffer, success: 201 },
  { method: "get", path: path(""), summary: "List offers", auth: "apiKey", success: 200 },
  { method: "get", path: path("/{id}"), summary: "One offer", auth: "apiKey", success: 200 },
  {
    method: "patch",
    path: path("/{id}"),
    summary: "Edit an offer (quantity never below what is claimed)",
    auth: "apiKey",
    body: PatchOffer,
    success: 200
  },
  {
    method: "post",
    path: path("/{id}/publish"),
    summary: "Publish (verified business, future window, quantity > 0)",
    auth: "apiKey",
    success: 200
  },
  { method: "post", path: path("/{id}/pause"), summary: "Pause", auth: "apiKey", success: 200 },
  { method: "post", path: path("/{id}/resume"), summary: "Resume", auth: "apiKey", success: 200 },
  { method: "post", path: path("/{id}/sold-out"), summary: "Force sold out", auth: "apiKey", success: 200 },
  {
    method: "post",
    path: path("/{id}/claims"),
    summary: "Claim units for a customer → 201, or 409",
    auth: "apiKey",
    body: ClaimOffer,
    success: 201
  }
]

const invalid = (message: string) => new InvalidOfferInput({ message })
const money = (json: Money.MoneyJson) =>
  Effect.suspend(() => {
    const m = Money.fromJson(json)
    return Result.isSuccess(m) ? Effect.succeed(m.success) : Effect.fail(invalid(`bad amount: ${json.amount}`))
  })
const time = (text: string) =>
  Effect.suspend(() => {
    const ms = Date.parse(text)
    return Number.isNaN(ms) ? Effect.fail(invalid(`not a date-time: ${text}`)) : Effect.succeed(timestamp(ms))
  })
const window = (w: { readonly startsAt: string; readonly endsAt: string }) =>
  Effect.all({ startsAt: time(w.startsAt), endsAt: time(w.endsAt) })

export const offerJson = (o: Offer.Offer) => ({
  ...o,
  price: Money.toJson(o.price),
  ...(o.originalPrice === undefined ? {} : { originalPrice: Money.toJson(o.originalPrice) }),
  remaining: o.quantity - o.claimed,
  window: { startsAt: iso(o.window.startsAt), endsAt: iso(o.window.endsAt) },
  createdAt: iso(o.createdAt)
})

export const businessRoutes = (runtime: AppRuntime) => {
  const app = new Hono<ApiEnv>()
  app.use("*", apiKeyAuth(runtime), requireRole())
  app.post("/", async (c) => {
    const body = await decodeBody(c, CreateBusiness)
    if (!body.ok) return body.response
    const effect = Effect.gen(function* () {
      const businessId = BusinessId.make(yield* (yield* IdGenerator).next("biz"))
      return yield* (yield* Offer.Businesses).submit(c.get("tenantId"), { businessId, name: body.value.name })
    })
    return run(c, runtime, effect, (b) => c.json(b, 201))
  })
  return app
}

/** Platform-admin routes: verifying a business is the platform's call, not the shop's. */
export const platformRoutes = (runtime: AppRuntime, adminToken: Redacted.Redacted<string> | undefined) => {
  const app = new Hono()
  app.post("/tenants/:tenantId/businesses/:id/verify", async (c) => {
    if (!isAdmin(c, adminToken)) return failWith(c, 401, "unauthorized", "the platform ADMIN_TOKEN is required")
    const tenantId = TenantIdSchema.make(c.req.param("tenantId"))
    const effect = Offer.Businesses.use((b) => b.verify(tenantId, BusinessId.make(c.req.param("id"))))
    return run(c, runtime, effect, (b) => c.json(b))
  })
  return app
}

export const offerRoutes = (runtime: AppRuntime) => {
  const app = new Hono<ApiEnv>()
  app.use("*", apiKeyAuth(runtime), requireRole())
  const id = (raw: string) => OfferId.make(raw)
  const change = (f: (s: Offer.Offers["Service"]) => Effect.Effect<Offer.OfferChange, unknown>) =>
    Offer.Offers.use(f).pipe(Effect.map((ch) => offerJson(ch.state)))

  app.post("/", async (c) => {
    const body = await decodeBody(c, CreateOffer)
    if (!body.ok) return body.response
    const b = body.value
    const effect = Effect.gen(function* () {
      const offerId = OfferId.make(yield* (yield* IdGenerator).next("off"))
      const price = yield* money(b.price)
      const originalPrice = b.originalPrice === undefined ? undefined : yield* money(b.originalPrice)
      return yield* (yield* Offer.Offers).create(c.get("tenantId"), {
        offerId,
        businessId: BusinessId.make(b.businessId),
        title: b.title,
        ...(b.description === undefined ? {} : { description: b.description }),
        price,
        ...(originalPrice === undefined ? {} : { originalPrice }),
        quantity: b.quantity,
        window: yield* window(b.window)
      })
    })
    return run(c, runtime, effect, (o) => c.json(offerJson(o), 201))
  })
  app.get("/", async (c) =>
    run(
      c,
      runtime,
      Offer.OfferRepository.use((r) => r.list(c.get("tenantId"))),
      (list) => c.json(list.map(offerJson))
    )
  )
  app.get("/:id", async (c) =>
    run(
      c,
      runtime,
      Offer.OfferRepository.use((r) => r.get(c.get("tenantId"), id(c.req.param("id")))),
      (o) => c.json(offerJson(o))
    )
  )
  app.patch("/:id", async (c) => {
    const body = await decodeBody(c, PatchOffer)
    if (!body.ok) return body.response
    const p = body.value
    const effect = Effect.gen(function* () {
      const patch = {
        ...(p.title === undefined ? {} : { title: p.title }),
        ...(p.description === undefined ? {} : { description: p.description }),
        ...(p.price === undefined ? {} : { price: yield* money(p.price) }),
        ...(p.quantity === undefined ? {} : { quantity: p.quantity }),
        ...(p.window === undefined ? {} : { window: yield* window(p.window) })
      }
      return yield* change((s) => s.edit(c.get("tenantId"), id(c.req.param("id")), patch))
    })
    return run(c, runtime, effect, (o) => c.json(o))
  })
  const transitions = {
    publish: (s: Offer.Offers["Service"], t: TenantId, o: OfferId) => s.publish(t, o),
    pause: (s: Offer.Offers["Service"], t: TenantId, o: OfferId) => s.pause(t, o),
    resume: (s: Offer.Offers["Service"], t: TenantId, o: OfferId) => s.resume(t, o),
    "sold-out": (s: Offer.Offers["Service"], t: TenantId, o: OfferId) => s.soldOut(t, o)
  } as const
  for (const [name, f] of Object.entries(transitions)) {
    app.post(`/:id/${name}`, async (c) =>
      run(
        c,
        runtime,
        change((s) => f(s, c.get("tenantId"), id(c.req.param("id")))),
        (o) => c.json(o)
      )
    )
  }
  app.post("/:id/claims", async (c) => {
    const body = await decodeBody(c, ClaimOffer)
    if (!body.ok) return body.response
    const effect = Effect.gen(function* () {
      const claimId = ClaimId.make(yield* (yield* IdGenerator).next("clm"))
      const input = { claimId, customerId: CustomerId.make(body.value.customer), qty: body.value.qty }
      const offer = yield* change((s) => s.claim(c.get("tenantId"), id(c.req.param("id")), input))
      return { claimId, offer }
    })
    return run(c, runtime, effect, (r) => c.json(r, 201))
  })
  return app
}
