/** SPEC §5: webhook and API bodies over 1 MiB are refused with 413. */
export const MAX_BODY_BYTES = 1024 * 1024

export type RawBody = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false }

/**
 * The raw request body, refusing more than `limit` bytes: first by Content-Length, then by counting
 * the streamed bytes (a chunked body, or a client lying about its length), so we never buffer more.
 */
export const readRawBody = async (request: Request, limit = MAX_BODY_BYTES): Promise<RawBody> => {
  const declared = request.headers.get("content-length")
  if (declared !== null && (!/^\d+$/.test(declared) || Number(declared) > limit)) return { ok: false }
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
