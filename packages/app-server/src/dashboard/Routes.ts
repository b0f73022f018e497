import { Hono } from "hono"
import { inlinePageCsp } from "../csp.ts"
import { dashboardPage, dashboardStyle } from "./Page.ts"
import { dashboardScript } from "./Script.ts"

/** The dashboard's own style and script only, this origin only, and never inside another site's frame. */
export const dashboardCsp = inlinePageCsp({ script: dashboardScript, style: dashboardStyle }, [
  "frame-ancestors 'none'"
])

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
