import type { IncomingMessage } from "node:http"
import type { Context } from "hono"

/** SPEC §5: webhook and API bodies over 1 MiB are refused with 413. */
export const MAX_BODY_BYTES = 1024 * 1024

export type RawBody = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false }

const declaredTooLarge = (declared: string | null | undefined, limit: number): boolean =>
  declared !== null && declared !== undefined && (!/^\d+$/.test(declared) || Number(declared) > limit)

/**
 * The raw body of a request that @hono/node-server is serving, read straight from Node's
 * `IncomingMessage` (no WHATWG Request and stream built per request: SPEC §8 B1); any other
 * runtime (tests calling `app.fetch`) goes through `readRawBody`. Same limits and answers.
 */
export const readBody = (c: Context, limit = MAX_BODY_BYTES): Promise<RawBody> => {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  if (incoming === undefined || typeof incoming.on !== "function" || incoming.readableDidRead) {
    return readRawBody(c.req.raw, limit)
  }
  return readIncoming(incoming, limit)
}

const readIncoming = (incoming: IncomingMessage, limit: number): Promise<RawBody> =>
  new Promise((resolve, reject) => {
    if (declaredTooLarge(incoming.headers["content-length"], limit)) return resolve({ ok: false })
    const chunks: Array<Buffer> = []
    let size = 0
    const stop = () => {
      incoming.off("data", onData)
      incoming.off("end", onEnd)
      incoming.off("error", onError)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength
      if (size > limit) {
        stop()
        // The rest is discarded as it arrives (nothing more is buffered), so the client can finish
        // sending and read the 413; @hono/node-server caps that drain and then closes the socket.
        incoming.resume()
        return resolve({ ok: false })
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      stop()
      resolve({ ok: true, bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size) })
    }
    const onError = (error: Error) => {
      stop()
      reject(error)
    }
    incoming.on("data", onData)
    incoming.on("end", onEnd)
    incoming.on("error", onError)
  })

/**
 * The raw request body, refusing more than `limit` bytes: first by Content-Length, then by counting
 * the streamed bytes (a chunked body, or a client lying about its length), so we never buffer more.
 */
export const readRawBody = async (request: Request, limit = MAX_BODY_BYTES): Promise<RawBody> => {
  if (declaredTooLarge(request.headers.get("content-length"), limit)) return { ok: false }
  if (request.body === null) return { ok: true, bytes: new Uint8Array(0) }
  const reader = request.body.getReader()
  const chunks: Array<Uint8Array> = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => {})
      return { ok: false }
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return { ok: true, bytes }
}
