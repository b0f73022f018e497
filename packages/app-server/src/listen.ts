import type { IncomingMessage, Server } from "node:http"
import type { Socket } from "node:net"
import { StartFailed } from "@chatshop/adapters/config"
import { type ServerType, serve } from "@hono/node-server"
import { Effect } from "effect"

const eventStream = /^\/chat\/[^/?]+\/events(?:\?|$)/

/**
 * Serves `fetch` on `hostname:port` for the scope's lifetime; a port that is taken fails the start.
 * Closing stops taking connections and lets requests in flight finish. Web chat event streams
 * (`GET /chat/:tenant/events`) never finish, so they are cut at once (browsers reconnect to
 * another server), and anything still open after 2 s is closed too.
 */
export const listen = (fetch: (request: Request) => Response | Promise<Response>, port: number, hostname: string) =>
  Effect.acquireRelease(
    Effect.callback<{ readonly server: ServerType; readonly streams: Set<Socket> }, StartFailed>((resume) => {
      const server = serve({ fetch, port, hostname }, () => resume(Effect.succeed({ server, streams })))
      const streams = trackStreams(server as Server)
      server.once("error", (error) =>
        resume(Effect.fail(new StartFailed({ message: `cannot listen on ${hostname}:${port}: ${error.message}` })))
      )
    }),
    ({ server, streams }) =>
      Effect.callback<void>((resume) => {
        const http = server as Server
        for (const stream of streams) stream.destroy()
        const force = setTimeout(() => http.closeAllConnections(), 2_000)
        http.close(() => {
          clearTimeout(force)
          // Closed streams' handlers still unsubscribe through the runtime: give them a tick before it goes.
          setTimeout(() => resume(Effect.void), 100)
        })
        http.closeIdleConnections()
      })
  ).pipe(Effect.map(({ server }) => server))

/** The sockets of the server's open web chat event streams. */
const trackStreams = (server: Server) => {
  const streams = new Set<Socket>()
  server.on("request", (request: IncomingMessage) => {
    if (request.method !== "GET" || !eventStream.test(request.url ?? "")) return
    const socket = request.socket
    streams.add(socket)
    socket.once("close", () => streams.delete(socket))
  })
  return streams
}
