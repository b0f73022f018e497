// The B1/B5 server child (forked by bench/b1.ts bundled, with production's Node flags and --expose-gc): `BENCH_MODE=ingest` is the real webhook
// app (makeApp over memory stores + Redis dedupe + BullMQ, as main.ts wires it with REDIS_URL) under a
// unique key prefix; `BENCH_MODE=bare` is a bare Hono route returning 200 on the same @hono/node-server.
import type { Server } from "node:http"
import { createRequire } from "node:module"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { ChannelAccount, ChannelAccountId, TenantId } from "@chatshop/domain"
import { Effect, ManagedRuntime } from "effect"
import { makeApp } from "../packages/app-server/src/app.ts"
import { memoryWithRedis } from "../packages/app-server/src/layers.ts"

type Fetch = (request: Request) => Response | Promise<Response>
type Serve = (options: { fetch: Fetch; port: number; hostname: string }, listening?: () => void) => Server
interface BareContext {
  json: (body: unknown, status?: number) => Response
}
interface BareHono {
  post: (path: string, handler: (c: BareContext) => Response) => unknown
  fetch: Fetch
}

export const BENCH_PHONE_NUMBER_ID = "106540352242922"
export const BENCH_APP_SECRET = "bench-app-secret"

// hono and @hono/node-server are app-server's dependencies: resolve them from its package, not the root
// (the repository root comes from bench/b1.ts: this file also runs bundled, from bench/dist/).
const root = process.env.CHATSHOP_BENCH_ROOT ?? fileURLToPath(new URL("../", import.meta.url))
const fromAppServer = createRequire(join(root, "packages/app-server/package.json"))
const load = async <A>(specifier: string): Promise<A> =>
  (await import(pathToFileURL(fromAppServer.resolve(specifier)).href)) as A

const send = (message: Record<string, unknown>) => process.send?.(message)

const main = async () => {
  const mode = process.env.BENCH_MODE ?? "bare"
  const { serve } = await load<{ serve: Serve }>("@hono/node-server")
  let fetch: Fetch
  let dispose = async () => {}
  if (mode === "ingest") {
    const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379"
    const prefix = process.env.BENCH_PREFIX ?? "chatshop-bench"
    const runtime = ManagedRuntime.make(memoryWithRedis({ url, prefix }))
    await runtime.runPromise(
      Effect.gen(function* () {
        const repo = yield* ChannelAccount.ChannelAccountRepository
        return yield* repo.create({
          id: ChannelAccountId.make("ch-bench-wa"),
          tenantId: TenantId.make("shop-bench"),
          managers: [],
          type: "whatsapp",
          phoneNumberId: BENCH_PHONE_NUMBER_ID,
          verifyToken: "bench-verify",
          secrets: { appSecret: BENCH_APP_SECRET, accessToken: "bench-access" }
        })
      })
    )
    fetch = makeApp(runtime).fetch
    dispose = () => runtime.dispose()
  } else {
    const { Hono } = await load<{ Hono: new () => BareHono }>("hono")
    const app = new Hono()
    app.post("/webhooks/whatsapp", (c) => c.json({ status: "ok" }, 200))
    fetch = app.fetch
  }
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s))
  })
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  process.on("message", (message: { type?: string }) => {
    if (message.type === "rss") {
      // Idle figure: collect garbage twice, then let the allocator settle before reading RSS.
      const gc = (globalThis as { gc?: () => void }).gc
      gc?.()
      setTimeout(() => {
        gc?.()
        setTimeout(() => send({ type: "rss", rss: process.memoryUsage().rss, usage: process.memoryUsage() }), 500)
      }, 500)
    } else if (message.type === "stop") {
      server.close()
      server.closeAllConnections()
      void dispose().finally(() => process.exit(0))
    }
  })
  send({ type: "ready", port, mode })
}

// Only when forked: bench/b1.ts imports this module for the account's constants.
if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
    process.exit(1)
  })
}
