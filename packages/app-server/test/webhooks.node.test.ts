// The webhook routes behind a real @hono/node-server, where the body is read straight from Node's
// IncomingMessage (src/webhooks/Body.ts `readBody`): the same answers as through `app.fetch`.
import { request } from "node:http"
import { type AddressInfo, connect } from "node:net"
import { type ServerType, serve } from "@hono/node-server"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { authHeaders, makeHarness, messageBody, pathOf, platforms } from "./harness.ts"

let h: Awaited<ReturnType<typeof makeHarness>>
let server: ServerType
let port = 0

beforeAll(async () => {
  h = await makeHarness()
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: h.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s))
  })
  port = (server.address() as AddressInfo).port
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await h.dispose()
})

/** POST over a real socket; `chunks` are written one by one (chunked encoding unless `length` is set). */
const post = (path: string, headers: Record<string, string>, chunks: ReadonlyArray<Buffer | string>) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    // A fresh connection each time: a refused body left unread must not poison the next request.
    const req = request({ host: "127.0.0.1", port, path, method: "POST", headers, agent: false }, (res) => {
      let body = ""
      res.setEncoding("utf8")
      res.on("data", (chunk: string) => {
        body += chunk
      })
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }))
    })
    // The server may answer (413) and close before the whole body is written.
    req.on("error", (error: NodeJS.ErrnoException) =>
      error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error)
    )
    for (const chunk of chunks) req.write(chunk)
    req.end()
  })

describe("webhooks over a real Node server", () => {
  it.each(platforms)("%s: a signed webhook → 200 and one job; the same again → a duplicate", async (platform) => {
    const raw = JSON.stringify(messageBody(platform, `node-${platform}`))
    const headers = { "content-type": "application/json", ...authHeaders(platform, raw) }
    const first = await post(pathOf(platform), headers, [raw.slice(0, 40), raw.slice(40)])
    expect(first.status, first.body).toBe(200)
    expect(JSON.parse(first.body)).toMatchObject({ accepted: 1, duplicates: 0 })
    const again = await post(pathOf(platform), headers, [raw])
    expect(JSON.parse(again.body)).toMatchObject({ accepted: 0, duplicates: 1 })
  })

  it("a declared Content-Length over 1 MiB → 413 before the body is read", async () => {
    const response = await post(
      pathOf("whatsapp"),
      { "content-type": "application/json", "content-length": String(1024 * 1024 + 1) },
      ["{"]
    )
    expect(response.status).toBe(413)
    expect(JSON.parse(response.body).error.code).toBe("payload_too_large")
  })

  it("a chunked body (no Content-Length) that grows past 1 MiB → 413", async () => {
    // A raw socket: HTTP clients wait to finish sending before they read an early answer.
    const response = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1")
      let received = ""
      socket.setEncoding("utf8")
      socket.on("data", (data: string) => {
        received += data
        const end = received.indexOf("\r\n\r\n")
        const length = /content-length: (\d+)/i.exec(received)?.[1]
        if (end >= 0 && length !== undefined && received.length >= end + 4 + Number(length)) {
          socket.destroy()
          resolve(received)
        }
      })
      socket.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" ? undefined : reject(error)))
      socket.write(
        `POST ${pathOf("whatsapp")} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n` +
          `x-hub-signature-256: sha256=${"0".repeat(64)}\r\ntransfer-encoding: chunked\r\n\r\n`
      )
      const chunk = " ".repeat(64 * 1024)
      for (let i = 0; i < 20 && !socket.destroyed; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)
    })
    expect(response.split("\r\n")[0]).toBe("HTTP/1.1 413 Payload Too Large")
    expect(JSON.parse(response.slice(response.indexOf("\r\n\r\n") + 4)).error.code).toBe("payload_too_large")
  })

  it("a bad signature over a real socket → 401", async () => {
    const raw = JSON.stringify(messageBody("whatsapp", "node-bad"))
    const response = await post(
      pathOf("whatsapp"),
      { "content-type": "application/json", "x-hub-signature-256": `sha256=${"ab".repeat(32)}` },
      [raw]
    )
    expect(response.status).toBe(401)
  })
})
