import { createHash } from "node:crypto"
import { Hono } from "hono"
import { dashboardPage, dashboardStyle } from "./Page.ts"
import { dashboardScript } from "./Script.ts"

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`

/**
 * Only the page's own inline style and script run (allowed by hash, so no nonce per response), it
 * talks only to this origin, and no form can post the pasted key anywhere.
 */
export const dashboardCsp = [
  "default-src 'none'",
  `script-src ${sha256(dashboardScript)}`,
  `style-src ${sha256(dashboardStyle)}`,
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join("; ")

/** SPEC §5 `GET /dashboard`: the merchant dashboard page; all its data comes from `/api/v1`. */
export const dashboardRoutes = () => {
  const app = new Hono()
  app.get("/dashboard", (c) => {
    c.header("content-security-policy", dashboardCsp)
    c.header("x-content-type-options", "nosniff")
    c.header("referrer-policy", "no-referrer")
    c.header("cache-control", "no-store")
    return c.html(dashboardPage)
  })
  return app
}
